//! Impersonation detection: does this page, email or contact pretend to be
//! the vendor's support?
//!
//! The engine is built once from a verified directory and then answers for
//! a page ([`Engine::analyse_page`]), a raw email ([`Engine::analyse_email`]),
//! what a webmail page shows of one ([`Engine::analyse_webmail`]) or a single
//! phone number, address or link ([`Engine::analyse_contact`]). The CLI and
//! the browser extension (through `src/wasm.rs`) call the same code, so they
//! give the same verdicts.
//!
//! Text goes through stages, each a module with its finding type and its
//! false-positive guard beside it: [`normalise`] (the text every stage
//! reads, brand mentions and cues found once) → [`claims`] (does the text
//! speak as the vendor?) → [`contacts`] (numbers, addresses and links, and
//! whether the text presents each as the vendor's) → [`tactics`] (what it
//! asks for) → the verdict ([`verdict`]). `analyse_content` below runs them
//! in that order.
//!
//! The detectors they use, each in its module:
//!
//! * [`domain`]: the page's or sender's host against the official domains;
//! * [`text`]: visible text and link targets of HTML, and normalisation;
//! * [`brand`]: mentions of the vendor, however they are spelled;
//! * [`phone`]: phone numbers in any common format, as E.164;
//! * [`email`]: senders, `Reply-To`, bodies of raw messages;
//! * [`context`]: support talk, scam tactics, commentary;
//! * [`verdict`]: weights and the verdict rules; [`report`]: the answer.
//!
//! The hard part is not finding a phone number but deciding whose it is. A
//! news article about the scam, an encyclopedia entry, a competitor's
//! support page and a review all name the vendor next to phone numbers. A
//! number counts against the vendor only when the text presents it as the
//! vendor's: the vendor named as support in the same sentence or in the
//! heading above it, or the whole page or email speaking as the vendor
//! (its title, a heading, the sender's name), and no sign nearby that the
//! text is reporting on scams, reviewing, or giving its own press or
//! advertising contacts.

pub mod brand;
mod claims;
pub(crate) mod confusables;
mod contacts;
pub mod context;
pub mod domain;
pub mod email;
pub mod lang;
mod normalise;
mod packed;
pub mod phone;
mod relevance;
pub mod report;
pub mod scan;
mod stages;
pub mod summary;
mod tactics;
pub mod text;
pub mod vendors;
pub mod verdict;

#[cfg(test)]
pub(crate) mod testing;

pub use phone::extract_phones;
pub use report::{
    EmailFinding, Evidence, NoticeClaims, NoticeFinding, PhoneFinding, Reason, Report, Verdict,
};
pub use scan::Scan;
pub use summary::ScanReport;
pub use vendors::{Collision, VendorSet};

use brand::BrandMatcher;
use context::ContextScanner;
use domain::{DomainMatcher, HostReport, HostVerdict};
use phone::PhoneScanner;
use text::Link;
use verdict::Assessment;

use crate::directory::{Channel, UnixTime, VerifiedDirectory};
use crate::notice::message::{check_found_notices, check_notices_in};
use crate::notice::{find_notices, MessageInput, NoticeError, NoticeState, VerifiedNotice};

/// Most distinct hosts looked up per input.
const MAX_HOSTS: usize = 64;
/// Most brand mentions examined per input.
const MAX_MENTIONS: usize = 5_000;

/// The detection engine for one vendor directory.
#[derive(Debug)]
pub struct Engine {
    directory: VerifiedDirectory,
    domains: DomainMatcher,
    brand: BrandMatcher,
    phones: PhoneScanner,
    context: ContextScanner,
}

