//! Emails: the sender as the reader sees it, the body as text, and email
//! addresses in running text.
//!
//! Raw RFC 5322 messages are read with `mail-parser` (headers, encoded
//! words, MIME multipart, quoted-printable and base64 bodies, charsets it
//! knows without `encoding_rs`), which never panics on malformed input and
//! reads invalid UTF-8 lossily. Webmail gives only what its page shows: the
//! sender's name, address and the body, so [`Email`] is that shape and the
//! raw path fills it in. Reading ([`read_parts`], cargo feature
//! `raw-email`) and building ([`Email::from_parts`]) are apart because the
//! browser does them in two packages: the extension's engine leaves
//! `mail-parser` to a small package it loads only for a pasted raw email.
//!
//! What matters about a sender is whether its display name claims the vendor
//! while its address is not the vendor's (the name is all a phone's mail
//! app shows), whether replies go elsewhere (`Reply-To`), and whether the
//! receiving server already saw the vendor's domain fail SPF, DKIM or DMARC
//! (`Authentication-Results`; the engine cannot check signatures itself).

#[cfg(feature = "detect")]
use super::text;
use super::text::Link;

/// Raw messages larger than this are cut before parsing; real support mail
/// is far smaller, and parsing cost must stay bounded.
pub const MAX_RAW_EMAIL: usize = 16 * 1024 * 1024;

/// An email as the engine reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Email {
    /// The `From` display name.
    pub from_name: String,
    /// The `From` address, lowercased.
    pub from_address: String,
    /// `Reply-To` addresses, lowercased.
    pub reply_to: Vec<String>,
    /// The first `To` address, lowercased (for notice recipient bindings).
    pub to: Option<String>,
    /// The subject.
    pub subject: String,
    /// The body as text (the plain part, or the HTML part's visible text).
    pub body: String,
    /// Links from the HTML part.
    pub links: Vec<Link>,
    /// Authentication results that failed for the sender (`dmarc=fail`...).
    pub auth_failures: Vec<String>,
    /// Whether the message carries `Authentication-Results` at all.
    pub auth_results: bool,
    /// Domains the receiving server authenticated: `header.d` of a
    /// `dkim=pass`, `header.from` of a `dmarc=pass`, lowercased.
    pub auth_passed: Vec<String>,
    /// Whether `body` is the visible text of HTML (its line breaks end
    /// blocks) rather than plain text (whose line breaks are soft wraps).
    pub body_is_html: bool,
    /// Byte ranges of `body` that quote an earlier message.
    pub quoted: Vec<(usize, usize)>,
}

/// Whether raw bytes look like an RFC 5322 message: header lines at the top,
/// among them `From:`.
pub fn looks_like_email(raw: &[u8]) -> bool {
    let head = raw.get(..raw.len().min(16 * 1024)).unwrap_or(raw);
    let head = String::from_utf8_lossy(head);
    let mut has_from = false;
    let mut headers = 0;
    for line in head.lines().take(200) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        }
        headers += 1;
        has_from |= name.eq_ignore_ascii_case("from");
    }
    has_from && headers >= 2
}

/// A raw message as the mail reader hands it over: the headers and parts
/// the engine reads, decoded, and nothing judged yet. The reader
/// (`mail-parser`, cargo feature `raw-email`) is a package of its own in the
/// browser (`dist/pkg-mail`, loaded only when someone pastes a raw email),
/// so these are plain strings that cross from one package to the other;
/// [`Email::from_parts`] builds the engine's [`Email`] from them, natively
/// exactly as in the browser.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawParts {
    /// The first `From` address's display name, as decoded.
    pub from_name: String,
    /// The first `From` address, as written.
    pub from_address: String,
    /// Every `Reply-To` address, as written.
    pub reply_to: Vec<String>,
    /// The first `To` address, as written (empty without one).
    pub to: String,
    /// The subject, decoded.
    pub subject: String,
    /// The `text/plain` parts that are not attachments, in order.
    pub text: Vec<String>,
    /// The `text/html` parts that are not attachments, in order.
    pub html: Vec<String>,
    /// The first calendar invitation (a `text/calendar` part or an `.ics`
    /// attachment), its first [`MAX_CALENDAR`] bytes read as UTF-8.
    #[serde(default)]
    pub calendar: Option<String>,
    /// The values of the `Authentication-Results` headers among the first
    /// 64 headers, raw.
    pub auth_results: Vec<String>,
}

