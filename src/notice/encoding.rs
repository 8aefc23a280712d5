//! The three text encodings of a notice, and finding them in running text.
//!
//! * token: `CS1.<base64url claims>.<base64url signature>`, one line;
//! * armored block: the token cut into 64-character lines between
//!   `-----BEGIN COUNTERSIGN NOTICE-----` and `-----END COUNTERSIGN NOTICE-----`.
//!   Reading it ignores whitespace, `>` quote markers and invisible characters
//!   that copy-paste and webmail insert;
//! * verify link: the vendor's verify URL with the token as its fragment
//!   (`https://northwind.example/verify#CS1....`). Fragments are never sent to
//!   the server, so opening the link reveals nothing.

use core::fmt;

use super::claims::SignedNotice;
use crate::b64;

/// Token prefix, including the version.
pub const TOKEN_PREFIX: &str = "CS1.";
/// First line of an armored block.
pub const ARMOR_BEGIN: &str = "-----BEGIN COUNTERSIGN NOTICE-----";
/// Last line of an armored block.
pub const ARMOR_END: &str = "-----END COUNTERSIGN NOTICE-----";
/// Longest accepted token, in bytes. Real notices are under 600.
pub const MAX_TOKEN_LEN: usize = 4096;
/// Most notices reported from one text; more is not a real message.
pub const MAX_NOTICES_PER_TEXT: usize = 16;
const ARMOR_WIDTH: usize = 64;

/// Why a token could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NoticeFormatError {
    /// It does not start with `CS1.`.
    NotAToken,
    /// Longer than [`MAX_TOKEN_LEN`].
    TooLong,
    /// Not two base64url parts after the prefix.
    BadStructure,
    /// The signature is not 64 bytes.
    BadSignatureLength,
}

impl fmt::Display for NoticeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            NoticeFormatError::NotAToken => "not a Countersign notice (it should start with CS1.)",
            NoticeFormatError::TooLong => "the notice is too long to be genuine",
            NoticeFormatError::BadStructure => {
                "the notice is damaged: some characters are missing or were changed"
            }
            NoticeFormatError::BadSignatureLength => "the notice's signature is damaged",
        })
    }
}

impl std::error::Error for NoticeFormatError {}

impl SignedNotice {
    /// The one-line token.
    pub fn to_token(&self) -> String {
        format!(
            "{TOKEN_PREFIX}{}.{}",
            b64::encode(&self.payload),
            b64::encode(&self.signature)
        )
    }

    /// Reads a one-line token (surrounding whitespace ignored).
    pub fn parse_token(text: &str) -> Result<SignedNotice, NoticeFormatError> {
        let text = text.trim();
        if text.len() > MAX_TOKEN_LEN {
            return Err(NoticeFormatError::TooLong);
        }
        let rest = text
            .strip_prefix(TOKEN_PREFIX)
            .ok_or(NoticeFormatError::NotAToken)?;
        let (payload, signature) = rest
            .split_once('.')
            .ok_or(NoticeFormatError::BadStructure)?;
        let payload = b64::decode(payload).ok_or(NoticeFormatError::BadStructure)?;
        let signature = b64::decode(signature).ok_or(NoticeFormatError::BadStructure)?;
        let signature: [u8; 64] = signature
            .try_into()
            .map_err(|_| NoticeFormatError::BadSignatureLength)?;
        if payload.is_empty() {
            return Err(NoticeFormatError::BadStructure);
        }
        Ok(SignedNotice { payload, signature })
    }

    /// The armored block, lines of 64 characters.
    pub fn to_armor(&self) -> String {
        let token = self.to_token();
        let mut out = String::with_capacity(token.len() + 100);
        out.push_str(ARMOR_BEGIN);
        out.push('\n');
        // The token is ASCII, so byte chunks are character chunks.
        for chunk in token.as_bytes().chunks(ARMOR_WIDTH) {
            out.push_str(&String::from_utf8_lossy(chunk));
            out.push('\n');
        }
        out.push_str(ARMOR_END);
        out.push('\n');
        out
    }