/// What is analysed besides the text: where it came from and how.
struct Content<'a> {
    /// Text the detectors read (visible text; subject and body for email).
    text: &'a str,
    /// Page title (already part of `text` for pages).
    title: &'a str,
    /// Link targets.
    links: &'a [Link],
    /// Whether `Link::at` are offsets in `text`.
    positioned: bool,
    /// Plain text: single line breaks are soft wraps, not block ends.
    plain: bool,
    /// Byte ranges of `text` that quote someone else (`<blockquote>`, `>`).
    quoted: &'a [(usize, usize)],
    /// Text notices are looked for in.
    notice_text: &'a str,
    /// Whether `notice_text` is one message, so that the text before a notice
    /// is the body its digest covers. A web page is not: webmail wraps the
    /// message in navigation, folders and other messages, so on pages body
    /// digests are reported as not checked rather than as mismatches.
    notice_text_is_message: bool,
    /// The email sender speaks as the vendor (name or official address).
    sender_claims: bool,
    /// The email's From address is the vendor's and nothing in its
    /// authentication results contradicts it.
    sender_official: bool,
    /// The email sender address, to check email notices against.
    sender: Option<&'a str>,
    /// The reader's address, for recipient bindings.
    recipient: Option<&'a str>,
    /// The user's own addresses, tried in turn for recipient bindings.
    recipients: &'a [String],
    /// Candidate message bodies per notice token (pages: the texts before
    /// each notice in the elements around it).
    notice_bodies: &'a [(String, Vec<String>)],
}

impl Engine {
    /// Builds the engine: the domain matcher, the folded brand terms and the
    /// phrase tables are computed once here.
    pub fn new(directory: &VerifiedDirectory) -> Engine {
        let dir = directory.directory();
        Engine {
            domains: DomainMatcher::new(dir),
            brand: BrandMatcher::new(dir),
            phones: PhoneScanner::new(dir),
            context: ContextScanner::default(),
            directory: directory.clone(),
        }
    }

    /// The directory the engine checks against.
    pub fn directory(&self) -> &VerifiedDirectory {
        &self.directory
    }

    /// The domain matcher (for screening many hosts quickly).
    pub fn domains(&self) -> &DomainMatcher {
        &self.domains
    }

    fn vendor(&self) -> &str {
        &self.directory.directory().vendor.name
    }

    /// Analyses a web page: `url` is the address it was served from (if
    /// known), `html_or_text` its HTML or visible text.
    pub fn analyse_page(&self, url: Option<&str>, html_or_text: &str, now: UnixTime) -> Report {
        let is_html = text::looks_like_html(html_or_text);
        let extracted = if is_html {
            text::extract(html_or_text)
        } else {
            text::plain(html_or_text)
        };
        self.analyse_extracted(url, &extracted, is_html, now)
    }

    /// [`Engine::analyse_page`] on text already extracted (once for many
    /// vendors, `vendors::VendorSet`).
    fn analyse_extracted(
        &self,
        url: Option<&str>,
        extracted: &text::Extracted,
        is_html: bool,
        now: UnixTime,
    ) -> Report {
        self.analyse_prepared(url, extracted, is_html, None, now)
    }

    /// [`Engine::analyse_extracted`], with the normalised text and cues
    /// already prepared ([`Engine::prepare_page`]) when given.
    fn analyse_prepared(
        &self,
        url: Option<&str>,
        extracted: &text::Extracted,
        is_html: bool,
        prepared: Option<&std::rc::Rc<normalise::Prepared>>,
        now: UnixTime,
    ) -> Report {
        let mut a = Assessment::default();
        let mut ev = Evidence::default();
        if let Some(url) = url {
            self.check_address(url, &mut a, &mut ev);
        }
        let content = Self::page_content(extracted, is_html);
        self.analyse_content_with(&content, prepared, now, &mut a, &mut ev);
        self.finish(a, ev)
    }

    /// The normalised text and cues of an extracted page, to share among
    /// engines (`vendors::VendorSet`).
    fn prepare_page(
        &self,
        extracted: &text::Extracted,
        is_html: bool,
    ) -> std::rc::Rc<normalise::Prepared> {
        self.prepare(&Self::page_content(extracted, is_html))
    }