/// Reads a raw RFC 5322 message into its parts. `None` if it has no
/// headers at all.
#[cfg(feature = "raw-email")]
pub fn read_parts(raw: &[u8]) -> Option<RawParts> {
    use mail_parser::{Address, MessageParser, MimeHeaders, PartType};

    fn first_addr(addr: Option<&Address<'_>>) -> (String, String) {
        match addr.and_then(|a| a.first()) {
            Some(a) => (
                a.name().unwrap_or("").to_string(),
                a.address().unwrap_or("").to_string(),
            ),
            None => (String::new(), String::new()),
        }
    }

    let raw = raw.get(..raw.len().min(MAX_RAW_EMAIL)).unwrap_or(raw);
    let message = MessageParser::default().parse(raw)?;
    let (from_name, from_address) = first_addr(message.from());
    let reply_to = message
        .reply_to()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.address())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let (_, to) = first_addr(message.to());
    let mut parts = RawParts {
        from_name,
        from_address,
        reply_to,
        to,
        subject: message.subject().unwrap_or("").to_string(),
        ..RawParts::default()
    };
    for (idx, part) in message.parts.iter().enumerate().take(256) {
        if message.attachments.iter().any(|&a| a as usize == idx) {
            continue;
        }
        match &part.body {
            PartType::Text(t) => parts.text.push(t.to_string()),
            PartType::Html(h) => parts.html.push(h.to_string()),
            _ => {}
        }
    }
    // The calendar invitation: scammers send renewal "receipts" as
    // invitations because the mail client shows the event, not the message.
    parts.calendar = message
        .parts
        .iter()
        .take(256)
        .find(|p| {
            let calendar = p.content_type().is_some_and(|ct| {
                let sub = ct.subtype().unwrap_or("");
                (ct.ctype().eq_ignore_ascii_case("text") && sub.eq_ignore_ascii_case("calendar"))
                    || (ct.ctype().eq_ignore_ascii_case("application")
                        && sub.eq_ignore_ascii_case("ics"))
            });
            calendar
                || p.attachment_name()
                    .is_some_and(|n| n.to_ascii_lowercase().ends_with(".ics"))
        })
        .map(|part| {
            let raw = part.contents();
            String::from_utf8_lossy(raw.get(..raw.len().min(MAX_CALENDAR)).unwrap_or(raw))
                .into_owned()
        });
    parts.auth_results = message
        .headers_raw()
        .take(64)
        .filter(|(name, _)| name.eq_ignore_ascii_case("authentication-results"))
        .map(|(_, value)| value.to_string())
        .collect();
    Some(parts)
}

/// Parses a raw RFC 5322 message. `None` if it has no headers at all.
#[cfg(all(feature = "detect", feature = "raw-email"))]
pub fn parse(raw: &[u8]) -> Option<Email> {
    read_parts(raw).map(|parts| Email::from_parts(&parts))
}

#[cfg(feature = "detect")]
impl Email {
    /// The email the engine reads from a raw message's parts: the plain
    /// part (or the HTML part's visible text), links, quotes, the calendar
    /// invitation's text, and what the receiving server authenticated.
    /// Bounded whatever the parts hold (they may come from a page).
    pub fn from_parts(parts: &RawParts) -> Email {
        let from_name = parts.from_name.trim().to_string();
        let from_address = parts.from_address.trim().to_ascii_lowercase();
        let reply_to = parts
            .reply_to
            .iter()
            .map(|s| s.trim().to_ascii_lowercase())
            .collect();
        let to = parts.to.trim().to_ascii_lowercase();
        let subject = parts.subject.clone();

        let mut plain = String::new();
        let mut html_text = String::new();
        let mut html_quoted: Vec<(usize, usize)> = Vec::new();
        let mut links = Vec::new();
        let mut html_event = false;
        for t in parts.text.iter().take(256) {
            if plain.len() < MAX_RAW_EMAIL {
                if !plain.is_empty() {
                    plain.push('\n');
                }
                plain.push_str(t);
            }
        }
        for h in parts.html.iter().take(256) {
            html_event |= h.contains("schema.org/Event");
            let e = text::extract(h);
            if links.len() < text::MAX_LINKS {
                links.extend(e.links);
            }
            if html_text.len() < MAX_RAW_EMAIL {
                if !html_text.is_empty() {
                    html_text.push('\n');
                }
                let at = html_text.len();
                html_quoted.extend(e.quoted.iter().map(|&(s, e)| (s + at, e + at)));
                html_text.push_str(&e.text);
            }
        }
        // Some senders label HTML as text/plain; read it as a mail client
        // that sniffs it would show it.
        if html_text.is_empty() && text::looks_like_html(&plain) {
            let e = text::extract(&plain);
            links.extend(e.links);
            html_text = e.text;
            html_quoted = e.quoted;
            plain = String::new();
        }
        // A calendar invitation's plain part runs the event's description
        // together (its line breaks were HTML); the HTML part keeps them, and
        // a receipt's heading and signature are lines.
        let body_is_html = plain.trim().is_empty() || (html_event && !html_text.trim().is_empty());
        let (mut body, quoted) = if body_is_html {
            (html_text, html_quoted)
        } else {
            let quoted = text::quoted_lines(&plain);
            (plain, quoted)
        };
        let event = parts
            .calendar
            .as_deref()
            .map(event_text)
            .filter(|text| !text.is_empty() && !html_event);
        if let Some(event) = event {
            if !body.is_empty() {
                body.push_str("\n\n");
            }
            body.push_str(&event);
        }

        // Only the From address is judged (a `Sender:` header is the
        // submitter's claim, and is not read); how far it is the vendor's
        // depends on what the receiving server authenticated for its domain.
        let mut auth_failures: Vec<String> = Vec::new();
        let mut auth_passed: Vec<String> = Vec::new();
        let from_domain = domain_of(&from_address).map(str::to_string);
        for value in parts.auth_results.iter().take(64) {
            for r in auth_results_of(&value.to_ascii_lowercase()) {
                if r.result == "pass" {
                    if let Some(d) = r.domain {
                        if auth_passed.len() < 16 && !auth_passed.contains(&d) {
                            auth_passed.push(d);
                        }
                    }
                } else if matches!(r.result, "fail" | "softfail")
                    && fails_for_from(&r, from_domain.as_deref())
                {
                    let label = format!("{}={}", r.method, r.result);
                    if !auth_failures.contains(&label) {
                        auth_failures.push(label);
                    }
                }
            }
        }
        Email {
            from_name,
            from_address,
            reply_to,
            to: (!to.is_empty()).then_some(to),
            subject,
            body,
            links,
            auth_failures,
            auth_results: !parts.auth_results.is_empty(),
            auth_passed,
            body_is_html,
            quoted,
        }
    }
}

