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
//! The detectors, each in its module:
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
pub mod context;
pub mod domain;
pub mod email;
pub mod lang;
pub mod phone;
pub mod report;
pub mod scan;
pub mod summary;
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

use brand::{BrandMatcher, Mention};
use context::{ContextScanner, Cue, Hit};
use domain::{DomainMatcher, HostReport, HostVerdict};
use phone::PhoneScanner;
use text::Link;
use verdict::Assessment;

use crate::directory::{Channel, UnixTime, VerifiedDirectory};
use crate::notice::message::check_notices_in;
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

/// Cues present in a stretch of text.
#[derive(Clone, Copy, Debug, Default)]
struct Flags {
    support: bool,
    billing: bool,
    cta: bool,
    official: bool,
    commentary: bool,
    neutral: bool,
}

fn flags_in(hits: &[Hit], start: usize, end: usize) -> Flags {
    let mut f = Flags::default();
    let first = hits.partition_point(|h| h.start < start);
    for h in hits
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|h| h.start < end)
    {
        match h.cue {
            Cue::Support => f.support = true,
            Cue::Billing => f.billing = true,
            Cue::CallToAction => f.cta = true,
            Cue::OfficialClaim => f.official = true,
            Cue::Commentary => f.commentary = true,
            Cue::Neutral => f.neutral = true,
            _ => {}
        }
    }
    f
}

fn mention_in(mentions: &[Mention], start: usize, end: usize) -> bool {
    let first = mentions.partition_point(|m| m.start < start);
    mentions
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take_while(|m| m.start < end)
        .any(|m| m.counts && !m.possessive)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The sentence around `start..end`: back to a line break or a sentence end
/// (at most 200 bytes), forward to the next (at most 120 bytes).
fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let is_stop = |i: usize| -> bool {
        matches!(b.get(i), Some(b'.' | b'!' | b'?' | b';'))
            && b.get(i + 1).map_or(true, |c| c.is_ascii_whitespace())
    };
    // The ideographic full stop "。" (E3 80 82) ends a sentence with no space after it.
    let ideographic_stop = |i: usize| b.get(i.wrapping_sub(2)..=i) == Some(&[0xE3, 0x80, 0x82][..]);
    let lo = start.saturating_sub(200);
    let mut s = start;
    while s > lo {
        if b.get(s - 1) == Some(&b'\n')
            || (s >= 2 && is_stop(s - 2) && b.get(s - 1) == Some(&b' '))
            || ideographic_stop(s - 1)
        {
            break;
        }
        s -= 1;
    }
    let hi = end.saturating_add(120).min(b.len());
    let mut e = end;
    while e < hi {
        if b.get(e) == Some(&b'\n') {
            break;
        }
        if is_stop(e) {
            e += 1;
            break;
        }
        if ideographic_stop(e) {
            e += 1;
            break;
        }
        e += 1;
    }
    (ceil_boundary(text, s), floor_boundary(text, e))
}

