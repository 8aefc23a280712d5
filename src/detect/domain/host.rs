//! Getting a host name out of hostile text, the way a browser would.
//!
//! The host a link really goes to is what the browser's URL parser makes of
//! it, not what the text looks like: `https://northwind.example@evil.io/`
//! goes to `evil.io`, `north%77ind.example` to `northwind.example`, and
//! full-width letters and dots are rewritten by IDNA (UTS #46) before DNS
//! ever sees them. So this module follows the WHATWG URL rules that matter
//! for finding the host (special schemes, backslashes, userinfo, ports, IP
//! literals, percent-decoding) and the `idna` crate's UTS #46 processing, and
//! nothing more: no full URL parser is shipped in the wasm package for this.
//!
//! Every input is bounded before any per-character work, so a megabyte of
//! "host" costs a length check, not a scan through IDNA.

use std::borrow::Cow;
use std::fmt;

/// The longest host name DNS allows, in ASCII (punycode) bytes.
pub const MAX_HOST_LEN: usize = 253;

/// Raw host input longer than this is rejected before decoding. A valid
/// host is at most 253 ASCII bytes; in Unicode with percent-escapes it can
/// be longer, but not by more than this allows.
const MAX_RAW_HOST: usize = 2048;

/// Why a URL has no host that could be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrlError {
    /// The text is empty or only spaces.
    Empty,
    /// A link of a kind that has no host (`data:`, `javascript:`, `tel:`...).
    NoHost {
        /// The scheme, lowercase, e.g. `javascript`.
        scheme: String,
    },
    /// The host has `%` escapes that are not valid hex or not valid UTF-8.
    BadPercentEncoding,
    /// The authority part cannot be a host: a bad port, an unclosed `[`...
    Malformed {
        /// What is wrong, in a few words.
        problem: &'static str,
    },
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::Empty => write!(f, "the link is empty; there is no web address to check"),
            UrlError::NoHost { scheme } => write!(
                f,
                "a {scheme}: link does not name a web site, so there is no domain to check"
            ),
            UrlError::BadPercentEncoding => write!(
                f,
                "the host name has %-escapes that do not decode to text; a browser would refuse this link"
            ),
            UrlError::Malformed { problem } => {
                write!(f, "this is not a usable web address: {problem}")
            }
        }
    }
}

impl std::error::Error for UrlError {}

/// The parts of a URL that decide where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlHost<'a> {
    /// Anything before an `@` in the authority (`user:pass`), percent-decoded
    /// lossily. Browsers send it as credentials; scammers use it to put an
    /// official-looking name in front of the real host.
    pub userinfo: Option<Cow<'a, str>>,
    /// The host, percent-decoded, without the port; IPv6 literals keep their
    /// brackets. Not yet IDNA-processed: may be Unicode, any case.
    pub host: Cow<'a, str>,
}

/// Schemes whose URLs always have a host, and where `\` counts as `/`.
const SPECIAL_SCHEMES: [&str; 6] = ["http", "https", "ws", "wss", "ftp", "file"];

/// Finds the host a URL (or a bare `host`, `host:port/path`, `//host/path`)
/// goes to. For `mailto:` it is the domain of the address.
pub fn url_host(url: &str) -> Result<UrlHost<'_>, UrlError> {
    // WHATWG: strip leading and trailing C0 controls and spaces; tabs and
    // newlines anywhere are removed.
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if trimmed.is_empty() {
        return Err(UrlError::Empty);
    }
    if trimmed.contains(['\t', '\n', '\r']) {
        let cleaned: String = trimmed
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        return url_host_clean(&cleaned).map(UrlHost::into_owned);
    }
    url_host_clean(trimmed)
}

impl UrlHost<'_> {
    fn into_owned(self) -> UrlHost<'static> {
        UrlHost {
            userinfo: self.userinfo.map(|u| Cow::Owned(u.into_owned())),
            host: Cow::Owned(self.host.into_owned()),
        }
    }
}

fn url_host_clean(s: &str) -> Result<UrlHost<'_>, UrlError> {
    let (authority, special) = match scheme_of(s) {
        Some((scheme, rest)) => {
            let lower = scheme.to_ascii_lowercase();
            if SPECIAL_SCHEMES.contains(&lower.as_str()) {
                (rest.trim_start_matches(['/', '\\']), true)
            } else if lower == "mailto" {
                let address = rest.split(['?', '#']).next().unwrap_or_default();
                return match address.rsplit_once('@') {
                    Some((_, domain)) if !domain.is_empty() => Ok(UrlHost {
                        userinfo: None,
                        host: percent_decode(domain)?,
                    }),
                    _ => Err(UrlError::NoHost { scheme: lower }),
                };
            } else if let Some(after) = rest.strip_prefix("//") {
                (after, false)
            } else if looks_like_port(rest) {
                // `northwind.example:8443/path` reads as scheme
                // `northwind.example`; it is a host and a port.
                (s, false)
            } else {
                return Err(UrlError::NoHost { scheme: lower });
            }
        }
        None => (s.strip_prefix("//").unwrap_or(s), true),
    };
    let end = authority
        .find(|c: char| c == '/' || c == '?' || c == '#' || (special && c == '\\'))
        .unwrap_or(authority.len());
    let authority = authority.get(..end).unwrap_or(authority);
    let (userinfo, host_port) = match authority.rsplit_once('@') {
        Some((user, host)) => (Some(user), host),
        None => (None, authority),
    };
    let host = strip_port(host_port)?;
    if host.is_empty() {
        return Err(UrlError::Malformed {
            problem: "the host name is empty",
        });
    }
    if host.len() > MAX_RAW_HOST {
        // Too long to be a host whatever it decodes to; the classifier
        // says so without anyone copying a megabyte first.
        return Ok(UrlHost {
            userinfo: None,
            host: Cow::Borrowed(host),
        });
    }
    Ok(UrlHost {
        userinfo: userinfo.map(|u| percent_decode_lossy(prefix(u, MAX_RAW_HOST))),
        host: percent_decode(host)?,
    })
}