/// Calendar invitations larger than this are read only up to it: an
/// event's text is a few kilobytes.
pub const MAX_CALENDAR: usize = 64 * 1024;

/// The readable text of an iCalendar object (RFC 5545): folded lines
/// joined, `SUMMARY`, `DESCRIPTION`, `LOCATION` values unescaped (`\n`,
/// `\,`, `\;`, `\\`), the `ORGANIZER`'s `CN` name; a description written
/// as HTML is read as HTML. Properties are separated by blank lines.
#[cfg(feature = "detect")]
pub fn event_text(ics: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in ics.lines().take(4096) {
        match (line.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some(last)) => last.push_str(rest),
            _ => lines.push(line.to_string()),
        }
    }
    let mut out = String::new();
    for line in &lines {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let (name, params) = key.split_once(';').unwrap_or((key, ""));
        let name = name.trim().to_ascii_uppercase();
        let value = match name.as_str() {
            "SUMMARY" | "DESCRIPTION" | "LOCATION" => unescape_ics(value),
            "ORGANIZER" => params
                .split(';')
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("CN=")
                        .or_else(|| p.trim().strip_prefix("cn="))
                })
                .map(|cn| cn.trim_matches('"').to_string())
                .unwrap_or_default(),
            _ => continue,
        };
        // The reminder every event carries says nothing.
        if value.trim().is_empty() || value.trim() == "This is an event reminder" {
            continue;
        }
        let value = if text::looks_like_html(&value) {
            text::extract(&value).text
        } else {
            value
        };
        // Each line its own paragraph, so that a plain body's soft-wrap
        // joining leaves the event's lines apart.
        for l in value.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if out.len() + l.len() > MAX_CALENDAR {
                return out;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(l);
        }
    }
    out
}

/// An iCalendar text value unescaped.
#[cfg(feature = "detect")]
fn unescape_ics(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// One result in an `Authentication-Results` header: the method (`dkim`,
/// `dmarc`, `spf`), its result, and the domain it is about: `header.d` (or
/// the domain of `header.i`) for DKIM, `header.from` for DMARC,
/// `smtp.mailfrom` (an address or a domain) for SPF.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthResult {
    /// `dkim`, `dmarc` or `spf`.
    pub method: &'static str,
    /// `pass`, `fail`, `softfail`, `none`, ...
    pub result: &'static str,
    /// The domain the result is about, lowercased, when the header names one.
    pub domain: Option<String>,
}