    /// The verify link: `base` (the directory's `verify_url`) with the token
    /// as fragment.
    pub fn to_link(&self, base: &str) -> String {
        let base = base.split('#').next().unwrap_or(base);
        format!("{base}#{}", self.to_token())
    }

    /// Reads any single encoding: a token, an armored block or a verify link.
    pub fn parse_any(text: &str) -> Result<SignedNotice, NoticeFormatError> {
        match find_notices(text).into_iter().next() {
            Some(found) => SignedNotice::parse_token(&found.token),
            None => SignedNotice::parse_token(text),
        }
    }
}

/// How a notice was written in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// A bare one-line token.
    Token,
    /// An armored block.
    Armor,
    /// A verify link (the token in a URL fragment).
    Link,
}

impl Encoding {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Token => "token",
            Encoding::Armor => "armor",
            Encoding::Link => "link",
        }
    }
}

/// A notice found in running text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundNotice {
    /// How it was written.
    pub encoding: Encoding,
    /// The reassembled one-line token (not yet verified).
    pub token: String,
    /// Byte offset in the text where it starts (the text before it is the
    /// message body a body digest covers).
    pub start: usize,
    /// Byte offset just past its end (past the armor's last line, or the
    /// token's last character).
    pub end: usize,
}

fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'
}

