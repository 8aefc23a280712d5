//! The JavaScript façade: the only wasm-bindgen code in the crate.
//!
//! JS gets an opaque handle, [`Countersign`], holding one verified directory,
//! and a few free functions. Nothing here throws: every call returns data,
//! either `{ok: true, ...}` or `{ok: false, code, message}` where `code` is the
//! stable code of the core's error (`bad-signature`, `expired`, ...) and
//! `message` is the sentence to show a person.
//!
//! ```text
//! const opened = Countersign.openDemo(Date.now() / 1000);
//! if (!opened.ok) show(opened.message);
//! const cs = opened.countersign;
//! const result = cs.verifyNotice(text, { now: Date.now() / 1000 });
//! ```
//!
//! Times are Unix seconds as JS numbers (fractions are dropped). Objects
//! crossing the boundary use camelCase names, except the directory contents,
//! which keep the field names of the signed format (`docs/protocol.md`).
//!
//! Size matters more here than anywhere: no panic hook, no `format!` on the
//! hot paths, and results go through `serde-wasm-bindgen` rather than JSON
//! text. Arguments are read property by property (the detection engine's in
//! `args`), which leaves serde-wasm-bindgen's deserializer out of the
//! extension's package.

#[cfg(feature = "detect")]
use std::cell::OnceCell;

use js_sys::{Array, Object, Reflect};
#[cfg(feature = "sign")]
use serde::Deserialize;
use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::prelude::*;
#[cfg(feature = "sign")]
use zeroize::Zeroizing;

use crate::demo;
#[cfg(feature = "detect")]
use crate::detect::{Engine, Report, Scan, ScanReport, VendorSet};
#[cfg(feature = "sign")]
use crate::directory::Channel;
use crate::directory::{AcceptedState, UnixTime, VerifiedDirectory};
use crate::display::shown_within;
use crate::keys::PublicKey;
#[cfg(feature = "sign")]
use crate::keys::SecretKey;
use crate::notice::{
    check_message, find_notices, Encoding, MessageInput, NoticeError, NoticeFormatError,
    NoticeState, NoticeSummary, SignedNotice, Timing,
};
#[cfg(feature = "sign")]
use crate::notice::{issue_notice, NoticeRequest};
use crate::phone;

#[cfg(feature = "detect")]
mod args;

/// A verified vendor directory, ready to verify and sign notices.
///
/// Made by `Countersign.openDemo` or `Countersign.openDirectory`; free it
/// with `free()` when done (or let the finalizer do it).
///
/// A handle holds one vendor (`openDemo`, `openDirectory`) or several
/// (`openVendors`): notices are verified against the vendor that signed
/// them, and pages are judged against every vendor at once.
#[wasm_bindgen]
pub struct Countersign {
    /// The trusted directories; the first is the one signing and key
    /// inspection use (the console works for one vendor).
    directories: Vec<VerifiedDirectory>,
    /// The detection engines, built on first use: most callers only verify.
    #[cfg(feature = "detect")]
    vendors: OnceCell<VendorSet>,
}

