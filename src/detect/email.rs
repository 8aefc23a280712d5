//! Emails: the sender as the reader sees it, the body as text, and email
//! addresses in running text.
//!
//! Raw RFC 5322 messages are read with `mail-parser` (headers, encoded
//! words, MIME multipart, quoted-printable and base64 bodies, charsets it
//! knows without `encoding_rs`), which never panics on malformed input and
//! reads invalid UTF-8 lossily. Webmail gives only what its page shows: the
//! sender's name, address and the body, so [`Email`] is that shape and the
//! raw path fills it in.
//!
//! What matters about a sender is whether its display name claims the vendor
//! while its address is not the vendor's (the name is all a phone's mail
//! app shows), whether replies go elsewhere (`Reply-To`), and whether the
//! receiving server already saw the vendor's domain fail SPF, DKIM or DMARC
//! (`Authentication-Results`; the engine cannot check signatures itself).

#[cfg(feature = "detect")]
use mail_parser::{Address, MessageParser, PartType};

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

#[cfg(feature = "detect")]
fn first_addr(addr: Option<&Address<'_>>) -> (String, String) {
    match addr.and_then(|a| a.first()) {
        Some(a) => (
            a.name().unwrap_or("").trim().to_string(),
            a.address().unwrap_or("").trim().to_ascii_lowercase(),
        ),
        None => (String::new(), String::new()),
    }
}

#[cfg(feature = "detect")]
/// Parses a raw RFC 5322 message. `None` if it has no headers at all.
pub fn parse(raw: &[u8]) -> Option<Email> {
    let raw = raw.get(..raw.len().min(MAX_RAW_EMAIL)).unwrap_or(raw);
    let message = MessageParser::default().parse(raw)?;
    let (from_name, from_address) = first_addr(message.from());
    let reply_to = message
        .reply_to()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.address())
                .map(|s| s.trim().to_ascii_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let (_, to) = first_addr(message.to());
    let subject = message.subject().unwrap_or("").to_string();

    let mut plain = String::new();
    let mut html_text = String::new();
    let mut html_quoted: Vec<(usize, usize)> = Vec::new();
    let mut links = Vec::new();
    for (idx, part) in message.parts.iter().enumerate().take(256) {
        if message.attachments.iter().any(|&a| a as usize == idx) {
            continue;
        }
        match &part.body {
            PartType::Text(t) if plain.len() < MAX_RAW_EMAIL => {
                if !plain.is_empty() {
                    plain.push('\n');
                }
                plain.push_str(t);
            }
            PartType::Html(h) => {
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
            _ => {}
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
    let body_is_html = plain.trim().is_empty();
    let (body, quoted) = if body_is_html {
        (html_text, html_quoted)
    } else {
        let quoted = text::quoted_lines(&plain);
        (plain, quoted)
    };

    // Only the From address is judged (a `Sender:` header is the
    // submitter's claim, and is not read); how far it is the vendor's
    // depends on what the receiving server authenticated.
    let mut auth_failures = Vec::new();
    let mut auth_results = false;
    let mut auth_passed: Vec<String> = Vec::new();
    for (name, value) in message.headers_raw().take(64) {
        if !name.eq_ignore_ascii_case("authentication-results") {
            continue;
        }
        auth_results = true;
        let lower = value.to_ascii_lowercase();
        for label in ["dmarc=fail", "spf=fail", "spf=softfail", "dkim=fail"] {
            if lower.contains(label) && !auth_failures.iter().any(|l| l == label) {
                auth_failures.push(label.to_string());
            }
        }
        for domain in authenticated_domains(&lower) {
            if auth_passed.len() < 16 && !auth_passed.contains(&domain) {
                auth_passed.push(domain);
            }
        }
    }
    Some(Email {
        from_name,
        from_address,
        reply_to,
        to: (!to.is_empty()).then_some(to),
        subject,
        body,
        links,
        auth_failures,
        auth_results,
        auth_passed,
        body_is_html,
        quoted,
    })
}

/// The domains an `Authentication-Results` value (lowercased) says passed:
/// `header.d` of `dkim=pass`, `header.from` of `dmarc=pass`, and the
/// envelope domain of `spf=pass` (which DMARC also accepts when it is the
/// From domain's).
pub fn authenticated_domains(lower: &str) -> Vec<String> {
    let mut out = Vec::new();
    for clause in lower.split(';').take(32) {
        let clause = clause.trim();
        let key = if clause.starts_with("dkim=pass") {
            "header.d="
        } else if clause.starts_with("dmarc=pass") {
            "header.from="
        } else if clause.starts_with("spf=pass") {
            "smtp.mailfrom="
        } else {
            continue;
        };
        let Some(at) = clause.find(key) else { continue };
        let value = clause.get(at + key.len()..).unwrap_or("");
        // `smtp.mailfrom` may be a whole address.
        let value = match value
            .split_whitespace()
            .next()
            .and_then(|v| v.rsplit_once('@'))
        {
            Some((_, domain)) => domain,
            None => value,
        };
        let domain: String = value
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
            .collect();
        let domain = domain.trim_matches('.').to_string();
        if domain.contains('.') {
            out.push(domain);
        }
    }
    out
}

/// Whether the From address is supported by the authentication results:
/// they are absent (nothing to go on), or a passing DKIM signature or
/// DMARC result is for the From domain or a domain it belongs to (relaxed
/// alignment).
pub fn from_is_authenticated(mail: &Email) -> bool {
    if !mail.auth_results {
        return true;
    }
    let Some(from) = domain_of(&mail.from_address) else {
        return false;
    };
    mail.auth_passed.iter().any(|d| {
        from == d
            || from
                .strip_suffix(d.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
            || d.strip_suffix(from).is_some_and(|rest| rest.ends_with('.'))
    })
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
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while out.len() < limit {
        let Some(at) = bytes
            .get(from..)
            .and_then(|r| r.iter().position(|&b| b == b'@'))
            .map(|p| p + from)
        else {
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

    proptest::proptest! {
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
