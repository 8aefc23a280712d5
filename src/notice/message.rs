//! The one rule: a notice verifies a message only when the message matches it.
//!
//! A signature proves who signed the notice, not where the notice is now. A
//! genuine notice can be copied out of a real email into a scam email, pasted
//! under a scammer's phone number, followed by a forged "P.S.", or linked
//! from a look-alike verify site. So every tool that shows a notice as
//! verified (the CLI, the verify page through wasm, the detection engine and
//! through it the extension) asks this module, and it checks the message
//! around each notice:
//!
//! * every notice in the message is checked; one that fails makes the
//!   message fail, and each gets its own result;
//! * with a body digest, the text before the notice must be the signed body,
//!   and text after it is not covered: the result is "partly signed" and the
//!   unsigned text is shown;
//! * an email's sender must be the notice's contact point (for a call
//!   notice sent by email, one of the vendor's addresses);
//! * phone numbers and email addresses in the message that are not the
//!   vendor's contradict a vendor's notice;
//! * a verify link counts only on the directory's verify host.
//!
//! A genuine notice in a message that contradicts it is [`NoticeState::Copied`]:
//! a warning, never verified.

use core::fmt;

use super::canon;
use super::encoding::{find_notices, Encoding, FoundNotice, ARMOR_BEGIN, ARMOR_END};
use super::verify::{NoticeError, VerifiedNotice, VerifyOptions};
use super::{NoticeFormatError, SignedNotice};
use crate::directory::{UnixTime, VerifiedDirectory};
use crate::display::{shown, shown_within};

/// Most contacts reported per message.
const MAX_OTHER_CONTACTS: usize = 8;

/// What the reader knows about the message the notices came in.
#[derive(Clone, Copy, Debug, Default)]
pub struct MessageInput<'a> {
    /// The text the notices are in (a pasted message, an email body, or just
    /// a notice).
    pub text: &'a str,
    /// Whether `text` is one message as its reader got it, so that the text
    /// around a notice is that notice's message. A web page is not: its
    /// navigation and other content are not the message.
    pub is_message: bool,
    /// The message body, when the reader gave it apart from the notice (the
    /// verify page's "message text" box). It replaces the text before each
    /// notice for the body digest and is searched for other contacts.
    pub body: Option<&'a str>,
    /// The email's sender address, when known.
    pub sender: Option<&'a str>,
    /// The reader's own address, for recipient bindings.
    pub recipient: Option<&'a str>,
    /// The reader's clock, Unix seconds.
    pub now: UnixTime,
}

/// Where a notice leaves its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NoticeState {
    /// Genuine, and the message matches it.
    Verified,
    /// Cut off (an inbox preview, a partial paste): cannot be checked, and
    /// not evidence of anything.
    Incomplete,
    /// Genuine, with a body digest that covers the text before it, but text
    /// after it that nothing signed.
    PartlySigned,
    /// Genuine, but in a message that contradicts it: copied into a message
    /// the vendor did not send.
    Copied,
    /// Not a valid notice: forged, altered, expired, revoked, ...
    Invalid,
}

impl NoticeState {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeState::Verified => "verified",
            NoticeState::Incomplete => "incomplete",
            NoticeState::PartlySigned => "partly-signed",
            NoticeState::Copied => "copied",
            NoticeState::Invalid => "invalid",
        }
    }

    /// The four states of the page scan (`verified`, `copied`, `incomplete`,
    /// `invalid`): a partly signed message is a genuine notice in a message
    /// that is not all its own, so a copy.
    pub fn scan_state(self) -> &'static str {
        match self {
            NoticeState::PartlySigned => "copied",
            other => other.as_str(),
        }
    }

    /// Whether a genuine signature stands behind the notice.
    pub fn is_genuine(self) -> bool {
        matches!(
            self,
            NoticeState::Verified | NoticeState::PartlySigned | NoticeState::Copied
        )
    }
}