#[wasm_bindgen]
impl Countersign {
    /// Opens the embedded demo directory (Northwind Security), verified
    /// against the embedded demo root key at `now`.
    #[wasm_bindgen(js_name = openDemo)]
    pub fn open_demo(now: f64) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        match demo::directory(now) {
            Ok(directory) => opened(directory),
            Err(e) => failure(e.code(), &e.to_string()),
        }
    }

    /// Opens a signed directory envelope (JSON text), verified against the
    /// pinned root key (`CSPK1.` text) at `now`. `accepted` is the `state`
    /// the caller saved from the last directory it accepted
    /// (`{sequence, digest}`), or `undefined`; an older or conflicting
    /// directory is then refused (`rollback`, `equivocation`).
    #[wasm_bindgen(js_name = openDirectory)]
    pub fn open_directory(
        envelope_json: &str,
        root_key: &str,
        now: f64,
        accepted: JsValue,
    ) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        let root = match PublicKey::parse(root_key) {
            Ok(root) => root,
            Err(e) => return failure(e.code(), &e.to_string()),
        };
        let accepted: Option<AcceptedState> = if accepted.is_undefined() || accepted.is_null() {
            None
        } else {
            match accepted_state(&accepted) {
                Some(state) => Some(state),
                None => return failure("bad-argument", BAD_ACCEPTED),
            }
        };
        match VerifiedDirectory::verify(envelope_json.as_bytes(), &root, now, accepted.as_ref()) {
            Ok(directory) => opened(directory),
            Err(e) => failure(e.code(), &e.to_string()),
        }
    }

    /// Every vendor of this handle: `[{ok, name, id, directory, state, root,
    /// rootKeyId}]`, as `directory()` describes each.
    pub fn vendors(&self) -> Array {
        self.directories.iter().map(directory_view).collect()
    }

    /// The directory: `{ok, directory, state, root, rootKeyId}`. `directory`
    /// is the signed body as published; `state` is what to save to refuse a
    /// rollback later; `root` is the root key that signed it (pin it from now
    /// on: after a rotation it differs from the key the caller pinned).
    pub fn directory(&self) -> JsValue {
        directory_view(self.primary())
    }

    /// Verifies every notice in `text` (a token, an armored block, a verify
    /// link, or a whole message holding them) with the message around it:
    /// a notice verifies a message only when the message matches it
    /// (`crate::notice::message`).
    ///
    /// `options`: `{now, recipient?, body?, sender?}`; `body` is the message
    /// text when given apart from the notice, `sender` the email's sender.
    /// Returns `{ok, state, notices, ...}`: `ok` is true only when there are
    /// notices and every one is `verified`; `state` is the message's
    /// (`verified`, `partly-signed`, `copied`, `incomplete`, `invalid`);
    /// `notices` lists each: `{state, ok, encoding, message, mismatches:
    /// [{code, message}], notice?, status?, code?}` (`notice` whenever the
    /// signature verified, even for a copy). The fields of the decisive
    /// notice (the first verified one, or the first with the message's
    /// state) are repeated at the top: `{status, encoding, notice}` when
    /// verified, else `{code, message, encoding, notice?}`. `status` is
    /// `"valid"`, or `"upcoming"` for a scheduled call checked ahead of its
    /// window. Every string is shown by the display rule (`src/display.rs`).
    #[wasm_bindgen(js_name = verifyNotice)]
    pub fn verify_notice(&self, text: &str, options: JsValue) -> JsValue {
        /// `{now, recipient?, body?, sender?}`, read property by property
        /// (`notice_options`).
        struct Options {
            now: f64,
            recipient: Option<String>,
            body: Option<String>,
            sender: Option<String>,
        }
        #[derive(Serialize)]
        struct MismatchView {
            code: &'static str,
            message: String,
        }
        #[derive(Serialize)]
        struct Item {
            state: &'static str,
            ok: bool,
            encoding: &'static str,
            message: String,
            mismatches: Vec<MismatchView>,
            #[serde(skip_serializing_if = "Option::is_none")]
            notice: Option<NoticeSummary>,
            #[serde(skip_serializing_if = "Option::is_none")]
            status: Option<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<&'static str>,
        }
        #[derive(Serialize)]
        struct View {
            ok: bool,
            state: &'static str,
            encoding: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            status: Option<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            notice: Option<NoticeSummary>,
            #[serde(skip_serializing_if = "Option::is_none")]
            code: Option<&'static str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            message: Option<String>,
            notices: Vec<Item>,
        }
        let read = || -> Result<Options, &'static str> {
            if !options.is_object() {
                return Err("the options must be an object with the time (now)");
            }
            Ok(Options {
                now: property(&options, "now")
                    .as_f64()
                    .ok_or("the time (now) must be a number of seconds")?,
                recipient: optional_string(&options, "recipient")
                    .ok_or("the recipient must be a string")?,
                body: optional_string(&options, "body").ok_or("the body must be a string")?,
                sender: optional_string(&options, "sender").ok_or("the sender must be a string")?,
            })
        };
        let options = match read() {
            Ok(o) => o,
            Err(message) => return failure("bad-argument", message),
        };
        let now = match seconds(options.now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        // A pasted raw email is read as its body, with its sender checked.
        let email = crate::notice::message::read_raw_email(text);
        let input = MessageInput {
            text: email.as_ref().map_or(text, |(body, _)| body.as_str()),
            is_message: true,
            body: non_empty(options.body.as_deref()),
            sender: non_empty(options.sender.as_deref())
                .or_else(|| email.as_ref().and_then(|(_, sender)| sender.as_deref())),
            recipient: non_empty(options.recipient.as_deref()),
            now,
        };
        let (directory, checked) = self.check_with_signer(&input);
        if checked.notices.is_empty() {
            let e = match SignedNotice::parse_token(text) {
                Err(e) => NoticeError::from(e),
                Ok(_) => NoticeError::Format(NoticeFormatError::NotAToken),
            };
            let out = failure(e.code(), &e.to_string());
            set(
                &out,
                "encoding",
                &JsValue::from_str(Encoding::Token.as_str()),
            );
            set(
                &out,
                "state",
                &JsValue::from_str(NoticeState::Invalid.as_str()),
            );
            set(&out, "notices", &Array::new());
            return out;
        }
        let vendor = directory.directory().vendor.name.clone();
        let items: Vec<Item> = checked
            .notices
            .iter()
            .map(|n| {
                let (code, message) = match &n.result {
                    Err(e) if n.state == NoticeState::Invalid => (Some(e.code()), e.to_string()),
                    Err(_) => (Some(n.state.as_str()), n.explanation(&vendor)),
                    Ok(_) if n.state == NoticeState::Verified => (None, n.explanation(&vendor)),
                    Ok(_) => (Some(n.state.as_str()), n.explanation(&vendor)),
                };
                Item {
                    state: n.state.as_str(),
                    ok: n.state == NoticeState::Verified,
                    encoding: n.encoding.as_str(),
                    message: shown_within(&message, 1000),
                    mismatches: n
                        .mismatches
                        .iter()
                        .map(|m| MismatchView {
                            code: m.code(),
                            message: shown_within(&m.to_string(), 600),
                        })
                        .collect(),
                    notice: n.genuine().map(|v| v.summary()),
                    status: n.genuine().map(|v| match v.timing {
                        Timing::Current => "valid",
                        Timing::Upcoming => "upcoming",
                    }),
                    code,
                }
            })
            .collect();
        let state = checked.state().unwrap_or(NoticeState::Invalid);
        let ok = checked.is_verified();
        let decisive = items
            .iter()
            .find(|i| i.state == state.as_str())
            .or(items.first());
        let view = View {
            ok,
            state: state.as_str(),
            encoding: decisive.map_or("token", |i| i.encoding),
            status: decisive.and_then(|i| i.status).filter(|_| ok),
            notice: decisive.and_then(|i| i.notice.clone()),
            code: decisive.and_then(|i| i.code).filter(|_| !ok),
            message: decisive.map(|i| i.message.clone()).filter(|_| !ok),
            notices: items,
        };
        success(&view)
    }
}