/// Turns the soft line breaks of plain text (single `\n` between two
/// non-empty lines) into spaces, so that a sentence wrapped at 72 columns
/// is one sentence. Blank lines still separate paragraphs. Byte offsets do
/// not change.
fn unwrap_lines(text: String) -> String {
    let mut bytes = text.into_bytes();
    let len = bytes.len();
    let mut line_has_text = false;
    for i in 0..len {
        let Some(&b) = bytes.get(i) else { break };
        if b == b'\n' {
            let next = bytes.get(i + 1).copied();
            // Quoted lines (`>`) stay lines of their own.
            if line_has_text && next.is_some() && next != Some(b'\n') && next != Some(b'>') {
                if let Some(slot) = bytes.get_mut(i) {
                    *slot = b' ';
                }
            } else {
                line_has_text = false;
            }
        } else if !b.is_ascii_whitespace() {
            line_has_text = true;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Whether the sentence ending at `end` is a question.
fn is_question(text: &str, end: usize) -> bool {
    text.get(..end).is_some_and(|t| t.trim_end().ends_with('?'))
}

/// The line before position `s` (which starts a line), if short.
fn previous_line(text: &str, s: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    if s == 0 || b.get(s - 1) != Some(&b'\n') {
        return None;
    }
    let end = s - 1;
    let lo = end.saturating_sub(200);
    let mut start = end;
    while start > lo && b.get(start - 1) != Some(&b'\n') {
        start -= 1;
    }
    Some((ceil_boundary(text, start), end))
}

/// The line around `pos`.
fn line_bounds(text: &str, pos: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let lo = pos.saturating_sub(300);
    let mut s = pos.min(b.len());
    while s > lo && b.get(s - 1) != Some(&b'\n') {
        s -= 1;
    }
    let hi = pos.saturating_add(300).min(b.len());
    let mut e = pos.min(b.len());
    while e < hi && b.get(e) != Some(&b'\n') {
        e += 1;
    }
    (ceil_boundary(text, s), floor_boundary(text, e))
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
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
        let mut a = Assessment::default();
        let mut ev = Evidence::default();
        if let Some(url) = url {
            self.check_address(url, &mut a, &mut ev);
        }
        let is_html = text::looks_like_html(html_or_text);
        let extracted = if is_html {
            text::extract(html_or_text)
        } else {
            text::plain(html_or_text)
        };
        let content = Content {
            text: &extracted.text,
            title: &extracted.title,
            links: &extracted.links,
            positioned: true,
            plain: !is_html,
            quoted: &extracted.quoted,
            notice_text: &extracted.text,
            notice_text_is_message: false,
            sender_claims: false,
            sender: None,
            recipient: None,
            recipients: &[],
            notice_bodies: &[],
        };
        self.analyse_content(&content, now, &mut a, &mut ev);
        self.finish(a, ev)
    }

    /// Analyses a raw RFC 5322 message (headers and body, MIME parts).
    pub fn analyse_email(&self, raw: &[u8], now: UnixTime) -> Report {
        match email::parse(raw) {
            Some(mail) => self.analyse_mail(&mail, now),
            None => self.analyse_page(None, &String::from_utf8_lossy(raw), now),
        }
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
                let h = self.domains.classify_host(domain);
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
        match self.domains.classify_url(url) {
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

    fn finish(&self, a: Assessment, evidence: Evidence) -> Report {
        let (verdict, score, reasons) = a.finish(self.vendor());
        Report {
            verdict,
            score,
            reasons,
            evidence,
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
        let name_claims = self
            .brand
            .find(&name, &name_words, 16)
            .iter()
            .any(|m| m.counts && !m.possessive);
        let official_address = !address.is_empty() && dir.is_official_email(address);
        let mut host_official = false;
        if let Some(domain) = email::domain_of(address) {
            let h = self.domains.classify_host(domain);
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
        let free = email::is_free_mail(address);
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
        } else if official_address || host_official {
            a.note("official-sender", format!(
                "The sender address {address} is {vendor}'s, but a sender address can be forged: look for a signed notice"
            ));
        }
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
            a.warn(
                55,
                "authentication-failed",
                format!(
                "The receiving mail server found that this message was not really sent by {} ({})",
                email::domain_of(address).unwrap_or(address),
                mail.auth_failures.join(", ")
            ),
            );
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
            sender: (!address.is_empty()).then_some(address),
            recipient: mail.to.as_deref(),
            recipients,
            notice_bodies,
        };
        self.analyse_content(&content, now, a, ev);
    }

    /// Whether the text opens with the brand alone, as a letterhead or an
    /// invoice header does ("NORTHWIND SECURITY", "Northwind Security
    /// Alert"): the document speaks as the vendor.
    fn letterhead(
        &self,
        norm: &str,
        words: &[text::Word],
        mentions: &[Mention],
        hits: &[Hit],
    ) -> bool {
        let start = norm.len() - norm.trim_start().len();
        let end = norm
            .get(start..)
            .and_then(|r| r.find('\n'))
            .map_or(norm.len(), |p| start + p)
            .min(start + 200);
        let Some(m) = mentions
            .iter()
            .find(|m| m.start >= start && m.start < end && m.counts && !m.possessive)
        else {
            return false;
        };
        let first = words.partition_point(|w| w.start < start);
        let others = words
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .take_while(|w| w.end <= end)
            .filter(|w| w.end <= m.start || w.start >= m.end)
            .filter(|w| w.end - w.start > 1)
            .count();
        let f = flags_in(hits, start, end);
        others <= 1 && !f.commentary && !f.neutral
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
        for (k, &recipient) in recipients.iter().enumerate() {
            let input = MessageInput {
                text: c.notice_text,
                is_message: c.notice_text_is_message,
                body: None,
                sender: c.sender,
                recipient,
                now,
            };
            checked = check_notices_in(&self.directory, c.notice_text, &input);
            let mut tokens: Vec<String> = find_notices(c.notice_text)
                .into_iter()
                .map(|f| f.token)
                .collect();
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

    /// The detectors over text: notices, brand, context, phones, addresses,
    /// links and tactics.
    fn analyse_content(
        &self,
        c: &Content<'_>,
        now: UnixTime,
        a: &mut Assessment,
        ev: &mut Evidence,
    ) {
        let vendor = self.vendor().to_string();
        let dir = self.directory.directory();
        self.check_notices(c, now, a, ev);
        let has_valid_notice = !a.valid_notices.is_empty();

        // Offsets to carry through normalisation: link anchors, then the
        // bounds of quoted ranges.
        let mut marks: Vec<usize> = if c.positioned {
            c.links.iter().map(|l| l.at).collect()
        } else {
            Vec::new()
        };
        let nlinks = marks.len();
        for &(qs, qe) in c.quoted {
            marks.push(qs);
            marks.push(qe.max(qs));
        }
        let mut order: Vec<usize> = (0..marks.len()).collect();
        order.sort_by_key(|&i| marks.get(i).copied().unwrap_or(0));
        let sorted: Vec<usize> = order
            .iter()
            .filter_map(|&i| marks.get(i).copied())
            .collect();
        let (norm, mapped_sorted) = text::normalize_marked(c.text, &sorted);
        let mut mapped = vec![0usize; marks.len()];
        for (k, &i) in order.iter().enumerate() {
            if let (Some(slot), Some(&m)) = (mapped.get_mut(i), mapped_sorted.get(k)) {
                *slot = m;
            }
        }
        let link_pos: Vec<usize> = mapped.get(..nlinks).unwrap_or(&[]).to_vec();
        let quoted: Vec<(usize, usize)> = mapped
            .get(nlinks..)
            .unwrap_or(&[])
            .chunks_exact(2)
            .filter_map(|q| Some((*q.first()?, *q.get(1)?)))
            .collect();
        let in_quote = |pos: usize| quoted.iter().any(|&(qs, qe)| pos >= qs && pos < qe);
        let norm = if c.plain { unwrap_lines(norm) } else { norm };
        let lower = norm.to_ascii_lowercase();
        let words = text::words(&norm);
        let mentions = self.brand.find(&norm, &words, MAX_MENTIONS);
        let hits = self.context.scan(&lower, &words);
        ev.brand_mentions = mentions.iter().filter(|m| m.counts).count();
        // Text about the vendor (news, reviews, warnings) talks about scams
        // in several sentences; a scam page that says "beware of scammers"
        // once does not become commentary.
        let mut commentary_sentences: Vec<usize> = Vec::new();
        for h in hits.iter().filter(|h| h.cue == Cue::Commentary).take(64) {
            let (s, _) = sentence_bounds(&norm, h.start, h.end);
            if !commentary_sentences.contains(&s) {
                commentary_sentences.push(s);
            }
        }
        let commentary_page = commentary_sentences.len() >= 2
            && hits
                .iter()
                .filter(|h| h.cue == Cue::Commentary)
                .take(3)
                .count()
                >= 3;

        // Does the text speak as the vendor's support?
        let title = text::normalize(c.title);
        let title_lower = title.to_ascii_lowercase();
        let title_words = text::words(&title);
        let title_claim = {
            let m = self.brand.find(&title, &title_words, 16);
            let f = flags_in(
                &self.context.scan(&title_lower, &title_words),
                0,
                title.len(),
            );
            m.iter().any(|m| m.counts && !m.possessive)
                && (f.support || f.billing)
                && !f.commentary
                && !f.neutral
        };
        let mut heading_claim = false;
        let mut adjacent_claim = false;
        for m in mentions
            .iter()
            .filter(|m| m.counts && !m.possessive && !in_quote(m.start))
            .take(200)
        {
            let (ls, le) = line_bounds(&norm, m.start);
            let line = norm.get(ls..le).unwrap_or("");
            let f = flags_in(&hits, ls, le);
            // The brand names the support ("Northwind Security Support
            // Center"), rather than being its object ("support is provided
            // by Northwind Security").
            let named = flags_in(&hits, m.end, (m.end + 40).min(le));
            if word_count(line) <= 12
                && (named.support || named.billing)
                && !f.commentary
                && !f.neutral
            {
                heading_claim = true;
            }
            let (ss, se) = sentence_bounds(&norm, m.start, m.end);
            let after = flags_in(&hits, m.end, (m.end + 24).min(se));
            let sentence = flags_in(&hits, ss, se);
            if (after.support || after.billing)
                && !sentence.commentary
                && !sentence.neutral
                && !is_question(&norm, se)
            {
                adjacent_claim = true;
            }
        }
        let letterhead = !commentary_page && self.letterhead(&norm, &words, &mentions, &hits);
        let presents = title_claim || heading_claim || (adjacent_claim && !commentary_page);
        let self_presents =
            (presents && !commentary_page) || title_claim || letterhead || c.sender_claims;
        if letterhead && !presents {
            a.claims_vendor = true;
            a.warn(
                15,
                "presents-as-vendor",
                format!("It presents itself as coming from {vendor}"),
            );
        }
        if presents {
            a.claims_vendor = true;
            a.warn(
                15,
                "presents-as-support",
                format!("It presents itself as {vendor} support"),
            );
        }
        if mentions
            .iter()
            .any(|m| m.counts && m.obfuscated && !in_quote(m.start))
            && !commentary_page
        {
            a.claims_vendor = true;
            a.warn(
                25,
                "disguised-brand",
                format!("It writes the name {vendor} with look-alike or hidden characters, a trick to slip past filters"),
            );
        }

        // Is a phone number or address presented as the vendor's?
        let attributed = |start: usize, end: usize, is_link: bool| -> bool {
            // Quoted text is someone else's words (a warning quoting a scam).
            if in_quote(start) {
                return false;
            }
            let (s, e) = sentence_bounds(&norm, start, end);
            let f = flags_in(&hits, s, e);
            if f.neutral {
                return false;
            }
            let mut named = mention_in(&mentions, s, e);
            if !named {
                if let Some((ps, pe)) = previous_line(&norm, s) {
                    let pf = flags_in(&hits, ps, pe);
                    let line = norm.get(ps..pe).unwrap_or("");
                    named = word_count(line) <= 12
                        && mention_in(&mentions, ps, pe)
                        && (pf.support || pf.billing)
                        && !pf.commentary
                        && !pf.neutral;
                }
            }
            // A question about a number ("Is this really Northwind
            // support?") does not present it.
            if named
                && (f.support || f.billing || f.cta)
                && (!f.commentary || f.official)
                && !is_question(&norm, e)
            {
                return true;
            }
            self_presents
                && !commentary_page
                && !f.commentary
                && (f.cta || f.support || f.billing || is_link)
        };

        // Phones, from the text and from tel: links.
        let mut phones: Vec<PhoneFinding> = Vec::new();
        let add_phone =
            |text: String, e164: String, attributed: bool, phones: &mut Vec<PhoneFinding>| {
                if let Some(p) = phones.iter_mut().find(|p| p.e164 == e164) {
                    p.attributed_to_vendor |= attributed && !p.official;
                    return;
                }
                if phones.len() >= phone::MAX_PHONES {
                    return;
                }
                let official = dir.phone(&e164);
                phones.push(PhoneFinding {
                    text,
                    official: official.is_some(),
                    label: official.map(|p| p.label.clone()),
                    attributed_to_vendor: attributed && official.is_none(),
                    e164,
                });
            };
        // National numbers are read as the text's reader dials them.
        let phones_here = self
            .phones
            .for_country(lang::guess(&lower, &words).map(lang::Lang::country));
        let in_text = phones_here.find(&norm, phone::MAX_PHONES);
        for p in &in_text {
            let is_attr = attributed(p.start, p.end, false);
            let text = norm.get(p.start..p.end).unwrap_or("").to_string();
            add_phone(text, p.e164.clone(), is_attr, &mut phones);
        }
        let mut mismatch_reported = false;
        for (k, link) in c.links.iter().enumerate() {
            let Some(target) = phone::tel_target(&link.href) else {
                continue;
            };
            let Some(e164) = phones_here.parse_one(&target) else {
                continue;
            };
            let is_attr = match link_pos.get(k) {
                Some(&at) => attributed(at, at, true),
                None => self_presents && !commentary_page,
            };
            // A link that shows one number and dials another is a trick
            // no honest page plays.
            if let Some(&at) = link_pos.get(k) {
                let first = in_text.partition_point(|p| p.start < at);
                if let Some(shown) = in_text.get(first).filter(|p| p.start < at + 8) {
                    if shown.e164 != e164 && !mismatch_reported {
                        mismatch_reported = true;
                        if dir.phone(&shown.e164).is_some() {
                            a.claims_vendor = true;
                        }
                        a.warn(
                            40,
                            "tel-link-mismatch",
                            format!(
                                "A link shows {} but dials {}",
                                crate::phone::display(&shown.e164),
                                crate::phone::display(&e164)
                            ),
                        );
                    }
                }
            }
            add_phone(target, e164, is_attr, &mut phones);
        }
        let mut first = true;
        for p in &phones {
            if p.official {
                a.note(
                    "official-phone",
                    format!(
                        "{} is {vendor}'s {} number",
                        crate::phone::display(&p.e164),
                        p.label.as_deref().unwrap_or("")
                    ),
                );
            } else if p.attributed_to_vendor {
                a.claims_vendor = true;
                a.warn(
                    if first { 50 } else { 10 },
                    "unofficial-phone",
                    self.phone_message(&p.e164),
                );
                first = false;
            }
        }
        ev.phones = phones;

        // Email addresses, from the text and from mailto: links.
        let mut addresses: Vec<(String, &'static str, Option<usize>)> =
            email::find_addresses(&norm, 200)
                .into_iter()
                .map(|f| (f.address, "text", Some(f.start)))
                .collect();
        for (k, link) in c.links.iter().enumerate() {
            if let Some(addr) = email::mailto_target(&link.href) {
                addresses.push((addr, "link", link_pos.get(k).copied()));
            }
        }
        let mut first = true;
        let mut seen: Vec<String> = ev.emails.iter().map(|e| e.address.clone()).collect();
        for (address, role, at) in addresses.into_iter().take(200) {
            if seen.contains(&address) {
                continue;
            }
            seen.push(address.clone());
            let official = dir.is_official_email(&address);
            let label = dir.official_email(&address).map(|e| e.label.clone());
            let mut is_attr = false;
            if official {
                a.note(
                    "official-email",
                    format!("{address} is an official {vendor} address"),
                );
            } else if let Some(domain) = email::domain_of(&address) {
                let h = self.domains.classify_host(domain);
                match &h.verdict {
                    HostVerdict::Lookalike { .. } => {
                        is_attr = true;
                        a.claims_vendor = true;
                        a.warn(
                            if first { 45 } else { 10 },
                            "lookalike-email",
                            format!(
                                "{address} is not a {vendor} address: {}",
                                self.host_message(&h)
                            ),
                        );
                        first = false;
                    }
                    HostVerdict::Official { .. } => {}
                    HostVerdict::Unrelated => {
                        let local = address.split('@').next().unwrap_or("");
                        is_attr = match at {
                            Some(at) => attributed(
                                at,
                                at + address.len().min(norm.len() - at.min(norm.len())),
                                role == "link",
                            ),
                            None => self_presents && !commentary_page,
                        } || (email::is_free_mail(&address)
                            && self.brand.names_brand(local)
                            && !commentary_page);
                        if is_attr {
                            a.claims_vendor = true;
                            a.warn(
                                if first { 45 } else { 10 },
                                "unofficial-email",
                                self.email_message(&address),
                            );
                            first = false;
                        }
                    }
                }
            }
            ev.emails.push(EmailFinding {
                address,
                role,
                official,
                label,
                attributed_to_vendor: is_attr,
            });
        }

        // Links and host names in the text that imitate the vendor's domains.
        let mut hosts: Vec<String> = Vec::new();
        for link in c.links {
            let href = link.href.trim();
            let lower_href = href.get(..8).unwrap_or(href).to_ascii_lowercase();
            if (lower_href.starts_with("http://")
                || lower_href.starts_with("https://")
                || lower_href.starts_with("www."))
                && hosts.len() < MAX_HOSTS
            {
                if let Ok(h) = domain::url_host(href) {
                    let host = h.host.to_string();
                    if !hosts.contains(&host) {
                        hosts.push(host);
                    }
                }
            }
        }
        for m in mentions.iter().take(200) {
            if let Some(host) = host_around(&norm, m.start, m.end) {
                if hosts.len() < MAX_HOSTS && !hosts.contains(&host) {
                    hosts.push(host);
                }
            }
        }
        let mut first = true;
        for host in &hosts {
            let h = self.domains.classify_host(host);
            if let HostVerdict::Lookalike { .. } = h.verdict {
                a.claims_vendor = true;
                a.warn(
                    if first { 45 } else { 10 },
                    "lookalike-link",
                    format!(
                        "It sends you to {}, which is not {vendor}'s: {}",
                        h.unicode,
                        self.host_message(&h)
                    ),
                );
                first = false;
                ev.linked_hosts.push(h);
            }
        }

        // Scam tactics and the vendor's policies.
        let mut cues: Vec<Cue> = hits
            .iter()
            .filter(|h| !negated(&lower, h) && !in_quote(h.start))
            .map(|h| h.cue)
            .collect();
        cues.sort();
        cues.dedup();
        ev.signals = cues.iter().map(|c| c.as_str().to_string()).collect();
        let vendor_context = a.claims_vendor || self_presents;
        let mut tactics = 0;
        for &cue in &cues {
            if !(cue.is_scam_tactic() || cue == Cue::Urgency || cue == Cue::ScheduledCall)
                || commentary_page
            {
                continue;
            }
            if cue.is_scam_tactic() {
                tactics += 1;
            }
            let policy = context::policy_text(dir, cue);
            match (cue, vendor_context, policy) {
                (Cue::ScheduledCall, true, Some(p)) if !has_valid_notice => a.warn(
                    20,
                    "policy-contradiction",
                    format!("It announces a call without a signed notice; {vendor} says: \"{p}\""),
                ),
                (Cue::ScheduledCall, _, _) => {}
                (Cue::Urgency, true, _) => a.warn(5, "urgency", format!("It {}", cue.describe())),
                (Cue::Urgency, false, _) => {}
                (_, true, Some(p)) => a.warn(
                    20,
                    "policy-contradiction",
                    format!("It {}; {vendor} says: \"{p}\"", cue.describe()),
                ),
                (_, true, None) => a.warn(15, "scam-tactic", format!("It {}", cue.describe())),
                (_, false, _) => a.warn(8, "scam-tactic", format!("It {}", cue.describe())),
            }
        }
        if !vendor_context && tactics >= 2 && !commentary_page && !ev.phones.is_empty() {
            a.warn(
                20,
                "scam-pattern",
                "It uses the tactics of tech-support scams and gives a number to call".into(),
            );
        }
    }
}

/// Whether a tactic is stated as something that does not happen ("we never
/// ask for remote access", "no gift cards"): a policy, not a request.
fn negated(lower: &str, hit: &Hit) -> bool {
    if !hit.cue.is_scam_tactic() || hit.cue == Cue::DoNotShutDown {
        return false;
    }
    let from = floor_boundary(lower, hit.start.saturating_sub(48));
    let before = lower.get(from..hit.start).unwrap_or("");
    // Only within the same sentence.
    let before = before
        .rsplit(['.', '!', '?', '\n'])
        .next()
        .unwrap_or(before);
    [
        " never ", " not ", "n't ", " no ", "never ", " nor ", "without ",
    ]
    .iter()
    .any(|n| before.contains(n) || before.starts_with(n.trim_start()))
}

/// The host name a brand mention is part of (`northwind-support.com`), if
/// the mention sits inside one.
fn host_around(text: &str, start: usize, end: usize) -> Option<String> {
    let is_host_char = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    let before = text.get(..start)?;
    let s = before
        .char_indices()
        .rev()
        .take(200)
        .take_while(|(_, c)| is_host_char(*c))
        .last()
        .map_or(start, |(i, _)| i);
    let after = text.get(end..)?;
    let e = end
        + after
            .char_indices()
            .take(200)
            .take_while(|(_, c)| is_host_char(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
    let host = text.get(s..e)?.trim_matches(['.', '-']);
    let tld = host.rsplit('.').next()?;
    (host.contains('.') && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
        .then(|| host.to_lowercase())
}

#[cfg(test)]
mod tests;