/// How a message contradicts a genuine notice.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// The email came from another address than the notice's.
    Sender {
        /// The message's sender address.
        sender: String,
        /// The notice's contact point (an email notice), or `None` for a call
        /// notice, which needs any of the vendor's addresses.
        expected: Option<String>,
    },
    /// A phone number in the message that is not one of the vendor's.
    OtherPhone {
        /// E.164.
        number: String,
    },
    /// An email address in the message that is not one of the vendor's.
    OtherAddress {
        /// The address, lowercase.
        address: String,
    },
    /// A verify link on another host than the directory's verify page.
    VerifyHost {
        /// The link's host (empty when it has none).
        host: String,
        /// The directory's verify host.
        expected: String,
    },
    /// Text after a notice with a body digest, which the digest does not
    /// cover.
    UnsignedText {
        /// That text, as it may be shown.
        text: String,
    },
}

impl Mismatch {
    /// A stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Mismatch::Sender { .. } => "sender-mismatch",
            Mismatch::OtherPhone { .. } => "other-phone",
            Mismatch::OtherAddress { .. } => "other-address",
            Mismatch::VerifyHost { .. } => "verify-host",
            Mismatch::UnsignedText { .. } => "unsigned-text",
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Mismatch::Sender {
                sender,
                expected: Some(contact),
            } => write!(
                f,
                "it was sent from {}, but the notice is for email from {}",
                shown_within(sender, 120),
                shown_within(contact, 120)
            ),
            Mismatch::Sender {
                sender,
                expected: None,
            } => write!(
                f,
                "it was sent from {}, which is not one of the vendor's addresses",
                shown_within(sender, 120)
            ),
            Mismatch::OtherPhone { number } => write!(
                f,
                "it also gives {}, which is not one of the vendor's numbers",
                crate::phone::display(&shown_within(number, 40))
            ),
            Mismatch::OtherAddress { address } => write!(
                f,
                "it also gives {}, which is not one of the vendor's addresses",
                shown_within(address, 120)
            ),
            Mismatch::VerifyHost { host, expected } if host.is_empty() => write!(
                f,
                "its verify link is not on the vendor's verify page ({})",
                shown_within(expected, 120)
            ),
            Mismatch::VerifyHost { host, expected } => write!(
                f,
                "its verify link goes to {}, not to the vendor's verify page on {}",
                shown_within(host, 120),
                shown_within(expected, 120)
            ),
            Mismatch::UnsignedText { text } => {
                write!(f, "the text after the notice was not signed: \"{text}\"")
            }
        }
    }
}

/// One notice of a message, checked with its message.
#[derive(Clone, Debug)]
pub struct CheckedNotice {
    /// How it was written.
    pub encoding: Encoding,
    /// Byte range in the text it was found in.
    pub start: usize,
    /// End of that range.
    pub end: usize,
    /// The notice's own verification.
    pub result: Result<VerifiedNotice, NoticeError>,
    /// Where it leaves the message.
    pub state: NoticeState,
    /// How the message contradicts it (empty when verified).
    pub mismatches: Vec<Mismatch>,
}

impl CheckedNotice {
    /// One plain sentence (or two) saying what the notice proves here. Text
    /// from the message or the notice in it is shown by the display rule.
    pub fn explanation(&self, vendor: &str) -> String {
        let vendor = shown(vendor);
        match (&self.result, self.state) {
            (Err(e), NoticeState::Incomplete) => format!(
                "The notice is cut off ({e}); open the whole message to check it. Until then it proves nothing."
            ),
            (Err(e), _) => format!("This notice is not valid: {e}."),
            (Ok(_), NoticeState::Verified) => {
                format!("This is a genuine {vendor} notice, and the message matches it.")
            }
            (Ok(_), NoticeState::PartlySigned) => format!(
                "Partly signed: the notice is genuine, but {}. Do not act on anything in that part.",
                self.mismatch_list()
            ),
            (Ok(_), _) => format!(
                "This {vendor} notice is genuine, but this message does not match it: {}. It was copied into a message {vendor} did not send: do not act on it.",
                self.mismatch_list()
            ),
        }
    }