/// Key inspection and signing: the signing console's calls, in the
/// verify-only package only (cargo feature `sign`). The extension never
/// signs, and leaving Ed25519 signing, key generation and their request
/// parsing out of its package saves their bytes (docs/benchmarks.md).
#[cfg(feature = "sign")]
#[wasm_bindgen]
impl Countersign {
    /// Reads a staff secret key (`CSSK1.` text or a key file) and says what
    /// the directory allows it: `{ok: true, keyId, public, listed, revoked,
    /// name, team, channels, notBefore, notAfter, maxNoticeLifetime}`. The
    /// key-dependent fields are `null` when the key is not listed.
    #[wasm_bindgen(js_name = inspectKey)]
    pub fn inspect_key(&self, secret_key: &str) -> JsValue {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct View<'a> {
            ok: bool,
            key_id: String,
            public: String,
            listed: bool,
            revoked: bool,
            name: Option<&'a str>,
            team: Option<&'a str>,
            channels: Option<&'a [Channel]>,
            not_before: Option<UnixTime>,
            not_after: Option<UnixTime>,
            max_notice_lifetime: Option<i64>,
        }
        let key = match SecretKey::parse(secret_key) {
            Ok(key) => key,
            Err(e) => return failure(e.code(), &e.to_string()),
        };
        let public = key.public_key();
        let id = public.key_id();
        let key_id = id.to_string();
        let entry = self.primary().key(&id).map(|k| &k.entry);
        success(&View {
            ok: true,
            revoked: self.primary().directory().is_revoked(&key_id),
            key_id,
            public: public.to_string(),
            listed: entry.is_some(),
            name: entry.map(|e| e.name.as_str()),
            team: entry.map(|e| e.team.as_str()),
            channels: entry.map(|e| e.channels.as_slice()),
            not_before: entry.map(|e| e.not_before),
            not_after: entry.map(|e| e.not_after),
            max_notice_lifetime: entry.map(|e| e.max_notice_lifetime),
        })
    }

    /// Signs a notice with a staff secret key (`CSSK1.` text or a key file),
    /// after checking that customers would accept it.
    ///
    /// `request`: `{channel, agent, contact, ticket?, recipient?, body?,
    /// validFor?, windowStart?, windowEnd?, phrase?}` (empty strings count as
    /// absent). Returns `{ok: true, token, armor, link, phrase, id, notice}`.
    #[wasm_bindgen(js_name = signNotice)]
    pub fn sign_notice(&self, secret_key: &str, request: JsValue, now: f64) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        let request: RequestView = match serde_wasm_bindgen::from_value(request) {
            Ok(r) => r,
            Err(e) => return failure("invalid-request", &argument_error(&e)),
        };
        let key = match SecretKey::parse(secret_key) {
            Ok(key) => key,
            Err(e) => return failure(e.code(), &e.to_string()),
        };
        let request = request.into_request();
        match issue_notice(&request, &key, self.primary(), now) {
            Ok(issued) => {
                #[derive(Serialize)]
                struct View<'a> {
                    ok: bool,
                    token: &'a str,
                    armor: &'a str,
                    link: &'a str,
                    phrase: Option<&'a str>,
                    id: &'a str,
                    notice: NoticeSummary,
                }
                let claims = &issued.verified.claims;
                success(&View {
                    ok: true,
                    token: &issued.token,
                    armor: &issued.armor,
                    link: &issued.link,
                    phrase: claims.phrase.as_deref(),
                    id: &claims.id,
                    notice: issued.verified.summary(),
                })
            }
            Err(e) => failure(e.code(), &e.to_string()),
        }
    }
}