/// The DKIM, DMARC and SPF results in an `Authentication-Results` value
/// (lowercased). One header holds several results, `;`-separated, after the
/// server's own name; comments in parentheses are skipped.
pub fn auth_results_of(lower: &str) -> Vec<AuthResult> {
    let mut out = Vec::new();
    for clause in lower.split(';').take(32) {
        let clause = clause.trim();
        let Some((method, rest)) = clause.split_once('=') else {
            continue;
        };
        let method = match method.trim() {
            "dkim" => "dkim",
            "dmarc" => "dmarc",
            "spf" => "spf",
            _ => continue,
        };
        let word: String = rest
            .trim_start()
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let result = match word.as_str() {
            "pass" => "pass",
            "fail" => "fail",
            "softfail" => "softfail",
            "neutral" => "neutral",
            "none" => "none",
            "temperror" => "temperror",
            "permerror" => "permerror",
            "policy" => "policy",
            _ => continue,
        };
        let keys: &[&str] = match method {
            "dkim" => &["header.d=", "header.i="],
            "dmarc" => &["header.from="],
            _ => &["smtp.mailfrom="],
        };
        let domain = keys.iter().find_map(|key| {
            let at = clause.find(key)?;
            let value = clause.get(at + key.len()..)?.split_whitespace().next()?;
            // An address (`smtp.mailfrom`, `header.i`) names its domain after `@`.
            let value = value.rsplit_once('@').map_or(value, |(_, d)| d);
            let domain: String = value
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                .collect();
            let domain = domain.trim_matches('.');
            domain.contains('.').then(|| domain.to_ascii_lowercase())
        });
        out.push(AuthResult {
            method,
            result,
            domain,
        });
    }
    out
}

/// The domains an `Authentication-Results` value (lowercased) says passed:
/// `header.d` of `dkim=pass`, `header.from` of `dmarc=pass`, and the
/// envelope domain of `spf=pass` (which DMARC also accepts when it is the
/// From domain's).
pub fn authenticated_domains(lower: &str) -> Vec<String> {
    auth_results_of(lower)
        .into_iter()
        .filter(|r| r.result == "pass")
        .filter_map(|r| r.domain)
        .collect()
}

/// Whether a failed result counts against the From address: it is about
/// the From domain (or one aligned with it), or it is a DMARC result, which
/// is about the From domain by definition, naming none. A relay's or a
/// mailing service's failure says nothing about the sender the reader sees.
/// When the From header has no readable address (real scam mail writes
/// `Brand ,_<addr>`), the failures are the only sender there is.
#[cfg(feature = "detect")]
fn fails_for_from(r: &AuthResult, from: Option<&str>) -> bool {
    match (&r.domain, from) {
        (Some(d), Some(from)) => aligned(from, d),
        (None, _) => r.method == "dmarc",
        (Some(_), None) => true,
    }
}

/// Relaxed alignment (RFC 7489): the two domains are the same, or one is
/// under the other, and the shorter is not a public suffix (`co.uk`).
#[cfg(feature = "detect")]
fn aligned(from: &str, d: &str) -> bool {
    let under = |long: &str, short: &str| {
        long == short
            || long
                .strip_suffix(short)
                .is_some_and(|rest| rest.ends_with('.'))
    };
    let shorter = if from.len() <= d.len() { from } else { d };
    (under(from, d) || under(d, from)) && super::domain::registrable(shorter).is_some()
}

/// Whether the From address is supported by the authentication results:
/// they are absent (nothing to go on), or a passing DKIM signature, DMARC
/// or SPF result is for the From domain or a domain aligned with it. A
/// pass for a relay or another domain does not count.
#[cfg(feature = "detect")]
pub fn from_is_authenticated(mail: &Email) -> bool {
    if !mail.auth_results {
        return true;
    }
    let Some(from) = domain_of(&mail.from_address) else {
        return false;
    };
    mail.auth_passed.iter().any(|d| aligned(from, d))
}

/// Free email providers: anyone can get an address there, so a "vendor
/// support" sender on one is not the vendor.
const FREE_MAIL: [&str; 40] = [
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "live.com",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "ymail.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "gmx.com",
    "gmx.net",
    "gmx.de",
    "web.de",
    "mail.com",
    "mail.ru",
    "yandex.com",
    "yandex.ru",
    "zoho.com",
    "qq.com",
    "163.com",
    "126.com",
    "tutanota.com",
    "tuta.io",
    "fastmail.com",
    "hushmail.com",
    "inbox.com",
    "rediffmail.com",
    "email.com",
    "usa.com",
    "outlook.fr",
];

/// Whether the address's domain is a free email provider.
pub fn is_free_mail(address: &str) -> bool {
    address.rsplit_once('@').is_some_and(|(_, d)| {
        FREE_MAIL.contains(&d.trim_end_matches('.').to_ascii_lowercase().as_str())
    })
}

/// The domain part of an address.
pub fn domain_of(address: &str) -> Option<&str> {
    address
        .rsplit_once('@')
        .map(|(_, d)| d)
        .filter(|d| !d.is_empty())
}

/// An email address found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundAddress {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
    /// The address, lowercased.
    pub address: String,
}

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

fn is_domain_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// Email addresses in text (ASCII addresses; at most `limit`). Linear: each
/// `@` looks at most 64 bytes back and 253 ahead.
pub fn find_addresses(text: &str, limit: usize) -> Vec<FoundAddress> {
    find_addresses_with(text, limit, next_at)
}

