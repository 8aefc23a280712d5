//! Relaxed canonical forms: the body digest and the recipient binding.
//!
//! Webmail re-wraps lines, turns spaces into non-breaking spaces, adds or drops
//! blank lines and trailing spaces, and some clients insert zero-width
//! characters. None of that may break a body digest, so the canonical form of
//! a body keeps only its visible characters: Unicode NFC with every whitespace
//! and default-ignorable character removed. Words run together ("pay 1 000" and
//! "pay 1000" digest alike); the digest protects what a reader sees, and
//! a reader cannot tell those apart reliably either.

use sha2::{Digest as _, Sha256};

use crate::b64;

/// Characters webmail may add or drop invisibly.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c,
            '\u{00AD}' // soft hyphen
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}' | '\u{1160}'
            | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}')
}

/// Unicode NFC. Natively from Rust's own tables; in the wasm packages from
/// the browser (`String.prototype.normalize`), which implements the same
/// algorithm, so no page downloads tables the browser already has
/// (`src/unicode.rs`). The two agree on every character both Unicode
/// versions assign (the normalisation stability policy); a body using a
/// character newer than the browser knows could only fail to match, never
/// match wrongly.
pub(crate) fn nfc(text: &str) -> String {
    crate::unicode::nfc(text)
}

/// The canonical form of a message body (see the module docs).
pub fn canonical_body(text: &str) -> String {
    nfc(text).chars().filter(|c| !is_invisible(*c)).collect()
}

/// The body digest carried in a notice: SHA-256 over
/// `countersign/body/v1` 0x00 and the canonical body.
pub fn body_digest(text: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"countersign/body/v1\0");
    h.update(canonical_body(text).as_bytes());
    h.finalize().into()
}

/// The canonical form of a recipient address: trimmed, lowercase, NFC.
pub fn canonical_recipient(address: &str) -> String {
    nfc(address.trim())
        .chars()
        .flat_map(char::to_lowercase)
        .collect()
}

const RECIPIENT_SALT_LEN: usize = 8;
const RECIPIENT_HASH_LEN: usize = 16;

fn recipient_hash(salt: &[u8], address: &str) -> [u8; RECIPIENT_HASH_LEN] {
    let mut h = Sha256::new();
    h.update(b"countersign/recipient/v1\0");
    h.update(salt);
    h.update(canonical_recipient(address).as_bytes());
    let digest = h.finalize();
    let mut out = [0u8; RECIPIENT_HASH_LEN];
    out.copy_from_slice(&digest[..RECIPIENT_HASH_LEN]);
    out
}

/// The recipient binding: base64url of an 8-byte salt and the first 16 bytes
/// of a salted hash of the address. It tells a forwarded notice from one sent
/// to you; it is not meant to hide the address from someone who can guess it
/// (the leaked customer list holds every address).
pub fn recipient_binding(address: &str, salt: [u8; RECIPIENT_SALT_LEN]) -> String {
    let mut bytes = salt.to_vec();
    bytes.extend_from_slice(&recipient_hash(&salt, address));
    b64::encode(&bytes)
}

/// Whether `binding` was made for `address`. `None` if the binding is malformed.
pub fn recipient_matches(binding: &str, address: &str) -> Option<bool> {
    let bytes = b64::decode(binding)?;
    if bytes.len() != RECIPIENT_SALT_LEN + RECIPIENT_HASH_LEN {
        return None;
    }
    let (salt, hash) = bytes.split_at(RECIPIENT_SALT_LEN);
    Some(recipient_hash(salt, address) == hash)
}

/// Whether `binding` is well formed.
pub fn is_recipient_binding(binding: &str) -> bool {
    b64::decode(binding).is_some_and(|b| b.len() == RECIPIENT_SALT_LEN + RECIPIENT_HASH_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_digest_survives_webmail_rendering() {
        let sent = "Hello Ada,\n\nyour renewal for ticket NW-1 is due.\nRegards, Dana\n";
        let rendered =
            "Hello\u{00A0}Ada,  your renewal for\r\nticket NW-1 is\u{200B} due. Regards,\n Dana";
        assert_eq!(body_digest(sent), body_digest(rendered));
        assert_ne!(
            body_digest(sent),
            body_digest("Hello Ada, your renewal for ticket NW-2 is due.")
        );
        // NFC: a precomposed and a decomposed é digest alike.
        assert_eq!(body_digest("caf\u{e9}"), body_digest("cafe\u{301}"));
    }

    #[test]
    fn recipient_binding_matches_only_its_address() {
        let b = recipient_binding("Ada@Example.org ", [9; 8]);
        assert_eq!(recipient_matches(&b, "ada@example.org"), Some(true));
        assert_eq!(recipient_matches(&b, "eve@example.org"), Some(false));
        assert_eq!(recipient_matches("AAAA", "ada@example.org"), None);
        assert!(is_recipient_binding(&b));
    }
}