/// The detection engine's calls: the extension's package only (cargo
/// feature `detect`).
#[cfg(feature = "detect")]
#[wasm_bindgen]
impl Countersign {
    /// Opens several vendors' signed directories at once:
    /// `entries` is `[{envelope, root, accepted?}]` (as for `openDirectory`).
    /// Returns `{ok, countersign, vendors}` where `vendors` has one result
    /// per entry, in order: `{ok: true, name, id, state, root, rootKeyId}`
    /// or `{ok: false, code, message}`. A directory that does not verify, or
    /// whose brand, domains, addresses or numbers collide with a vendor
    /// opened before it (`vendor-collision`), is left out and the others
    /// still open; `ok` is false only when none opens.
    #[wasm_bindgen(js_name = openVendors)]
    pub fn open_vendors(entries: JsValue, now: f64) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        let entries = match args::vendor_entries(&entries) {
            Ok(entries) => entries,
            Err(message) => return failure("bad-argument", &message),
        };
        let mut vendor_set = VendorSet::new();
        let mut directories = Vec::new();
        let results = Array::new();
        for entry in entries.iter().take(crate::detect::vendors::MAX_VENDORS) {
            let verified = PublicKey::parse(&entry.root)
                .map_err(|e| failure(e.code(), &e.to_string()))
                .and_then(|root| {
                    VerifiedDirectory::verify(
                        entry.envelope.as_bytes(),
                        &root,
                        now,
                        entry.accepted.as_ref(),
                    )
                    .map_err(|e| failure(e.code(), &e.to_string()))
                })
                .and_then(|directory| match vendor_set.add(&directory) {
                    Ok(()) => Ok(directory),
                    Err(e) => Err(failure(e.code(), &e.to_string())),
                });
            match verified {
                Ok(directory) => {
                    results.push(&vendor_view(&directory));
                    directories.push(directory);
                }
                Err(failed) => {
                    results.push(&failed);
                }
            }
        }
        if directories.is_empty() {
            let out = failure("no-vendor", "no vendor directory could be opened");
            set(&out, "vendors", &results);
            return out;
        }
        let handle = Countersign {
            directories,
            vendors: OnceCell::new(),
        };
        let _ = handle.vendors.set(vendor_set);
        let out = ok_object();
        set(&out, "countersign", &JsValue::from(handle));
        set(&out, "vendors", &results);
        out.into()
    }

    /// Analyses a web page (its URL, if known, and its HTML) for
    /// impersonation of the vendor. Returns the engine's report
    /// with `ok: true` added: `{ok, verdict, score, reasons, evidence}`.
    /// The HTML may be a string or a `Uint8Array` of its UTF-8, which
    /// crosses into wasm much faster (`args::text`).
    #[wasm_bindgen(js_name = analysePage)]
    pub fn analyse_page(
        &self,
        url: Option<String>,
        #[wasm_bindgen(unchecked_param_type = "string | Uint8Array")] html: JsValue,
        now: f64,
    ) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        let html = match args::text(&html, "html") {
            Ok(h) => h,
            Err(message) => return failure("bad-argument", &message),
        };
        picked(self.set().analyse_page(url.as_deref(), &html, now))
    }

    /// Analyses a raw email message from its parts, as the mail package's
    /// `readRawEmail` (`dist/pkg-mail`, `src/wasm_mail.rs`) read them: the
    /// same report the CLI gives for the message.
    #[wasm_bindgen(js_name = analyseEmailParts)]
    pub fn analyse_email_parts(&self, parts: JsValue, now: f64) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        let parts = match args::email_parts(&parts) {
            Ok(p) => p,
            Err(message) => return failure("bad-argument", &message),
        };
        picked(self.set().analyse_email_parts(&parts, now))
    }

    /// Analyses a message as a webmail page shows it: the sender's display
    /// name and address, and the body text.
    #[wasm_bindgen(js_name = analyseWebmail)]
    pub fn analyse_webmail(&self, name: &str, address: &str, body: &str, now: f64) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        picked(self.set().analyse_webmail(name, address, body, now))
    }

    /// Analyses a contact point someone gave (a phone number, an address,
    /// a link, or a message quoting them).
    #[wasm_bindgen(js_name = analyseContact)]
    pub fn analyse_contact(&self, text: &str, now: f64) -> JsValue {
        let now = match seconds(now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        picked(self.set().analyse_contact(text, now))
    }

    /// Judges a page scan from the extension's content script against every
    /// vendor (`docs/extension.md` describes the scan). `options`:
    /// `{now, recipients?: string[]}`. Returns the view the extension shows:
    /// `{ok, verdict, vendor, score, confidence, headline, summary, marks,
    /// notices, official, tactics, report}`.
    #[wasm_bindgen(js_name = analyseScan)]
    pub fn analyse_scan(&self, scan: JsValue, options: JsValue) -> JsValue {
        let options = match args::scan_options(&options) {
            Ok(o) => o,
            Err(message) => return failure("bad-argument", &message),
        };
        let now = match seconds(options.now) {
            Ok(now) => now,
            Err(e) => return e,
        };
        let scan: Scan = match args::scan(&scan) {
            Ok(s) => s,
            Err(message) => return failure("bad-argument", &message),
        };
        let recipients: Vec<String> = options
            .recipients
            .iter()
            .take(16)
            .map(|r| r.trim().to_ascii_lowercase())
            .filter(|r| !r.is_empty())
            .collect();
        match self.set().analyse_scan(&scan, &recipients, now) {
            Some((engine, report)) => {
                let view = ScanReport::new(Some(engine), report, scan.message.is_some());
                let out = success(&view);
                set(&out, "ok", &JsValue::TRUE);
                out
            }
            None => failure("no-vendor", "no vendor directory is open"),
        }
    }
}