/// The first `@` at or after byte `from`. `str::find` of a `char` reads a
/// machine word at a time (a byte at a time, this was a tenth of a page's
/// analysis); `from` is always just after ASCII (an `@` or a domain
/// character), so a character boundary.
fn next_at(text: &str, from: usize) -> Option<usize> {
    text.get(from..)?.find('@').map(|p| p + from)
}

/// [`find_addresses`], with `next(text, from)` finding the next `@` (the
/// reference in the tests reads the bytes one by one).
fn find_addresses_with(
    text: &str,
    limit: usize,
    next: fn(&str, usize) -> Option<usize>,
) -> Vec<FoundAddress> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while out.len() < limit {
        let Some(at) = next(text, from) else {
            break;
        };
        from = at + 1;
        let mut start = at;
        while start > 0
            && at - start < 64
            && bytes.get(start - 1).is_some_and(|&b| is_local_char(b))
        {
            start -= 1;
        }
        while bytes.get(start) == Some(&b'.') {
            start += 1;
        }
        let mut end = at + 1;
        while end - at <= 253 && bytes.get(end).is_some_and(|&b| is_domain_char(b)) {
            end += 1;
        }
        while end > at + 1 && matches!(bytes.get(end - 1), Some(b'.') | Some(b'-')) {
            end -= 1;
        }
        if start == at {
            continue;
        }
        let Some(candidate) = text.get(start..end) else {
            continue;
        };
        let Some((_, domain)) = candidate.split_once('@') else {
            continue;
        };
        let tld = domain.rsplit('.').next().unwrap_or("");
        if !domain.contains('.') || tld.len() < 2 || !tld.bytes().all(|b| b.is_ascii_alphabetic()) {
            continue;
        }
        out.push(FoundAddress {
            start,
            end,
            address: candidate.to_ascii_lowercase(),
        });
        from = end.max(from);
    }
    out
}

/// The address in a `mailto:` link target.
pub fn mailto_target(href: &str) -> Option<String> {
    let h = href.trim();
    let rest = h
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .and_then(|_| h.get(7..))?;
    let address = rest
        .split(['?', ','])
        .next()?
        .replace("%40", "@")
        .trim()
        .to_ascii_lowercase();
    address.contains('@').then_some(address)
}

/// An email address's domain as a sender, judged against one vendor: the
/// host's verdict, except that an official domain where the vendor hands
/// out mailboxes to anyone (a directory domain marked `public_mailboxes`,
/// e.g. a webmail service) is no official sender. Its web site stays the
/// vendor's, but anybody can write from it: a scam sent from a free
/// mailbox there is neither the vendor speaking nor, by its address alone,
/// a claim to be the vendor. An address the directory lists by itself
/// (`emails`) is official before this is asked.
#[cfg(feature = "detect")]
impl super::Engine {
    pub(super) fn classify_sender_host(&self, domain: &str) -> super::HostReport {
        self.as_sender_host(std::borrow::Cow::Owned(self.domains.classify_host(domain)))
            .into_owned()
    }