/// `Some((scheme, rest))` if `s` starts with a URL scheme and a colon.
fn scheme_of(s: &str) -> Option<(&str, &str)> {
    let colon = s.find(':')?;
    let scheme = s.get(..colon)?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
        Some((scheme, s.get(colon + 1..)?))
    } else {
        None
    }
}

/// Whether `rest` (after a colon) is a port number then the end or a path.
fn looks_like_port(rest: &str) -> bool {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && matches!(rest.as_bytes().get(digits), None | Some(b'/' | b'?' | b'#'))
}

/// Splits a port off `host:port`; `[v6]:port` keeps the brackets. A bare
/// IPv6 address (more than one colon, no brackets) is returned whole.
pub fn strip_port(host_port: &str) -> Result<&str, UrlError> {
    if host_port.starts_with('[') {
        let close = host_port.find(']').ok_or(UrlError::Malformed {
            problem: "an IPv6 address is missing its closing ]",
        })?;
        let (host, after) = host_port.split_at(close + 1);
        return match after.strip_prefix(':') {
            None if after.is_empty() => Ok(host),
            Some(port) if port.bytes().all(|b| b.is_ascii_digit()) => Ok(host),
            _ => Err(UrlError::Malformed {
                problem: "the port after an IPv6 address is not a number",
            }),
        };
    }
    match host_port.bytes().filter(|b| *b == b':').count() {
        0 => Ok(host_port),
        1 => {
            let (host, port) = host_port.split_once(':').unwrap_or((host_port, ""));
            if port.bytes().all(|b| b.is_ascii_digit()) {
                Ok(host)
            } else {
                Err(UrlError::Malformed {
                    problem: "the port is not a number",
                })
            }
        }
        _ => Ok(host_port),
    }
}

/// The first `max` bytes of `s`, cut at a character boundary.
pub(super) fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or_default()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn percent_bytes(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex)?;
            let lo = bytes.get(i + 2).copied().and_then(hex)?;
            out.push(hi * 16 + lo);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

/// Percent-decodes a host; the result must be UTF-8 (as WHATWG requires).
fn percent_decode(s: &str) -> Result<Cow<'_, str>, UrlError> {
    if !s.contains('%') {
        return Ok(Cow::Borrowed(s));
    }
    let bytes = percent_bytes(s).ok_or(UrlError::BadPercentEncoding)?;
    String::from_utf8(bytes)
        .map(Cow::Owned)
        .map_err(|_| UrlError::BadPercentEncoding)
}

fn percent_decode_lossy(s: &str) -> Cow<'_, str> {
    match percent_bytes(s) {
        Some(bytes) if s.contains('%') => Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()),
        _ => Cow::Borrowed(s),
    }
}

/// A host after UTS #46 processing.
#[derive(Debug)]
pub(super) struct Normal {
    /// Lowercase ASCII, punycode for IDN labels, no trailing dot.
    pub ascii: String,
    /// The same host with IDN labels decoded, for display and skeletons.
    pub unicode: String,
    /// The input had characters that IDNA rewrote or dropped without making
    /// an IDN: full-width letters or dots, zero-width spaces, soft hyphens.
    pub rewritten: bool,
}