impl Countersign {
    /// A handle over one directory.
    fn single(directory: VerifiedDirectory) -> Countersign {
        Countersign {
            directories: vec![directory],
            #[cfg(feature = "detect")]
            vendors: OnceCell::new(),
        }
    }

    /// The first directory: the one signing and key inspection use.
    fn primary(&self) -> &VerifiedDirectory {
        // Every constructor puts at least one directory in.
        &self.directories[0]
    }

    /// The engines, built on first use.
    #[cfg(feature = "detect")]
    fn set(&self) -> &VendorSet {
        self.vendors.get_or_init(|| {
            let mut set = VendorSet::new();
            for d in &self.directories {
                // Directories that collide were refused when opened.
                let _ = set.add(d);
            }
            set
        })
    }

    /// Checks the notices of a message against the directory of the vendor
    /// that signed them: the first directory in which they are not an
    /// unknown key or another vendor's (with one vendor, that directory).
    fn check_with_signer(
        &self,
        input: &MessageInput<'_>,
    ) -> (&VerifiedDirectory, crate::notice::message::MessageCheck) {
        let mut first = None;
        for d in &self.directories {
            let checked = check_message(d, input);
            let signed_here = checked.notices.iter().any(|n| {
                !matches!(
                    n.result,
                    Err(NoticeError::UnknownKey { .. } | NoticeError::WrongVendor { .. })
                )
            });
            if signed_here {
                return (d, checked);
            }
            if first.is_none() {
                first = Some((d, checked));
            }
        }
        first.unwrap_or_else(|| (self.primary(), check_message(self.primary(), input)))
    }
}