/// Characters copy-paste and webmail put inside an armored block that are
/// not part of it.
fn is_armor_noise(c: char) -> bool {
    c.is_whitespace()
        || c == '>'
        || matches!(
            c,
            '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// Finds every notice in `text`: armored blocks first, then tokens (bare or
/// in a link) outside them. Runs in time linear in the text; reports at most
/// [`MAX_NOTICES_PER_TEXT`].
pub fn find_notices(text: &str) -> Vec<FoundNotice> {
    find_notices_with(text, find_by_anchor)
}

/// Bytes of each marker looked for first ([`find_by_anchor`]): a capital
/// letter, rarer in running text than the dashes or the `C` they start
/// with: the `B` of `-----BEGIN`, the `E` of `-----END`, the `C` of `CS1.`.
const BEGIN_ANCHOR: usize = 5;
const END_ANCHOR: usize = 5;
const TOKEN_ANCHOR: usize = 0;

/// The first `needle` in `text` at or after byte `from`, found by looking
/// for its byte at `anchor` ([`find_byte`]), then comparing the whole
/// needle there. The search with the needle as a string reads the text a
/// byte at a time and was, on a page with no notice, two whole-text
/// passes costing as much as a detector. Finds the same (leftmost) match:
/// every place the anchor occurs is tried, in order.
fn find_by_anchor(text: &str, from: usize, needle: &str, anchor: usize) -> Option<usize> {
    let key = *needle.as_bytes().get(anchor)?;
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let hit = find_byte(bytes, at, key)?;
        if let Some(start) = hit.checked_sub(anchor).filter(|&s| s >= from) {
            if bytes.get(start..start + needle.len()) == Some(needle.as_bytes()) {
                return Some(start);
            }
        }
        at = hit + 1;
    }
}

/// The first `byte` in `bytes` at or after `from`, read sixteen bytes at
/// a time as two words: each word XOR the byte repeated has a zero byte
/// where the byte is, and the lowest byte the zero test flags is always a
/// real one (a false flag needs a borrow from a real zero below it).
/// Cheaper per call than `str::find` of a `char`, which matters for an
/// anchor that occurs every few hundred bytes.
fn find_byte(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let repeated = LOW.wrapping_mul(u64::from(byte));
    let zeros = |word: &[u8; 8]| {
        let x = u64::from_le_bytes(*word) ^ repeated;
        x.wrapping_sub(LOW) & !x & HIGH
    };
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(16);
    let mut at = from;
    for chunk in &mut chunks {
        let (Some(low), Some(high)) = (chunk.first_chunk::<8>(), chunk.last_chunk::<8>()) else {
            break;
        };
        let (zl, zh) = (zeros(low), zeros(high));
        if zl | zh != 0 {
            let first = if zl != 0 {
                zl.trailing_zeros() / 8
            } else {
                8 + zh.trailing_zeros() / 8
            };
            return Some(at + first as usize);
        }
        at += 16;
    }
    let tail = chunks.remainder();
    tail.iter().position(|&b| b == byte).map(|p| p + at)
}

/// [`find_notices`], with `find(text, from, needle, anchor)` finding the
/// markers (the reference in the tests: `str::find`).
fn find_notices_with(
    text: &str,
    find: fn(&str, usize, &str, usize) -> Option<usize>,
) -> Vec<FoundNotice> {
    let mut found = Vec::new();
    let mut armored: Vec<(usize, usize)> = Vec::new();
    let mut from = 0;
    while found.len() < MAX_NOTICES_PER_TEXT {
        let Some(begin) = find(text, from, ARMOR_BEGIN, BEGIN_ANCHOR) else {
            break;
        };
        let inner_start = begin + ARMOR_BEGIN.len();
        let Some(end) = find(text, inner_start, ARMOR_END, END_ANCHOR) else {
            break;
        };
        let inner = &text[inner_start..end];
        if inner.len() <= MAX_TOKEN_LEN * 2 {
            let token: String = inner.chars().filter(|c| !is_armor_noise(*c)).collect();
            found.push(FoundNotice {
                encoding: Encoding::Armor,
                token,
                start: begin,
                end: end + ARMOR_END.len(),
            });
        }
        armored.push((begin, end + ARMOR_END.len()));
        from = end + ARMOR_END.len();
    }
    let mut from = 0;
    while found.len() < MAX_NOTICES_PER_TEXT {
        let Some(at) = find(text, from, TOKEN_PREFIX, TOKEN_ANCHOR) else {
            break;
        };
        let len = text[at..]
            .find(|c: char| !is_token_char(c))
            .unwrap_or(text.len() - at);
        from = at + len.max(TOKEN_PREFIX.len());
        if armored.iter().any(|&(s, e)| at >= s && at < e) {
            continue;
        }
        // A token glued to a preceding word ("XCS1.") is not a token.
        if text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            continue;
        }
        let token = text[at..at + len].trim_end_matches('.').to_string();
        let before = &text[..at];
        let (encoding, start) = match before.strip_suffix('#') {
            Some(prefix) => {
                let link_start = prefix
                    .rfind(|c: char| {
                        c.is_whitespace() || c == '"' || c == '\'' || c == '<' || c == '('
                    })
                    .map_or(0, |i| i + 1);
                (Encoding::Link, link_start)
            }
            None => (Encoding::Token, at),
        };
        let end = at + token.len();
        found.push(FoundNotice {
            encoding,
            token,
            start,
            end,
        });
    }
    found.sort_by_key(|f| f.start);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SignedNotice {
        SignedNotice {
            payload: br#"{"v":1}"#.to_vec(),
            signature: [7u8; 64],
        }
    }

    #[test]
    fn encodings_round_trip() {
        let n = sample();
        assert_eq!(SignedNotice::parse_token(&n.to_token()), Ok(n.clone()));
        assert_eq!(SignedNotice::parse_any(&n.to_armor()), Ok(n.clone()));
        assert_eq!(
            SignedNotice::parse_any(&n.to_link("https://v.example/verify")),
            Ok(n.clone())
        );
    }

    #[test]
    fn armor_survives_quoting_and_rewrapping() {
        let n = sample();
        let quoted: String = n
            .to_armor()
            .lines()
            .map(|l| format!("> {}\u{200B}\r\n", l))
            .collect();
        let found = find_notices(&format!("On Monday Dana wrote:\n{quoted}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].encoding, Encoding::Armor);
        assert_eq!(SignedNotice::parse_token(&found[0].token), Ok(n));
    }

    #[test]
    fn finds_links_and_tokens_in_text() {
        let n = sample();
        let text = format!(
            "Check <a href=\"{}\">here</a> or paste {} into the page.",
            n.to_link("https://v.example/verify"),
            n.to_token()
        );
        let found = find_notices(&text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].encoding, Encoding::Link);
        assert_eq!(found[1].encoding, Encoding::Token);
        assert!(text[found[0].start..].starts_with("https://v.example/verify#CS1."));
        assert!(find_notices("XCS1.abc.def").is_empty());
    }

    #[test]
    fn malformed_tokens_are_refused() {
        assert_eq!(
            SignedNotice::parse_token("hello"),
            Err(NoticeFormatError::NotAToken)
        );
        assert_eq!(
            SignedNotice::parse_token("CS1.abc"),
            Err(NoticeFormatError::BadStructure)
        );
        assert_eq!(
            SignedNotice::parse_token("CS1.e30=.AAAA"),
            Err(NoticeFormatError::BadStructure)
        );
        assert_eq!(
            SignedNotice::parse_token("CS1.e30.AAAA"),
            Err(NoticeFormatError::BadSignatureLength)
        );
        let long = format!("CS1.{}", "A".repeat(MAX_TOKEN_LEN));
        assert_eq!(
            SignedNotice::parse_token(&long),
            Err(NoticeFormatError::TooLong)
        );
    }

    /// The former search: the markers found with `str::find`.
    fn by_str_find(text: &str, from: usize, needle: &str, _anchor: usize) -> Option<usize> {
        text.get(from..)?.find(needle).map(|i| i + from)
    }

    fn same_as_reference(text: &str) {
        let fast = find_notices(text);
        let slow = find_notices_with(text, by_str_find);
        assert_eq!(fast.len(), slow.len(), "{text:?}");
        for (a, b) in fast.iter().zip(&slow) {
            assert_eq!(
                (a.encoding, &a.token, a.start, a.end),
                (b.encoding, &b.token, b.start, b.end),
                "{text:?}"
            );
        }
    }

    /// Looking for the anchor byte first finds what `str::find` found, on
    /// the corpus and on notices in every encoding among near misses.
    #[test]
    fn anchored_search_finds_the_same() {
        let n = sample();
        let mut texts = vec![
            format!(
                "------BEGIN {a} CCS1 CS1 xCS1.a -{b}\n{a}\n{c}",
                a = n.to_armor(),
                b = ARMOR_BEGIN,
                c = n.to_link("https://v.example/verify"),
            ),
            format!("é{}é-----END COUNTERSIGN NOTICE----- CS1.", n.to_token()),
        ];
        #[cfg(feature = "detect")]
        texts.extend(crate::detect::testing::corpus(&[
            "pages", "webmail", "emails",
        ]));
        assert!(texts.len() > 2 || !cfg!(feature = "detect"));
        let mut found = 0;
        for t in &texts {
            same_as_reference(t);
            found += find_notices(t).len();
        }
        assert!(found >= 3, "{found}");
    }

    proptest::proptest! {
        /// The word-at-a-time byte search finds what a byte loop finds,
        /// from any start, bytes beyond ASCII included.
        #[test]
        fn find_byte_is_position(bytes in proptest::collection::vec(proptest::sample::select(vec![0u8, 1, b'B', b'C', 0x7f, 0x80, 0xc3, 0xff]), 0..40), from in 0usize..42, byte in proptest::sample::select(vec![0u8, b'B', b'C', 0x80, 0xff])) {
            let slow = bytes.get(from..).and_then(|r| r.iter().position(|&b| b == byte)).map(|p| p + from);
            proptest::prop_assert_eq!(find_byte(&bytes, from, byte), slow);
        }

        /// The same on text made of pieces of the markers.
        #[test]
        fn anchored_search_is_the_reference(parts in proptest::collection::vec(proptest::sample::select(vec![
            "-----BEGIN COUNTERSIGN NOTICE-----", "-----END COUNTERSIGN NOTICE-----",
            "-----", "BEGIN", "CS1.", "CS1", "C", "S1.", "e30.AAAA", " ", "\n", "é", "x", "#",
        ]), 0..24)) {
            same_as_reference(&parts.concat());
        }
    }

    #[test]
    fn many_prefixes_are_bounded() {
        let text = "CS1. ".repeat(100_000);
        assert!(find_notices(&text).len() <= MAX_NOTICES_PER_TEXT);
        let text = ARMOR_BEGIN.repeat(10_000);
        assert!(find_notices(&text).is_empty());
    }
}
