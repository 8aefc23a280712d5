//! Strict unpadded base64url, the only binary-to-text encoding in the formats.
//!
//! Decoding is canonical: padding, whitespace and non-zero trailing bits are
//! rejected, so every byte string has exactly one text form and a token cannot
//! be altered without changing the bytes its signature covers.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Encodes bytes as unpadded base64url.
pub fn encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes unpadded base64url, rejecting any non-canonical form.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.as_bytes()).ok()
}

/// Decodes exactly `N` bytes of unpadded base64url.
pub fn decode_array<const N: usize>(text: &str) -> Option<[u8; N]> {
    decode(text)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_rejects_non_canonical() {
        assert_eq!(
            decode(&encode(b"countersign")).as_deref(),
            Some(&b"countersign"[..])
        );
        assert!(decode("Y291bnRlcnNpZ24=").is_none(), "padding is refused");
        assert!(
            decode("Y291bnRlcnNpZ24+").is_none(),
            "standard alphabet is refused"
        );
        assert!(
            decode("Y291 bnRlcnNpZ24").is_none(),
            "whitespace is refused"
        );
        // "QQ" is canonical for b"A"; "QR" has non-zero trailing bits.
        assert_eq!(decode("QQ").as_deref(), Some(&b"A"[..]));
        assert!(decode("QR").is_none(), "non-zero trailing bits are refused");
        assert!(decode_array::<2>("QQ").is_none());
    }
}