/// `{ok, name, id, directory, state, root, rootKeyId}` for one directory.
fn directory_view(directory: &VerifiedDirectory) -> JsValue {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct View<'a> {
        ok: bool,
        name: &'a str,
        id: &'a str,
        directory: &'a crate::directory::Directory,
        state: AcceptedState,
        root: String,
        root_key_id: String,
    }
    let root = directory.root();
    let dir = directory.directory();
    success(&View {
        ok: true,
        name: &dir.vendor.name,
        id: &dir.vendor.id,
        directory: dir,
        state: directory.state(),
        root: root.to_string(),
        root_key_id: root.key_id().to_string(),
    })
}

/// `{ok, name, id, state, root, rootKeyId}` for a vendor just opened.
#[cfg(feature = "detect")]
fn vendor_view(directory: &VerifiedDirectory) -> JsValue {
    let out = directory_view(directory);
    let _ = Reflect::delete_property(&Object::from(out.clone()), &JsValue::from_str("directory"));
    out
}

/// A report picked among vendors, with the vendor's name:
/// `{ok: true, vendor, verdict, score, reasons, evidence}`. `vendor` is
/// `null` when nothing found concerns a vendor (a generic scam, a clean page
/// that names none): the report is then about no vendor.
#[cfg(feature = "detect")]
fn picked(result: Option<(&Engine, Report)>) -> JsValue {
    match result {
        Some((engine, r)) => {
            let out = report(&r);
            let vendor = if r.concerns_vendor {
                JsValue::from_str(&engine.directory().directory().vendor.name)
            } else {
                JsValue::NULL
            };
            set(&out, "vendor", &vendor);
            out
        }
        None => failure("no-vendor", "no vendor directory is open"),
    }
}

/// Finds every notice in `text`: `[{encoding, token, start}]`, where `start`
/// is a JS string index (UTF-16) of where the notice (or its link) begins.
/// Nothing is verified.
#[wasm_bindgen(js_name = findNotices)]
pub fn find_notices_js(text: &str) -> Array {
    let out = Array::new();
    for found in find_notices(text) {
        let item = Object::new();
        set(
            &item,
            "encoding",
            &JsValue::from_str(found.encoding.as_str()),
        );
        set(&item, "token", &JsValue::from_str(&found.token));
        let start = text
            .get(..found.start)
            .map_or(0, |s| s.encode_utf16().count());
        set(&item, "start", &JsValue::from_f64(start as f64));
        out.push(&item);
    }
    out
}

/// Every phone number written in `text` (North American and UK national
/// formats, and international ones), as E.164 strings. Nothing is judged:
/// `analyseContact` and `analysePage` say which numbers are official.
#[cfg(feature = "detect")]
#[wasm_bindgen(js_name = extractPhones)]
pub fn extract_phones(text: &str) -> Array {
    crate::detect::phone::extract_phones(text)
        .iter()
        .map(|number| JsValue::from_str(number))
        .collect()
}