/// Why a host cannot be classified as a domain name.
#[derive(Debug)]
pub(super) enum Problem {
    /// Longer than DNS allows (bytes as given, or after processing).
    TooLong(usize),
    /// An IPv4 or IPv6 literal.
    Ip,
    /// Not a valid host name.
    Invalid(&'static str),
}

/// Characters that render as nothing or reorder text: default-ignorable
/// code points and bidi controls.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Text safe to show in a warning: controls and invisible characters are
/// spelled out as `<U+200B>`, and it is cut to `max` characters.
pub(super) fn display_safe(s: &str, max: usize) -> String {
    if s.len() <= max && !s.chars().any(|c| c.is_control() || is_invisible(c)) {
        return s.to_owned();
    }
    let mut out = String::new();
    for (n, c) in s.chars().enumerate() {
        if n >= max {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

fn is_plain_ascii_host(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

fn has_idn_label(ascii: &str) -> bool {
    ascii.split('.').any(|l| l.starts_with("xn--"))
}

/// Whether the last label makes WHATWG parse the host as IPv4 (digits, or
/// `0x` hex: `3232235777`, `0x7f.1`).
fn ends_in_number(ascii: &str) -> bool {
    let last = ascii.rsplit('.').next().unwrap_or_default();
    if last.is_empty() {
        return false;
    }
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    match last.strip_prefix("0x") {
        Some(hex) => hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// IDN processing (see `idn`) and the DNS shape checks, with the input bounded.
pub(super) fn normalize(raw: &str) -> Result<Normal, Problem> {
    if raw.len() > MAX_RAW_HOST {
        return Err(Problem::TooLong(raw.len()));
    }
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    let host = strip_port(trimmed).map_err(|_| Problem::Invalid("it has a bad port number"))?;
    if host.starts_with('[') || host.contains(':') {
        return Err(Problem::Ip);
    }
    let mut rewritten = false;
    let plain = if is_plain_ascii_host(host) {
        Some(host.to_ascii_lowercase()).filter(|lower| !has_idn_label(lower))
    } else {
        None
    };
    let mut ascii = if let Some(lower) = plain {
        lower
    } else {
        let mapped = super::idn::to_ascii(host).map_err(|_| {
            Problem::Invalid("it has characters that are not allowed in domain names")
        })?;
        rewritten = !host.is_ascii() && !has_idn_label(&mapped);
        mapped
    };
    if ascii.ends_with('.') {
        ascii.pop();
    }
    if ascii.is_empty() {
        return Err(Problem::Invalid("it is empty"));
    }
    if ascii.len() > MAX_HOST_LEN {
        return Err(Problem::TooLong(ascii.len()));
    }
    if ascii.split('.').any(str::is_empty) {
        return Err(Problem::Invalid(
            "it has an empty label (two dots in a row)",
        ));
    }
    if ascii.split('.').any(|l| l.len() > 63) {
        return Err(Problem::Invalid("it has a label longer than 63 characters"));
    }
    if ends_in_number(&ascii) {
        return Err(Problem::Ip);
    }
    let unicode = if has_idn_label(&ascii) {
        super::idn::to_unicode(&ascii)
            .map_err(|_| Problem::Invalid("it has a punycode label that does not decode"))?
    } else {
        ascii.clone()
    };
    Ok(Normal {
        ascii,
        unicode,
        rewritten,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(url: &str) -> Result<String, UrlError> {
        url_host(url).map(|h| h.host.into_owned())
    }

    #[test]
    fn hosts_from_urls() {
        assert_eq!(
            host("https://northwind.example/x").as_deref(),
            Ok("northwind.example")
        );
        assert_eq!(
            host("https://northwind.example@evil.io/").as_deref(),
            Ok("evil.io")
        );
        assert_eq!(host("HTTPS:\\\\evil.io\\x").as_deref(), Ok("evil.io"));
        assert_eq!(
            host("northwind.example:8443/login").as_deref(),
            Ok("northwind.example")
        );
        assert_eq!(
            host("northwind.example/login").as_deref(),
            Ok("northwind.example")
        );
        assert_eq!(
            host("//northwind.example/login").as_deref(),
            Ok("northwind.example")
        );
        assert_eq!(host("http://[::1]:80/").as_deref(), Ok("[::1]"));
        assert_eq!(
            host("http://north%77ind.example/").as_deref(),
            Ok("northwind.example")
        );
        assert_eq!(
            host("mailto:help@northwind.example?subject=x").as_deref(),
            Ok("northwind.example")
        );
        assert_eq!(host(" https://a.example\n/ ").as_deref(), Ok("a.example"));
        assert_eq!(
            host("javascript:alert(1)"),
            Err(UrlError::NoHost {
                scheme: "javascript".into()
            })
        );
        assert_eq!(
            host("http://%ff.example/"),
            Err(UrlError::BadPercentEncoding)
        );
        assert!(host("http://a.example:xyz/").is_err());
        assert!(host("").is_err());
    }

    #[test]
    fn normalizing() {
        let n = normalize("NorthWind.Example.")
            .map_err(|_| ())
            .map(|n| n.ascii);
        assert_eq!(n.as_deref(), Ok("northwind.example"));
        let n = normalize("ｎｏｒｔｈｗｉｎｄ\u{3002}example").map_err(|_| ());
        assert!(n.is_ok_and(|n| n.ascii == "northwind.example" && n.rewritten));
        assert!(matches!(normalize("1.2.3.4"), Err(Problem::Ip)));
        assert!(matches!(normalize("[::1]:443"), Err(Problem::Ip)));
        assert!(matches!(
            normalize("north\u{202E}wind.example"),
            Err(Problem::Invalid(_))
        ));
        assert!(matches!(normalize("a..example"), Err(Problem::Invalid(_))));
        assert!(matches!(
            normalize(&"a.".repeat(200)),
            Err(Problem::TooLong(_))
        ));
    }
}