    /// [`Self::classify_sender_host`] on the host's report already made,
    /// copied only if it changes.
    pub(super) fn as_sender_host<'h>(
        &self,
        h: std::borrow::Cow<'h, super::HostReport>,
    ) -> std::borrow::Cow<'h, super::HostReport> {
        if !(h.is_official() && self.directory.directory().hands_out_mailboxes(&h.host)) {
            return h;
        }
        let mut h = h.into_owned();
        h.verdict = super::HostVerdict::Unrelated;
        h.reasons = vec![format!(
            "anyone can get an address on {}, so an address there is not {} writing",
            h.unicode,
            self.vendor()
        )];
        std::borrow::Cow::Owned(h)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const RAW: &str = "From: \"Northwind Security Support\" <help.northwind@gmail.com>\r\n\
Reply-To: refunds@nw-refunds.example\r\n\
To: alice@example.org\r\n\
Subject: =?UTF-8?Q?Your_refund_=E2=80=94_action_needed?=\r\n\
Authentication-Results: mx.example.org; spf=pass; dmarc=fail header.from=gmail.com\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
\r\n\
Call us at 1-844-555-0177 =E2=80=94 do not shut down your computer.\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
PHA+Q2FsbCA8YSBocmVmPSJ0ZWw6MTg0NDU1NTAxNzciPnVzPC9hPjwvcD4=\r\n\
--b1--\r\n";

    /// The browser reads a raw email in the mail package and hands its
    /// parts to the engine's package as plain data: after that crossing
    /// (serde, as serde-wasm-bindgen does it) the engine must build the
    /// email the CLI builds from the same bytes, for every message of the
    /// corpus.
    #[test]
    fn parts_read_in_another_package_build_the_same_email() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/emails");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "eml") {
                continue;
            }
            let raw = std::fs::read(&path).unwrap();
            let parts = read_parts(&raw).unwrap();
            let crossed: RawParts =
                serde_json::from_str(&serde_json::to_string(&parts).unwrap()).unwrap();
            assert_eq!(crossed, parts, "{}", path.display());
            assert_eq!(
                Some(Email::from_parts(&crossed)),
                parse(&raw),
                "{}",
                path.display()
            );
            seen += 1;
        }
        assert!(seen >= 40, "the corpus has its emails ({seen})");
        // The names the extension's JS passes on as they are.
        let json = serde_json::to_string(&read_parts(RAW.as_bytes()).unwrap()).unwrap();
        for name in [
            "fromName",
            "fromAddress",
            "replyTo",
            "authResults",
            "calendar",
        ] {
            assert!(json.contains(&format!("\"{name}\"")), "{name} in {json}");
        }
    }

    #[test]
    fn parts_from_a_page_are_bounded_and_checked() {
        // A page cannot make the builder read without bound.
        let parts = RawParts {
            text: vec!["x".repeat(1000); 10_000],
            auth_results: vec!["mx; dmarc=fail header.from=a.example".to_string(); 10_000],
            ..RawParts::default()
        };
        let mail = Email::from_parts(&parts);
        assert!(mail.body.len() < 300_000, "{}", mail.body.len());
        // A missing field is refused, not read as empty.
        assert!(serde_json::from_str::<RawParts>(r#"{"fromName":"x"}"#).is_err());
    }

    #[test]
    fn parses_headers_and_parts() {
        assert!(looks_like_email(RAW.as_bytes()));
        let e = parse(RAW.as_bytes()).unwrap();
        assert_eq!(e.from_name, "Northwind Security Support");
        assert_eq!(e.from_address, "help.northwind@gmail.com");
        assert_eq!(e.reply_to, vec!["refunds@nw-refunds.example".to_string()]);
        assert_eq!(e.to.as_deref(), Some("alice@example.org"));
        assert_eq!(e.subject, "Your refund \u{2014} action needed");
        assert!(
            e.body.contains("1-844-555-0177 \u{2014} do not shut down"),
            "{:?}",
            e.body
        );
        assert_eq!(e.links.len(), 1);
        assert_eq!(e.links[0].href, "tel:18445550177");
        assert_eq!(e.auth_failures, vec!["dmarc=fail".to_string()]);
        assert!(is_free_mail(&e.from_address));
    }

    #[test]
    fn only_from_counts_and_only_as_far_as_authentication_supports_it() {
        // A Sender header naming the official address is not read.
        let raw = "From: Renewals <renew@mailer-hub.example>\r\n\
            Sender: support@northwind.example\r\nTo: a@example.org\r\n\r\nHello\r\n";
        let e = parse(raw.as_bytes()).unwrap();
        assert_eq!(e.from_address, "renew@mailer-hub.example");
        // No results at all: nothing to go on, the From address stands.
        assert!(!e.auth_results);
        assert!(from_is_authenticated(&e));
        // DKIM passed for another domain and DMARC did not pass: the
        // official From address is not supported.
        let spoofed = "From: Northwind Security <support@northwind.example>\r\n\
            Sender: support@northwind.example\r\n\
            Authentication-Results: mx.example.org; dkim=pass header.d=mass-mailer.example;\r\n\
            \tspf=pass smtp.mailfrom=relay.mass-mailer.example; dmarc=none header.from=northwind.example\r\n\
            To: a@example.org\r\n\r\nHello\r\n";
        let e = parse(spoofed.as_bytes()).unwrap();
        assert!(e.auth_results);
        assert_eq!(
            e.auth_passed,
            vec![
                "mass-mailer.example".to_string(),
                "relay.mass-mailer.example".to_string()
            ]
        );
        assert!(!from_is_authenticated(&e));
        // A pass for the From domain, or the domain it belongs to, supports it.
        let signed = spoofed.replace("header.d=mass-mailer.example", "header.d=northwind.example");
        assert!(from_is_authenticated(&parse(signed.as_bytes()).unwrap()));
        let mut sub = parse(signed.as_bytes()).unwrap();
        sub.from_address = "news@mail.northwind.example".into();
        assert!(from_is_authenticated(&sub));
        sub.from_address = "news@evilnorthwind.example".into();
        assert!(!from_is_authenticated(&sub));
        // An SPF pass for the From domain's envelope counts too.
        let spf = "From: Northwind Security <support@northwind.example>\r\n\
            Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=bounce@northwind.example\r\n\
            To: a@example.org\r\n\r\nHello\r\n";
        assert!(from_is_authenticated(&parse(spf.as_bytes()).unwrap()));
    }

    #[test]
    fn authentication_counts_for_the_from_domain_only() {
        let mail = |from: &str, results: &[&str]| {
            let headers: String = results
                .iter()
                .map(|r| format!("Authentication-Results: {r}\r\n"))
                .collect();
            parse(
                format!("From: Northwind <{from}>\r\n{headers}To: a@example.org\r\n\r\nHello\r\n")
                    .as_bytes(),
            )
            .unwrap()
        };
        // Sent through a mailing service that signed with its own key, then
        // forwarded by a relay whose own checks failed: only DMARC speaks
        // about the From domain, and it failed.
        let e = mail(
            "support@northwind.example",
            &[
                "mx.example.org; dkim=pass header.d=esp.example header.i=@esp.example header.s=s1;\r\n\
                 \tspf=pass (sender IP is 192.0.2.7) smtp.mailfrom=bounces+77@em.esp.example;\r\n\
                 \tdmarc=fail (p=reject dis=none) header.from=northwind.example",
                "relay.example.net; dkim=fail (bad signature) header.d=relay.example.net;\r\n\
                 \tspf=softfail smtp.mailfrom=relay.example.net",
            ],
        );
        assert_eq!(e.auth_failures, vec!["dmarc=fail".to_string()]);
        assert!(!from_is_authenticated(&e));
        // The vendor's own newsletter through the same service: a second,
        // failing signature and the service's SPF are not the vendor failing.
        let e = mail(
            "news@mail.northwind.example",
            &[
                "mx.example.org; dkim=pass header.d=mail.northwind.example; dkim=fail header.d=esp.example;\r\n\
                 \tspf=softfail smtp.mailfrom=bounce.esp.example; dmarc=pass header.from=mail.northwind.example",
                "internal.example.org; spf=fail smtp.mailfrom=hop.example.org",
            ],
        );
        assert!(e.auth_failures.is_empty(), "{:?}", e.auth_failures);
        assert!(from_is_authenticated(&e));
        // A failure for the From domain itself counts, whichever method.
        let e = mail(
            "support@northwind.example",
            &["mx.example.org; spf=softfail smtp.mailfrom=northwind.example; dkim=none header.d=none; dmarc=fail header.from=northwind.example"],
        );
        assert_eq!(
            e.auth_failures,
            vec!["spf=softfail".to_string(), "dmarc=fail".to_string()]
        );
        // DMARC is about the From domain even when the header does not say.
        let e = mail("support@northwind.example", &["mx.example.org; dmarc=fail"]);
        assert_eq!(e.auth_failures, vec!["dmarc=fail".to_string()]);
        // A pass for a public suffix is no one's domain.
        let e = mail(
            "billing@northwind.co.uk",
            &["mx.example.org; dkim=pass header.d=co.uk"],
        );
        assert!(!from_is_authenticated(&e));
        let e = mail(
            "billing@northwind.co.uk",
            &["mx.example.org; dkim=pass header.i=@northwind.co.uk"],
        );
        assert!(from_is_authenticated(&e));
        // Several results per header, comments, odd spacing.
        assert_eq!(
            auth_results_of("mx.example.org; dkim = pass (2048-bit key) header.d=Esp.example; arc=pass; spf=none"),
            vec![
                AuthResult { method: "dkim", result: "pass", domain: Some("esp.example".into()) },
                AuthResult { method: "spf", result: "none", domain: None },
            ]
        );
    }

    #[test]
    fn calendar_invitations_are_read_as_part_of_the_body() {
        // The message itself says almost nothing; the event carries the
        // claim, folded and escaped as RFC 5545 writes it.
        let raw = "From: Kim <kim@club-mailer.example>\r\nTo: a@example.org\r\n\
            Subject: Invitation: Payment confirmation\r\n\
            Content-Type: multipart/mixed; boundary=\"m\"\r\n\r\n\
            --m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nYou have been invited.\r\n\
            --m\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n\
            BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n\
            ORGANIZER;CN=\"Kim Allen\":mailto:kim@club-mailer.example\r\n\
            DESCRIPTION:<p>Receipt\\, 29 October<br />Northwind Security<br />Billing line: 1-844-\r\n \
            555-0177</p>\r\n\
            SUMMARY:Your renewal\\, confirmed\\; thank you\\nSee below\r\n\
            BEGIN:VALARM\r\nDESCRIPTION:This is an event reminder\r\nEND:VALARM\r\n\
            END:VEVENT\r\nEND:VCALENDAR\r\n--m--\r\n";
        let e = parse(raw.as_bytes()).unwrap();
        assert!(e.body.starts_with("You have been invited."), "{:?}", e.body);
        for line in [
            "Kim Allen",
            "Receipt, 29 October",
            "Northwind Security",
            "Billing line: 1-844-555-0177",
            "Your renewal, confirmed; thank you",
            "See below",
        ] {
            assert!(
                e.body.contains(&format!("\n\n{line}")),
                "{line:?} in {:?}",
                e.body
            );
        }
        assert!(!e.body.contains("event reminder"));
        assert!(!e.body.contains("VCALENDAR"));
        // An attached .ics is read the same way; a huge one only up to the limit.
        let huge = format!(
            "BEGIN:VEVENT\r\nSUMMARY:{}\r\nDESCRIPTION:Northwind\r\nEND:VEVENT\r\n",
            "a ".repeat(MAX_CALENDAR)
        );
        assert!(event_text(&huge).len() <= MAX_CALENDAR);
        assert_eq!(event_text("no calendar here\n:\n;;;"), "");
        assert_eq!(event_text("SUMMARY:trailing \\"), "trailing");
    }

    #[test]
    fn html_labelled_as_plain_text_is_read_as_html() {
        let raw = "From: a@b.example\r\nTo: c@d.example\r\nContent-Type: text/plain\r\n\r\n\
            <html><body><p>Call <a href=\"tel:+18445550177\">us</a></p><script>x()</script></body></html>\r\n";
        let e = parse(raw.as_bytes()).unwrap();
        assert!(e.body_is_html);
        assert_eq!(e.body, "Call us");
        assert_eq!(e.links.len(), 1);
    }

    #[test]
    fn garbage_does_not_panic() {
        assert!(!looks_like_email(b"hello world"));
        assert!(!looks_like_email(b"<html><body>From: x</body></html>"));
        let mut junk = b"From: a@b.c\r\nSubject: \xff\xfe\r\n\r\n".to_vec();
        junk.extend(std::iter::repeat(0xC3u8).take(100_000));
        let _ = parse(&junk);
        let _ = parse(b"");
        let _ = parse(b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n--x--");
    }

    #[test]
    fn addresses_in_text() {
        let found = find_addresses("Write to Support@Northwind.example. Or x@y, or a@b.co!", 10);
        let got: Vec<&str> = found.iter().map(|f| f.address.as_str()).collect();
        assert_eq!(got, vec!["support@northwind.example", "a@b.co"]);
        assert_eq!(
            mailto_target("mailto:Billing%40northwind.example?subject=x").as_deref(),
            Some("billing@northwind.example")
        );
        let many = "a@b.cc ".repeat(100_000);
        assert_eq!(find_addresses(&many, 50).len(), 50);
        let ats = "@".repeat(1_000_000);
        assert!(find_addresses(&ats, 50).is_empty());
    }

    /// The former way: the next `@` found a byte at a time.
    fn next_at_bytewise(text: &str, from: usize) -> Option<usize> {
        let bytes = text.as_bytes().get(from..)?;
        bytes.iter().position(|&b| b == b'@').map(|p| p + from)
    }

    fn same_addresses(text: &str, limit: usize) -> usize {
        let fast = find_addresses(text, limit);
        let slow = find_addresses_with(text, limit, next_at_bytewise);
        let key = |f: &FoundAddress| (f.start, f.end, f.address.clone());
        let fast: Vec<_> = fast.iter().map(key).collect();
        assert_eq!(fast, slow.iter().map(key).collect::<Vec<_>>(), "{text:?}");
        fast.len()
    }

    /// The word-at-a-time search for `@` finds the addresses the byte
    /// loop found, on every corpus page, webmail page and email.
    #[cfg(feature = "detect")]
    #[test]
    fn addresses_as_the_reference_on_the_corpus() {
        let corpus = crate::detect::testing::corpus(&["pages", "webmail", "emails"]);
        assert!(corpus.len() > 40, "{}", corpus.len());
        let mut found = 0;
        for t in &corpus {
            found += same_addresses(t, 1_000);
            same_addresses(t, 1);
        }
        assert!(found > 20, "{found}");
    }

    proptest::proptest! {
        /// The same on text made of address pieces.
        #[test]
        fn addresses_as_the_reference(parts in proptest::collection::vec(proptest::sample::select(vec![
            "@", "a", "b.c", ".", "-", "x.co", " ", "é", "@@", "support", ".example", "\n", "+",
        ]), 0..30), limit in 1usize..4) {
            same_addresses(&parts.concat(), limit);
        }

        #[test]
        fn parse_never_panics(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let _ = looks_like_email(&bytes);
            let _ = parse(&bytes);
        }

        #[test]
        fn addresses_are_found(local in "[a-z][a-z0-9.]{0,10}[a-z0-9]", domain in "[a-z]{2,10}", tld in "[a-z]{2,4}") {
            let address = format!("{local}@{domain}.{tld}");
            let found = find_addresses(&format!("write to {address}, please"), 5);
            proptest::prop_assert_eq!(found.len(), 1);
            proptest::prop_assert_eq!(&found[0].address, &address);
        }
    }
}