    fn mismatch_list(&self) -> String {
        self.mismatches
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The verified notice, when the signature and every notice rule passed
    /// (whatever the message around it).
    pub fn genuine(&self) -> Option<&VerifiedNotice> {
        self.result.as_ref().ok()
    }
}

/// Every notice of a message, checked.
#[derive(Clone, Debug, Default)]
pub struct MessageCheck {
    /// In the order they appear.
    pub notices: Vec<CheckedNotice>,
}

impl MessageCheck {
    /// The message's state: the worst of its notices' (invalid, copied,
    /// partly signed, incomplete, verified), or `None` with no notice.
    pub fn state(&self) -> Option<NoticeState> {
        self.notices.iter().map(|n| n.state).max()
    }

    /// Whether the message is verified: it has notices and every one is.
    pub fn is_verified(&self) -> bool {
        self.state() == Some(NoticeState::Verified)
    }
}

/// A pasted raw email (headers, then the body) read as what the rule needs:
/// its body text and its sender address. `None` for any other text, which is
/// the message itself. Headers are not message text: the `To:` line holds
/// the reader's own address, and `From:` is checked as the sender.
#[cfg(all(feature = "detect", feature = "raw-email"))]
pub fn read_raw_email(text: &str) -> Option<(String, Option<String>)> {
    use crate::detect::email;
    if !email::looks_like_email(text.as_bytes()) {
        return None;
    }
    let mail = email::parse(text.as_bytes())?;
    let sender = (!mail.from_address.is_empty()).then_some(mail.from_address);
    Some((mail.body, sender))
}

/// The same without a MIME parser (the wasm packages, which leave
/// `mail-parser` to `dist/pkg-mail`): the headers end at the first blank
/// line and the sender is the `From:` address. A body in quoted-printable
/// or base64 is read as written, so its digest can only fail to match,
/// never match wrongly; the CLI decodes it, and the extension's popup
/// reads a pasted raw email with the mail package and the engine.
#[cfg(not(all(feature = "detect", feature = "raw-email")))]
pub fn read_raw_email(text: &str) -> Option<(String, Option<String>)> {
    if !crate::detect::email::looks_like_email(text.as_bytes()) {
        return None;
    }
    let text = text.replace("\r\n", "\n");
    let (head, body) = text.split_once("\n\n")?;
    let sender = head
        .lines()
        .find(|l| l.len() > 5 && l.get(..5).is_some_and(|n| n.eq_ignore_ascii_case("from:")))
        .and_then(|l| {
            crate::detect::email::find_addresses(l, 1)
                .into_iter()
                .next()
                .map(|f| f.address)
        });
    Some((body.to_string(), sender))
}

/// Checks every notice in `input.text` against the directory and the message.
pub fn check_message(directory: &VerifiedDirectory, input: &MessageInput<'_>) -> MessageCheck {
    MessageCheck {
        notices: check_notices_in(directory, input.text, input),
    }
}

/// Checks every notice written in `source` (the message text itself, or a
/// link target in it) against the directory and the message in `input`.
pub fn check_notices_in(
    directory: &VerifiedDirectory,
    source: &str,
    input: &MessageInput<'_>,
) -> Vec<CheckedNotice> {
    check_found_notices(directory, source, &find_notices(source), input)
}

/// [`check_notices_in`] for the notices `found` in `source` by
/// [`find_notices`], for a caller that has looked for them already.
pub fn check_found_notices(
    directory: &VerifiedDirectory,
    source: &str,
    found: &[FoundNotice],
    input: &MessageInput<'_>,
) -> Vec<CheckedNotice> {
    let spans: Vec<(usize, usize)> = found.iter().map(|f| (f.start, f.end)).collect();
    let in_text = core::ptr::eq(source, input.text);
    // Contacts in the message other than the vendor's (notices blanked out,
    // so that base64 is never read as digits).
    let others = if input.is_message || input.body.is_some() {
        let message = input.body.unwrap_or(input.text);
        let message_spans: Vec<(usize, usize)> = if input.body.is_some() {
            find_notices(message)
                .iter()
                .map(|f| (f.start, f.end))
                .collect()
        } else if in_text {
            spans.clone()
        } else {
            find_notices(message)
                .iter()
                .map(|f| (f.start, f.end))
                .collect()
        };
        other_contacts(directory, &blank(message, &message_spans), input.recipient)
    } else {
        Vec::new()
    };
    // An armored block that starts and never ends was cut off.
    let open_armor = source
        .rfind(ARMOR_BEGIN)
        .filter(|&b| !source[b..].contains(ARMOR_END));
    found
        .iter()
        .map(|f| {
            check_one(
                directory, source, f, input, in_text, &spans, &others, open_armor,
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn check_one(
    directory: &VerifiedDirectory,
    source: &str,
    f: &FoundNotice,
    input: &MessageInput<'_>,
    in_text: bool,
    spans: &[(usize, usize)],
    others: &[Mismatch],
    open_armor: Option<usize>,
) -> CheckedNotice {
    // The body a digest covers: the text before the notice, when the text is
    // one message and there is visible text before it.
    let before = source.get(..f.start).unwrap_or("");
    let body = match input.body {
        Some(b) => Some(b),
        None if in_text && input.is_message && !canon::canonical_body(before).is_empty() => {
            Some(before)
        }
        None => None,
    };
    let options = VerifyOptions {
        now: input.now,
        recipient: input.recipient,
        body,
    };
    let result = SignedNotice::parse_token(&f.token)
        .map_err(NoticeError::from)
        .and_then(|n| n.verify(directory, &options));
    let verified = match &result {
        Ok(v) => v,
        Err(e) => {
            let cut = matches!(e, NoticeError::Format(fe) if *fe != NoticeFormatError::TooLong)
                && is_short(&f.token)
                && (open_armor.is_some_and(|b| f.start > b) || is_cut_off(source, f.end));
            return CheckedNotice {
                encoding: f.encoding,
                start: f.start,
                end: f.end,
                state: if cut {
                    NoticeState::Incomplete
                } else {
                    NoticeState::Invalid
                },
                result,
                mismatches: Vec::new(),
            };
        }
    };
    let dir = directory.directory();
    let mut mismatches = Vec::new();
    if f.encoding == Encoding::Link {
        let link = source.get(f.start..f.end).unwrap_or("");
        let base = link.split('#').next().unwrap_or("");
        let host = url_host(base).unwrap_or_default();
        let expected = url_host(&dir.verify_url).unwrap_or_default();
        if host != expected {
            mismatches.push(Mismatch::VerifyHost { host, expected });
        }
    }
    if let Some(sender) = input.sender {
        let sender = sender.trim().to_ascii_lowercase();
        if verified.claims.channel.is_phone() {
            if !dir.is_official_email(&sender) {
                mismatches.push(Mismatch::Sender {
                    sender,
                    expected: None,
                });
            }
        } else if sender != verified.claims.contact {
            mismatches.push(Mismatch::Sender {
                sender,
                expected: Some(verified.claims.contact.clone()),
            });
        }
    }
    mismatches.extend(others.iter().cloned());
    let contradicted = !mismatches.is_empty();
    if in_text && input.is_message && input.body.is_none() && verified.claims.body_digest.is_some()
    {
        let after = unsigned_after(source, f.end, spans);
        if !after.is_empty() {
            mismatches.push(Mismatch::UnsignedText { text: after });
        }
    }
    let state = if contradicted {
        NoticeState::Copied
    } else if mismatches.is_empty() {
        NoticeState::Verified
    } else {
        NoticeState::PartlySigned
    };
    CheckedNotice {
        encoding: f.encoding,
        start: f.start,
        end: f.end,
        result,
        state,
        mismatches,
    }
}

/// Whether a token is shorter than a whole one: no signature part, or one
/// shorter than a 64-byte signature's 86 base64url characters. (A damaged
/// but whole token is invalid, not incomplete.)
fn is_short(token: &str) -> bool {
    match token.rsplit_once('.') {
        Some((head, signature)) if head.len() > super::encoding::TOKEN_PREFIX.len() => {
            signature.len() < 86
        }
        _ => true,
    }
}

/// Whether a notice that failed to parse ends where its text was cut: at the
/// end of the text, or at an ellipsis.
fn is_cut_off(source: &str, end: usize) -> bool {
    let rest = source.get(end..).unwrap_or("").trim_start();
    rest.is_empty() || rest.starts_with('…') || rest.starts_with("...")
}

/// The visible text after `end`, other notices left out, as it may be shown.
fn unsigned_after(source: &str, end: usize, spans: &[(usize, usize)]) -> String {
    let mut pieces = Vec::new();
    let mut at = end;
    for &(s, e) in spans.iter().filter(|&&(s, _)| s >= end) {
        if let Some(piece) = source.get(at..s) {
            pieces.push(piece);
        }
        at = at.max(e);
    }
    if let Some(piece) = source.get(at..) {
        pieces.push(piece);
    }
    let text = pieces.join(" ");
    // Quote markers and spacing are not content.
    let visible = canon::canonical_body(&text.replace('>', ""));
    if visible.is_empty() {
        return String::new();
    }
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    shown_within(&collapsed, 300)
}

/// `text` with the byte ranges in `spans` replaced by spaces.
fn blank(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for &(s, e) in spans {
        if s < at {
            continue;
        }
        out.push_str(text.get(at..s).unwrap_or(""));
        out.push(' ');
        at = e;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Phone numbers and addresses in `message` that are not the vendor's (the
/// reader's own address is not a contact).
fn other_contacts(
    directory: &VerifiedDirectory,
    message: &str,
    recipient: Option<&str>,
) -> Vec<Mismatch> {
    let dir = directory.directory();
    let mut out: Vec<Mismatch> = Vec::new();
    for number in crate::detect::phone::extract_phones(message) {
        if dir.phone(&number).is_none()
            && !out
                .iter()
                .any(|m| matches!(m, Mismatch::OtherPhone { number: n } if *n == number))
        {
            out.push(Mismatch::OtherPhone { number });
        }
        if out.len() >= MAX_OTHER_CONTACTS {
            return out;
        }
    }
    let reader = recipient.map(canon::canonical_recipient);
    for found in crate::detect::email::find_addresses(message, 64) {
        let address = found.address;
        if dir.is_official_email(&address)
            || reader.as_deref() == Some(address.as_str())
            || out
                .iter()
                .any(|m| matches!(m, Mismatch::OtherAddress { address: a } if *a == address))
        {
            continue;
        }
        out.push(Mismatch::OtherAddress { address });
        if out.len() >= MAX_OTHER_CONTACTS {
            break;
        }
    }
    out
}

/// The host of a URL written in text (`https://Host:443/path` → `host`),
/// lowercase, without a trailing dot; `None` when it has none.
pub fn url_host(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => url.get(i + 3..)?,
        None => url,
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port.split(']').next().map(|h| format!("{h}]"))?
    } else {
        host_port.split(':').next().unwrap_or("").to_string()
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    (!host.is_empty()).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_links() {
        assert_eq!(
            url_host("https://Northwind.example:443/verify").as_deref(),
            Some("northwind.example")
        );
        assert_eq!(
            url_host("https://northwind.example.evil.test/verify").as_deref(),
            Some("northwind.example.evil.test")
        );
        assert_eq!(
            url_host("https://northwind.example@evil.test/verify").as_deref(),
            Some("evil.test")
        );
        assert_eq!(
            url_host("northwind.example./verify").as_deref(),
            Some("northwind.example")
        );
        assert_eq!(url_host("/verify"), None);
    }

    #[test]
    fn text_after_a_notice() {
        let text = "body\nCS1.a.b\n\n> \n";
        assert_eq!(unsigned_after(text, 12, &[(5, 12)]), "");
        let text = "body\nCS1.a.b\nP.S. call +1 900 555 0199\u{1b}[2K";
        assert_eq!(
            unsigned_after(text, 12, &[(5, 12)]),
            "P.S. call +1 900 555 0199\\u{1b}[2K"
        );
        assert_eq!(blank("ab CS1.x cd", &[(3, 8)]), "ab   cd");
    }

    #[test]
    fn states_order_worst_last() {
        let mut states = [
            NoticeState::Invalid,
            NoticeState::Verified,
            NoticeState::Copied,
            NoticeState::Incomplete,
            NoticeState::PartlySigned,
        ];
        states.sort();
        assert_eq!(states.last(), Some(&NoticeState::Invalid));
        assert_eq!(states.first(), Some(&NoticeState::Verified));
        assert_eq!(NoticeState::PartlySigned.scan_state(), "copied");
    }
}