/// Makes a new staff key: `{ok: true, secret, public, keyId}`. The secret is
/// the `CSSK1.` text; save it as the key file and never share it.
#[cfg(feature = "sign")]
#[wasm_bindgen(js_name = generateKey)]
pub fn generate_key() -> JsValue {
    let key = match SecretKey::generate() {
        Ok(key) => key,
        Err(e) => return failure("no-randomness", &e.to_string()),
    };
    let secret: Zeroizing<String> = key.to_text();
    let public = key.public_key();
    let out = ok_object();
    set(&out, "secret", &JsValue::from_str(&secret));
    set(&out, "public", &JsValue::from_str(&public.to_string()));
    set(
        &out,
        "keyId",
        &JsValue::from_str(&public.key_id().to_string()),
    );
    out.into()
}

/// Groups the digits of a canonical E.164 number for reading
/// (`+12025550143` becomes `+1 202 555 0143`).
#[wasm_bindgen(js_name = formatPhone)]
pub fn format_phone(e164: &str) -> String {
    phone::display(e164)
}

/// The embedded demo directory envelope (JSON text). DEMO ONLY.
#[wasm_bindgen(js_name = demoDirectoryJson)]
pub fn demo_directory_json() -> String {
    demo::DIRECTORY.to_string()
}

/// The embedded demo root public key (`CSPK1.` text). DEMO ONLY.
#[wasm_bindgen(js_name = demoRootKey)]
pub fn demo_root_key() -> String {
    demo::root().map(|key| key.to_string()).unwrap_or_default()
}

/// Unicode NFC from the browser, for packages built without Rust's tables
/// (`src/unicode.rs` says why).
#[cfg(not(feature = "nfc-tables"))]
pub(crate) fn host_nfc(text: &str) -> String {
    js_sys::JsString::from(text).normalize("NFC").into()
}

/// Unicode normalisation (`form` is "NFC", "NFD", "NFKC" or "NFKD") from
/// the browser, for the engine built without Rust's tables.
#[cfg(all(not(feature = "nfc-tables"), feature = "detect"))]
pub(crate) fn host_normalize(text: &str, form: &str) -> String {
    js_sys::JsString::from(text).normalize(form).into()
}