    /// What a page gives the stages.
    fn page_content(extracted: &text::Extracted, is_html: bool) -> Content<'_> {
        Content {
            text: &extracted.text,
            title: &extracted.title,
            links: &extracted.links,
            positioned: true,
            plain: !is_html,
            quoted: &extracted.quoted,
            notice_text: &extracted.text,
            notice_text_is_message: false,
            sender_claims: false,
            sender_official: false,
            sender: None,
            recipient: None,
            recipients: &[],
            notice_bodies: &[],
        }
    }

    /// Analyses a raw RFC 5322 message (headers and body, MIME parts).
    #[cfg(feature = "raw-email")]
    pub fn analyse_email(&self, raw: &[u8], now: UnixTime) -> Report {
        match email::parse(raw) {
            Some(mail) => self.analyse_mail(&mail, now),
            None => self.analyse_page(None, &String::from_utf8_lossy(raw), now),
        }
    }

    /// Analyses a raw message read by the mail reader elsewhere (the
    /// browser's mail package): the same as [`Engine::analyse_email`] on
    /// the message the parts were read from.
    pub fn analyse_email_parts(&self, parts: &email::RawParts, now: UnixTime) -> Report {
        self.analyse_mail(&email::Email::from_parts(parts), now)
    }

    /// Analyses an email as a webmail page shows it: the sender's name and
    /// address, and the body (HTML or text).
    pub fn analyse_webmail(
        &self,
        sender_name: &str,
        sender_address: &str,
        body: &str,
        now: UnixTime,
    ) -> Report {
        let body_is_html = text::looks_like_html(body);
        let (body, links, quoted) = if body_is_html {
            let e = text::extract(body);
            (e.text, e.links, e.quoted)
        } else {
            (body.to_string(), Vec::new(), text::quoted_lines(body))
        };
        let mail = email::Email {
            from_name: sender_name.trim().to_string(),
            // Webmail may show "Name <address>" or the bare address.
            from_address: scan::webmail_address(sender_address),
            body,
            links,
            body_is_html,
            quoted,
            ..email::Email::default()
        };
        self.analyse_mail(&mail, now)
    }

    /// Analyses one contact a person pastes: a phone number, an email
    /// address or a web address.
    pub fn analyse_contact(&self, contact: &str, now: UnixTime) -> Report {
        let contact = contact.trim();
        // A pasted notice, or a whole message rather than one contact point,
        // is read as text.
        if !find_notices(contact).is_empty()
            || (contact.contains(char::is_whitespace)
                && self.phones.parse_one(contact).is_none()
                && !contact.contains("://"))
        {
            return self.analyse_page(None, contact, now);
        }
        let mut a = Assessment::default();
        let mut ev = Evidence::default();
        let vendor = self.vendor().to_string();
        let looks_address = contact.contains('@')
            && !contact.contains("://")
            && !contact.contains(char::is_whitespace);
        if let Some(address) =
            looks_address.then(|| contact.trim_start_matches("mailto:").to_ascii_lowercase())
        {
            let dir = self.directory.directory();
            let official = dir.is_official_email(&address);
            let label = dir.official_email(&address).map(|e| e.label.clone());
            let mut attributed = false;
            if official {
                a.official = true;
                a.note(
                    "official-email",
                    format!("{address} is an official {vendor} address"),
                );
            } else if let Some(domain) = email::domain_of(&address) {
                let h = self.classify_sender_host(domain);
                let local = address.split('@').next().unwrap_or("");
                match &h.verdict {
                    HostVerdict::Lookalike { .. } => {
                        attributed = true;
                        a.claims_vendor = true;
                        a.warn(70, "lookalike-email", self.host_message(&h));
                    }
                    HostVerdict::Official { .. } => {
                        a.official = true;
                        a.note(
                            "official-email",
                            format!("{address} is on {}, an official {vendor} domain", h.unicode),
                        );
                    }
                    HostVerdict::Unrelated => {
                        if self.brand.names_brand(local) || h.brand.is_some() {
                            attributed = true;
                            a.claims_vendor = true;
                            a.warn(50, "unofficial-email", self.email_message(&address));
                            if email::is_free_mail(&address) {
                                a.warn(15, "free-mail", format!("{vendor} does not write from {domain}, a free email service"));
                            }
                        } else {
                            a.note("unofficial-email", self.email_message(&address));
                        }
                    }
                }
                ev.host = Some(h);
            }
            ev.emails.push(EmailFinding {
                address,
                role: "contact",
                official,
                label,
                attributed_to_vendor: attributed,
            });
        } else if let Some(e164) = self.phones.parse_one(contact) {
            let dir = self.directory.directory();
            let official = dir.phone(&e164);
            if let Some(p) = official {
                a.official = true;
                a.note(
                    "official-phone",
                    format!(
                        "{} is {vendor}'s {} number",
                        crate::phone::display(&e164),
                        p.label
                    ),
                );
            } else {
                a.warn(40, "unofficial-phone", self.phone_message(&e164));
            }
            ev.phones.push(PhoneFinding {
                text: contact.to_string(),
                official: official.is_some(),
                label: official.map(|p| p.label.clone()),
                attributed_to_vendor: official.is_none(),
                e164,
            });
        } else {
            match self.domains.classify_url(contact) {
                Ok(h) => {
                    self.judge_host(&h, true, &mut a);
                    if matches!(h.verdict, HostVerdict::Unrelated) {
                        a.note("unrelated-domain", format!("{} is not a {vendor} domain", h.unicode));
                    }
                    ev.host = Some(h);
                }
                Err(e) => a.note(
                    "unreadable-contact",
                    format!("This is not a phone number, email address or web address that can be checked: {e}"),
                ),
            }
        }
        self.finish(a, ev)
    }

    /// Classifies the address an input was served from and judges its host.
    fn check_address(&self, url: &str, a: &mut Assessment, ev: &mut Evidence) {
        self.check_parsed_address(&domain::ParsedUrl::new(url), a, ev);
    }

    /// [`Self::check_address`] on a link read once for many vendors.
    fn check_parsed_address(
        &self,
        url: &Result<domain::ParsedUrl, domain::UrlError>,
        a: &mut Assessment,
        ev: &mut Evidence,
    ) {
        match url.as_ref().map(|u| self.domains.classify_parsed_url(u)) {
            Ok(h) => {
                self.judge_host(&h, true, a);
                ev.host = Some(h);
            }
            Err(e) => a.note(
                "unreadable-url",
                format!("The address could not be checked: {e}"),
            ),
        }
    }

    /// Screens one host or URL by its domain alone (the fast path for
    /// brand-protection screening of many domains).
    pub fn screen_url(&self, url: &str) -> Report {
        let mut a = Assessment::default();
        let mut ev = Evidence::default();
        self.check_address(url, &mut a, &mut ev);
        self.finish(a, ev)
    }

    /// [`Self::screen_url`] on a link read once for many vendors.
    pub(crate) fn screen_parsed_url(
        &self,
        url: &Result<domain::ParsedUrl, domain::UrlError>,
    ) -> Report {
        let mut a = Assessment::default();
        let mut ev = Evidence::default();
        self.check_parsed_address(url, &mut a, &mut ev);
        self.finish(a, ev)
    }

    fn finish(&self, a: Assessment, evidence: Evidence) -> Report {
        let concerns_vendor = a.claims_vendor || a.official || ties_vendor(&evidence);
        let (verdict, score, reasons) = a.finish(self.vendor());
        Report {
            verdict,
            score,
            reasons,
            evidence,
            concerns_vendor,
        }
    }

    /// The reason for a look-alike host: the matcher's own sentence.
    fn host_message(&self, h: &HostReport) -> String {
        h.reasons.first().cloned().unwrap_or_else(|| {
            format!(
                "{} is not a {} domain; it imitates {}",
                h.unicode,
                self.vendor(),
                h.imitates().unwrap_or("")
            )
        })
    }

    /// Weighs the host a page is on (or a link goes to).
    fn judge_host(&self, h: &HostReport, is_page: bool, a: &mut Assessment) {
        match &h.verdict {
            HostVerdict::Official { .. } => {
                if is_page {
                    a.official = true;
                }
                a.note(
                    "official-domain",
                    h.reasons.first().cloned().unwrap_or_else(|| {
                        format!("{} is an official {} domain", h.unicode, self.vendor())
                    }),
                );
            }
            HostVerdict::Lookalike { .. } => {
                a.claims_vendor = true;
                a.warn(70, "lookalike-domain", self.host_message(h));
            }
            HostVerdict::Unrelated => {}
        }
    }

    fn official_numbers_for(&self, e164: &str) -> String {
        let phones = &self.directory.directory().phones;
        let country = |n: &str| -> String {
            if n.starts_with("+1") {
                "+1".into()
            } else {
                n.get(..3).unwrap_or(n).to_string()
            }
        };
        let want = country(e164);
        let same: Vec<&crate::directory::OfficialPhone> = phones
            .iter()
            .filter(|p| country(&p.number) == want)
            .collect();
        let list: Vec<String> = if same.is_empty() {
            phones.iter().collect::<Vec<_>>()
        } else {
            same
        }
        .iter()
        .take(3)
        .map(|p| crate::phone::display(&p.number))
        .collect();
        list.join(" or ")
    }

    fn phone_message(&self, e164: &str) -> String {
        let official = self.official_numbers_for(e164);
        if official.is_empty() {
            format!(
                "{} is not a {} number",
                crate::phone::display(e164),
                self.vendor()
            )
        } else {
            format!(
                "{} is not a {} number; official: {official}",
                crate::phone::display(e164),
                self.vendor()
            )
        }
    }

    fn email_message(&self, address: &str) -> String {
        let official: Vec<&str> = self
            .directory
            .directory()
            .emails
            .iter()
            .take(2)
            .map(|e| e.address.as_str())
            .collect();
        if official.is_empty() {
            format!("{address} is not a {} address", self.vendor())
        } else {
            format!(
                "{address} is not a {} address; official: {}",
                self.vendor(),
                official.join(" or ")
            )
        }
    }

    fn analyse_mail(&self, mail: &email::Email, now: UnixTime) -> Report {
        let mut a = Assessment::default();
        let mut ev = Evidence::default();
        self.mail_into(mail, &[], &[], now, &mut a, &mut ev);
        self.finish(a, ev)
    }

    /// The email detectors, adding to `a` and `ev`: the sender, then the
    /// subject and body as content. `recipients` and `notice_bodies` as in
    /// [`Content`].
    fn mail_into(
        &self,
        mail: &email::Email,
        recipients: &[String],
        notice_bodies: &[(String, Vec<String>)],
        now: UnixTime,
        a: &mut Assessment,
        ev: &mut Evidence,
    ) {
        let vendor = self.vendor().to_string();
        let dir = self.directory.directory();
        let address = mail.from_address.as_str();
        let name = text::normalize(&mail.from_name);
        let name_words = text::words(&name);
        let name_claims = self.display_name_claims(&name, &name_words, &mail.from_address);
        let official_address = !address.is_empty() && dir.is_official_email(address);
        let mut host_official = false;
        if let Some(domain) = email::domain_of(address) {
            let h = self.classify_sender_host(domain);
            match &h.verdict {
                HostVerdict::Official { .. } => host_official = true,
                HostVerdict::Lookalike { .. } => {
                    a.claims_vendor = true;
                    a.warn(
                        70,
                        "lookalike-sender",
                        format!(
                            "The sender {address} writes from a look-alike domain: {}",
                            self.host_message(&h)
                        ),
                    );
                }
                HostVerdict::Unrelated => {}
            }
            ev.host = Some(h);
        }
        let local = address.split('@').next().unwrap_or("");
        let free = email::is_free_mail(address)
            || email::domain_of(address).is_some_and(|d| dir.hands_out_mailboxes(d));
        let mut sender_attributed = false;
        if !official_address && !host_official && !address.is_empty() {
            if name_claims {
                sender_attributed = true;
                a.claims_vendor = true;
                a.warn(50, "display-name", format!(
                    "The sender calls itself \"{}\" but writes from {address}, which is not a {vendor} address",
                    text::prefix(mail.from_name.trim(), 120)
                ));
                if free {
                    a.warn(
                        15,
                        "free-mail",
                        format!(
                            "{vendor} does not write from {}, a free email service",
                            email::domain_of(address).unwrap_or("")
                        ),
                    );
                }
            } else if free && self.brand.names_brand(local) {
                sender_attributed = true;
                a.claims_vendor = true;
                a.warn(55, "free-mail", format!(
                    "{address} uses the {vendor} name on {}, a free email service; {vendor} does not write from there",
                    email::domain_of(address).unwrap_or("")
                ));
            }
        } else if (official_address || host_official)
            && !email::from_is_authenticated(mail)
            && mail.auth_failures.is_empty()
        {
            // The receiving server authenticated someone, but not the
            // vendor: the official address is only written there.
            a.claims_vendor = true;
            a.warn(30, "unverified-sender", format!(
                "The message says it is from {address}, but the receiving mail server did not confirm that {vendor} sent it"
            ));
        } else if official_address || host_official {
            a.note("official-sender", format!(
                "The sender address {address} is {vendor}'s, but a sender address can be forged: look for a signed notice"
            ));
        }
        let sender_official = (official_address || host_official)
            && email::from_is_authenticated(mail)
            && mail.auth_failures.is_empty();
        if !address.is_empty() {
            ev.emails.push(EmailFinding {
                address: address.to_string(),
                role: "from",
                official: official_address,
                label: dir
                    .emails
                    .iter()
                    .find(|e| e.address == address)
                    .map(|e| e.label.clone()),
                attributed_to_vendor: sender_attributed || official_address || host_official,
            });
        }
        let speaks_as_vendor = name_claims || official_address || host_official;
        for r in mail.reply_to.iter().take(8) {
            let r_official = dir.is_official_email(r);
            let differs = r != address;
            if differs && !r_official && speaks_as_vendor {
                a.claims_vendor = true;
                a.warn(
                    30,
                    "reply-to",
                    format!("Replies would go to {r}, not to {vendor}"),
                );
            }
            ev.emails.push(EmailFinding {
                address: r.clone(),
                role: "reply-to",
                official: r_official,
                label: None,
                attributed_to_vendor: speaks_as_vendor,
            });
        }
        if !mail.auth_failures.is_empty() && speaks_as_vendor {
            a.claims_vendor = true;
            // A From header that names no readable address (real scam mail
            // writes `Brand - Anti Virus ,_<addr>`) still failed; say so
            // without an empty name.
            let sender = email::domain_of(address).unwrap_or(address);
            let message = if sender.trim().is_empty() {
                format!(
                    "The receiving mail server found that this message was not really sent by the sender it shows ({})",
                    mail.auth_failures.join(", ")
                )
            } else {
                format!(
                    "The receiving mail server found that this message was not really sent by {sender} ({})",
                    mail.auth_failures.join(", ")
                )
            };
            a.warn(55, "authentication-failed", message);
        }
        let combined = format!("{}\n\n{}", mail.subject, mail.body);
        let shift = mail.subject.len() + 2;
        let quoted: Vec<(usize, usize)> = mail
            .quoted
            .iter()
            .map(|&(s, e)| (s + shift, e + shift))
            .collect();
        let content = Content {
            text: &combined,
            title: &mail.subject,
            links: &mail.links,
            positioned: false,
            plain: !mail.body_is_html,
            quoted: &quoted,
            notice_text: &mail.body,
            notice_text_is_message: true,
            sender_claims: speaks_as_vendor,
            sender_official,
            sender: (!address.is_empty()).then_some(address),
            recipient: mail.to.as_deref(),
            recipients,
            notice_bodies,
        };
        self.analyse_content(&content, now, a, ev);
    }

    /// Verifies the notices in the content, each with the message around it
    /// (the one rule in `crate::notice::message`).
    fn check_notices(&self, c: &Content<'_>, now: UnixTime, a: &mut Assessment, ev: &mut Evidence) {
        // The reader's addresses, tried in turn while a notice is bound to
        // another one (the user may read mail for several addresses).
        let recipients: Vec<Option<&str>> = if c.recipient.is_some() || c.recipients.is_empty() {
            vec![c.recipient]
        } else {
            c.recipients
                .iter()
                .take(16)
                .map(|r| Some(r.as_str()))
                .collect()
        };
        let mut checked = Vec::new();
        // Looked for once, for the checks and the tokens of every reader.
        let found = find_notices(c.notice_text);
        for (k, &recipient) in recipients.iter().enumerate() {
            let input = MessageInput {
                text: c.notice_text,
                is_message: c.notice_text_is_message,
                body: None,
                sender: c.sender,
                recipient,
                now,
            };
            checked = check_found_notices(&self.directory, c.notice_text, &found, &input);
            let mut tokens: Vec<String> = found.iter().map(|f| f.token.clone()).collect();
            for link in c.links.iter().filter(|l| l.href.contains("CS1.")) {
                let in_link = find_notices(&link.href);
                if in_link.iter().all(|f| tokens.contains(&f.token)) {
                    continue;
                }
                tokens.extend(in_link.into_iter().map(|f| f.token));
                checked.extend(check_notices_in(&self.directory, &link.href, &input));
            }
            let wrong_reader = checked
                .iter()
                .any(|n| matches!(n.result, Err(NoticeError::NotForRecipient)));
            if !wrong_reader || k + 1 == recipients.len() {
                // A notice on a web page whose body digest nothing covered:
                // the texts around it that the page offers may be its
                // message (checked by the same rule, contacts included).
                for (n, token) in checked.iter_mut().zip(&tokens) {
                    let uncovered =
                        matches!(&n.result, Ok(v) if v.body == crate::notice::Binding::NotChecked);
                    if !uncovered || n.state != NoticeState::Verified {
                        continue;
                    }
                    let candidates = c
                        .notice_bodies
                        .iter()
                        .filter(|(t, _)| t == token)
                        .flat_map(|(_, bodies)| bodies.iter());
                    for candidate in candidates {
                        let with_body = MessageInput {
                            text: token,
                            is_message: false,
                            body: Some(candidate),
                            ..input
                        };
                        let better = check_notices_in(&self.directory, token, &with_body)
                            .into_iter()
                            .next()
                            .filter(|m| matches!(&m.result, Ok(v) if v.body == crate::notice::Binding::Matched));
                        if let Some(mut better) = better {
                            better.start = n.start;
                            better.end = n.end;
                            *n = better;
                            break;
                        }
                    }
                }
                break;
            }
        }
        let vendor = self.vendor().to_string();
        for n in checked
            .into_iter()
            .take(crate::notice::encoding::MAX_NOTICES_PER_TEXT)
        {
            let explanation = n.explanation(&vendor);
            let claims = n.genuine().map(|v| NoticeClaims {
                agent: crate::display::shown(&v.claims.agent),
                signer: crate::display::shown(&v.signer_name),
                team: crate::display::shown(&v.signer_team),
                channel: v.claims.channel.as_str(),
                contact: crate::display::shown(&v.claims.contact),
                contact_label: crate::display::shown(&v.contact_label),
                ticket: v.claims.ticket.as_deref().map(crate::display::shown),
                phrase: v.claims.phrase.as_deref().map(crate::display::shown),
                not_before: v.claims.not_before,
                expires_at: v.claims.expires_at,
                recipient: v.recipient.as_str(),
                body: v.body.as_str(),
                timing: v.timing.as_str(),
            });
            match (&n.result, n.state) {
                (Ok(v), NoticeState::Verified) => a.valid_notices.push(Reason {
                    code: "notice-valid",
                    message: self.genuine_message(v),
                }),
                (Ok(_), NoticeState::PartlySigned) => a.partly_signed_notices.push(Reason {
                    code: "notice-partly-signed",
                    message: explanation.clone(),
                }),
                (Ok(_), _) => a.copied_notices.push(Reason {
                    code: "notice-copied",
                    message: explanation.clone(),
                }),
                (Err(_), NoticeState::Incomplete) => {
                    a.note("notice-incomplete", explanation.clone())
                }
                (Err(e), _) => a.invalid_notices.push(Reason {
                    code: "notice-invalid",
                    message: format!("The signed notice here is not valid: {e}"),
                }),
            }
            ev.notices.push(NoticeFinding {
                encoding: n.encoding.as_str(),
                state: n.state.as_str(),
                valid: n.state == NoticeState::Verified,
                reason: match &n.result {
                    Err(e) if n.state == NoticeState::Invalid => Some(e.to_string()),
                    _ => (n.state != NoticeState::Verified).then_some(explanation),
                },
                code: n.result.as_ref().err().map(NoticeError::code),
                claims,
            });
        }
    }

    /// The reason line of a notice that verified with its message.
    fn genuine_message(&self, v: &VerifiedNotice) -> String {
        let claims = &v.claims;
        let contact = v.contact_display();
        let team = if v.signer_team.is_empty() {
            String::new()
        } else {
            format!(" ({})", v.signer_team)
        };
        let what = match claims.channel {
            Channel::ScheduledCall => format!(
                "a call from {contact} ({}) between {} and {}",
                v.contact_label,
                crate::time::format_utc(claims.not_before),
                crate::time::format_utc(claims.expires_at)
            ),
            Channel::Callback => format!(
                "a request to call {contact} ({}), valid until {}",
                v.contact_label,
                crate::time::format_utc(claims.expires_at)
            ),
            Channel::Email => format!(
                "email from {contact} ({}), valid until {}",
                v.contact_label,
                crate::time::format_utc(claims.expires_at)
            ),
        };
        let mut message = format!(
            "Genuine {} notice signed by {}{team}: {what}",
            self.vendor(),
            v.signer_name
        );
        if let Some(t) = &claims.ticket {
            message.push_str(&format!("; ticket {t}"));
        }
        if let Some(p) = &claims.phrase {
            message.push_str(&format!("; the agent will say \"{p}\""));
        }
        if v.timing == crate::notice::Timing::Upcoming {
            message.push_str("; the call is still to come: a call before then is not this one");
        }
        crate::display::shown_within(&message, 600)
    }
    /// The detectors over text, stage by stage: notices, then normalise →
    /// claims → contacts (numbers, addresses, links) → tactics. The verdict
    /// is [`verdict::Assessment::finish`]'s, over what the stages added.
    fn analyse_content(
        &self,
        c: &Content<'_>,
        now: UnixTime,
        a: &mut Assessment,
        ev: &mut Evidence,
    ) {
        self.analyse_content_with(c, None, now, a, ev);
    }

    /// [`Engine::analyse_content`], with the shared part of the
    /// normalisation already prepared for `c` when given.
    fn analyse_content_with(
        &self,
        c: &Content<'_>,
        prepared: Option<&std::rc::Rc<normalise::Prepared>>,
        now: UnixTime,
        a: &mut Assessment,
        ev: &mut Evidence,
    ) {
        self.check_notices(c, now, a, ev);
        let has_valid_notice = !a.valid_notices.is_empty();
        let n = self.normalise_with(c, prepared);
        ev.brand_mentions = n.mentions.iter().filter(|m| m.counts).count();
        let claims = self.claims(c, &n);
        claims.warn_into(self.vendor(), a);
        self.contacts(c, &n, &claims, &ev.emails).apply(a, ev);
        let tactics = self.tactics(
            &n,
            &claims,
            a.claims_vendor,
            !ev.phones.is_empty(),
            has_valid_notice,
        );
        ev.signals = tactics.signals;
        tactics.findings.apply(a);
        self.payment_lure(c, &n, &claims, a.claims_vendor).apply(a);
    }
}

/// Whether the evidence holds something of the vendor judged (see
/// [`Report::concerns_vendor`]): a counted mention of the brand, a host that
/// is the vendor's, imitates it or holds its brand, one of its numbers or
/// addresses, or a notice that is not another signer's.
fn ties_vendor(ev: &Evidence) -> bool {
    let host_tied =
        |h: &HostReport| !matches!(h.verdict, HostVerdict::Unrelated) || h.brand.is_some();
    ev.brand_mentions > 0
        || ev.host.as_ref().is_some_and(host_tied)
        || ev.linked_hosts.iter().any(host_tied)
        || ev.phones.iter().any(|p| p.official)
        || ev.emails.iter().any(|e| e.official)
        || ev
            .notices
            .iter()
            .any(|n| !matches!(n.code, Some("unknown-key" | "wrong-vendor")))
}

#[cfg(test)]
mod tests;