/// Whether `c` is a combining mark (general category M), from the
/// browser's Unicode property escapes (`src/unicode.rs`).
#[cfg(all(not(feature = "nfc-tables"), feature = "detect"))]
pub(crate) fn host_is_mark(c: char) -> bool {
    let mut buf = [0u8; 4];
    js_sys::RegExp::new("^\\p{M}$", "u").test(c.encode_utf8(&mut buf))
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Benchmark hook, not part of the API: strict Ed25519 verification of a
/// bare signature (no context prefix added), so that the benchmark compares
/// the same operation as other libraries.
#[doc(hidden)]
#[wasm_bindgen(js_name = benchVerifySignature)]
pub fn bench_verify_signature(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    crate::keys::verify_raw_for_vectors(public_key, message, signature)
}

/// A signing request as JS writes it (camelCase).
#[cfg(feature = "sign")]
#[derive(Deserialize, Default)]
// No deny_unknown_fields: serde-wasm-bindgen reads only the named
// properties of a JS object, so it could not see unknown ones anyway.
#[serde(rename_all = "camelCase", default)]
struct RequestView {
    channel: Option<Channel>,
    agent: String,
    contact: String,
    ticket: Option<String>,
    recipient: Option<String>,
    body: Option<String>,
    valid_for: Option<i64>,
    window_start: Option<UnixTime>,
    window_end: Option<UnixTime>,
    phrase: Option<String>,
}

#[cfg(feature = "sign")]
impl RequestView {
    fn into_request(self) -> NoticeRequest {
        // Form fields left empty arrive as "": they mean "not given".
        let given = |s: Option<String>| s.filter(|s| !s.trim().is_empty());
        NoticeRequest {
            channel: self.channel,
            agent: self.agent,
            contact: self.contact,
            ticket: given(self.ticket),
            recipient: given(self.recipient),
            body: given(self.body),
            valid_for: self.valid_for,
            window_start: self.window_start,
            window_end: self.window_end,
            phrase: given(self.phrase),
        }
    }
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// A JS time in seconds as the core's Unix seconds. Refuses NaN, infinities
/// and values beyond the exactly representable integers.
fn seconds(now: f64) -> Result<UnixTime, JsValue> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if now.is_finite() && now.abs() <= MAX_SAFE {
        // In range, so the conversion is exact after flooring.
        Ok(now.floor() as UnixTime)
    } else {
        Err(failure(
            "bad-argument",
            "the time must be a finite number of seconds",
        ))
    }
}

/// A detection report as `{ok: true, verdict, score, reasons, evidence}`.
#[cfg(feature = "detect")]
fn report(report: &Report) -> JsValue {
    let out = success(report);
    set(&out, "ok", &JsValue::TRUE);
    out
}

/// `{ok: true, countersign: <handle>}`.
fn opened(directory: VerifiedDirectory) -> JsValue {
    let out = ok_object();
    set(
        &out,
        "countersign",
        &JsValue::from(Countersign::single(directory)),
    );
    out.into()
}

/// Serializes a response (whose struct carries its own `ok: true`) as plain
/// JS objects and arrays.
fn success<T: Serialize + ?Sized>(value: &T) -> JsValue {
    match value.serialize(&Serializer::json_compatible()) {
        Ok(v) => {
            if !Reflect::has(&v, &JsValue::from_str("ok")).unwrap_or(false) {
                let out = ok_object();
                Object::assign(&out, &Object::from(v));
                return out.into();
            }
            v
        }
        Err(e) => failure("internal", &e.to_string()),
    }
}

/// A JS value that did not have the expected shape.
/// The verify pages' arguments are read property by property rather than
/// through serde-wasm-bindgen's deserializer: the verify-only package then
/// leaves that deserializer out (docs/benchmarks.md measures the bytes), and
/// each refusal says in plain words what was wrong.
fn property(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// An optional string property: `Some(None)` when absent, `undefined` or
/// `null`; `None` when it is anything but a string.
fn optional_string(object: &JsValue, key: &str) -> Option<Option<String>> {
    let value = property(object, key);
    if value.is_undefined() || value.is_null() {
        return Some(None);
    }
    value.as_string().map(Some)
}

const BAD_ACCEPTED: &str =
    "the accepted directory must be {sequence, digest} as directory() gave it";

/// `{sequence, digest}` as `directory()` gives it (`AcceptedState`'s
/// serde form: a whole number and 64 lowercase hex digits).
fn accepted_state(value: &JsValue) -> Option<AcceptedState> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if !value.is_object() {
        return None;
    }
    let sequence = property(value, "sequence")
        .as_f64()
        .filter(|n| n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(n))?;
    let hex = property(value, "digest").as_string()?;
    let hex = hex.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let nibble = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let mut digest = [0u8; 32];
    for (out, pair) in digest.iter_mut().zip(hex.chunks_exact(2)) {
        *out = nibble(*pair.first()?)? << 4 | nibble(*pair.get(1)?)?;
    }
    Some(AcceptedState {
        // A whole number in 0..=2^53-1, so the conversion is exact.
        sequence: sequence as u64,
        digest,
    })
}

/// serde-wasm-bindgen's message, without the "Error: " of JS errors.
#[cfg(feature = "sign")]
fn argument_error(error: &serde_wasm_bindgen::Error) -> String {
    let text = error.to_string();
    match text.strip_prefix("Error: ") {
        Some(rest) => rest.to_string(),
        None => text,
    }
}

fn ok_object() -> Object {
    let out = Object::new();
    set(&out, "ok", &JsValue::TRUE);
    out
}

/// `{ok: false, code, message}`.
fn failure(code: &str, message: &str) -> JsValue {
    let out = Object::new();
    set(&out, "ok", &JsValue::FALSE);
    set(&out, "code", &JsValue::from_str(code));
    set(&out, "message", &JsValue::from_str(message));
    out.into()
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a plain object we created cannot fail.
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
