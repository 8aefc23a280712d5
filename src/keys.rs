//! Ed25519 keys, their text forms and short key ids, and domain-separated
//! signing.
//!
//! Every signature in Countersign covers `context || 0x00 || message`, where
//! `context` names the kind of object ([`Context`]). A signature made for a
//! notice can therefore never be replayed as a directory or a root rotation,
//! even by a key that is allowed to sign both. Verification always uses
//! [`ed25519_dalek::VerifyingKey::verify_strict`], which rejects small-order
//! keys and non-canonical encodings (the Wycheproof suite checks this).

use core::fmt;

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest as _, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::b64;

/// Text prefix of a public key: `CSPK1.` followed by 32 bytes of base64url.
pub const PUBLIC_KEY_PREFIX: &str = "CSPK1.";
/// Text prefix of a secret key seed: `CSSK1.` followed by 32 bytes of base64url.
pub const SECRET_KEY_PREFIX: &str = "CSSK1.";

/// What a signature is for. Part of the signed bytes (domain separation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// A signed vendor directory.
    Directory,
    /// A root-key rotation statement.
    RootRotation,
    /// A signed contact notice.
    Notice,
}

impl Context {
    fn label(self) -> &'static [u8] {
        match self {
            Context::Directory => b"countersign/directory/v1",
            Context::RootRotation => b"countersign/root-rotation/v1",
            Context::Notice => b"countersign/notice/v1",
        }
    }

    /// The exact bytes a signature covers for `message` in this context.
    pub fn signed_bytes(self, message: &[u8]) -> Vec<u8> {
        let label = self.label();
        let mut out = Vec::with_capacity(label.len() + 1 + message.len());
        out.extend_from_slice(label);
        out.push(0);
        out.extend_from_slice(message);
        out
    }
}

/// Why a key could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// The text does not start with the expected `CSPK1.` or `CSSK1.` prefix.
    WrongPrefix {
        /// The prefix that was expected.
        expected: &'static str,
    },
    /// The base64url after the prefix is not exactly 32 canonical bytes.
    BadEncoding,
    /// The bytes are not a usable Ed25519 public key (not a curve point, or
    /// a small-order point that would let anyone forge signatures).
    WeakOrInvalidKey,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyError::WrongPrefix { expected } => {
                write!(
                    f,
                    "not a Countersign key: expected text starting with {expected}"
                )
            }
            KeyError::BadEncoding => {
                f.write_str("the key is damaged: expected 32 bytes of unpadded base64url")
            }
            KeyError::WeakOrInvalidKey => f.write_str(
                "the key is not a valid Ed25519 public key (invalid or small-order point)",
            ),
        }
    }
}

impl KeyError {
    /// A stable machine-readable code, e.g. `bad-key-encoding`.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::WrongPrefix { .. } => "not-a-key",
            KeyError::BadEncoding => "bad-key-encoding",
            KeyError::WeakOrInvalidKey => "weak-key",
        }
    }
}

impl std::error::Error for KeyError {}

/// The first line of a key file that is neither blank nor a `#` comment.
fn key_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("")
}

/// A short, stable identifier of a public key: the first 8 bytes of
/// SHA-256("countersign/key-id/v1" || 0x00 || key), as 16 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId([u8; 8]);

impl KeyId {
    /// Parses 16 lowercase hex digits.
    pub fn parse(text: &str) -> Option<KeyId> {
        let bytes = text.as_bytes();
        if bytes.len() != 16 {
            return None;
        }
        let mut out = [0u8; 8];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            let hi = hex_value(pair[0])?;
            let lo = hex_value(pair[1])?;
            out[i] = (hi << 4) | lo;
        }
        Some(KeyId(out))
    }
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

/// An Ed25519 public key, known not to be a small-order point.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Reads a key from raw bytes, refusing invalid and weak (small-order) points.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey, KeyError> {
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| KeyError::WeakOrInvalidKey)?;
        if key.is_weak() {
            return Err(KeyError::WeakOrInvalidKey);
        }
        Ok(PublicKey(key))
    }

    /// Reads the text form `CSPK1.<base64url>`, ignoring surrounding
    /// whitespace and `#` comment lines (the key file format).
    pub fn parse(text: &str) -> Result<PublicKey, KeyError> {
        let rest = key_line(text)
            .strip_prefix(PUBLIC_KEY_PREFIX)
            .ok_or(KeyError::WrongPrefix {
                expected: PUBLIC_KEY_PREFIX,
            })?;
        let bytes = b64::decode_array::<32>(rest).ok_or(KeyError::BadEncoding)?;
        PublicKey::from_bytes(&bytes)
    }

    /// The raw 32 bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The short key id.
    pub fn key_id(&self) -> KeyId {
        let mut h = Sha256::new();
        h.update(b"countersign/key-id/v1\0");
        h.update(self.0.as_bytes());
        let digest = h.finalize();
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }

    /// Verifies a signature over `message` in `context`, strictly.
    ///
    /// Returns `false` for a malformed signature as for a wrong one: callers
    /// only need to know that the bytes were not signed by this key.
    pub fn verify(&self, context: Context, message: &[u8], signature: &[u8]) -> bool {
        let Ok(sig) = Signature::from_slice(signature) else {
            return false;
        };
        self.0
            .verify_strict(&context.signed_bytes(message), &sig)
            .is_ok()
    }

    /// Verifies a raw Ed25519 signature with no context prefix. Only for
    /// conformance tests against published vectors (RFC 8032, Wycheproof),
    /// which sign bare messages; the formats never use it.
    #[doc(hidden)]
    pub fn verify_raw_for_vectors(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(sig) = Signature::from_slice(signature) else {
            return false;
        };
        self.0.verify_strict(message, &sig).is_ok()
    }
}

/// Verifies a raw Ed25519 signature with raw key bytes, with the same strict
/// rules as the formats (weak keys are refused). Used by conformance tests.
#[doc(hidden)]
pub fn verify_raw_for_vectors(public_key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let Ok(bytes) = <[u8; 32]>::try_from(public_key) else {
        return false;
    };
    match PublicKey::from_bytes(&bytes) {
        Ok(key) => key.verify_raw_for_vectors(message, signature),
        Err(_) => false,
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{PUBLIC_KEY_PREFIX}{}", b64::encode(self.0.as_bytes()))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.key_id())
    }
}

/// An Ed25519 signing key. The seed is wiped from memory when dropped, and
/// the type has no `Debug` or `Display` that could leak it into logs.
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// Makes a new key from the operating system's (or browser's) random source.
    pub fn generate() -> Result<SecretKey, getrandom::Error> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::getrandom(seed.as_mut())?;
        Ok(SecretKey::from_seed(&seed))
    }

    /// Makes the key for a 32-byte seed.
    pub fn from_seed(seed: &[u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// Reads the text form `CSSK1.<base64url seed>`, ignoring surrounding
    /// whitespace and `#` comment lines (the key file format).
    pub fn parse(text: &str) -> Result<SecretKey, KeyError> {
        let rest = key_line(text)
            .strip_prefix(SECRET_KEY_PREFIX)
            .ok_or(KeyError::WrongPrefix {
                expected: SECRET_KEY_PREFIX,
            })?;
        let mut bytes = b64::decode(rest).ok_or(KeyError::BadEncoding)?;
        let seed: Result<[u8; 32], _> = bytes.as_slice().try_into();
        bytes.zeroize();
        let mut seed = Zeroizing::new(seed.map_err(|_| KeyError::BadEncoding)?);
        let key = SecretKey::from_seed(&seed);
        seed.zeroize();
        Ok(key)
    }

    /// The text form of the seed, in a buffer that is wiped when dropped.
    pub fn to_text(&self) -> Zeroizing<String> {
        let seed = Zeroizing::new(self.0.to_bytes());
        Zeroizing::new(format!("{SECRET_KEY_PREFIX}{}", b64::encode(seed.as_ref())))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// Signs a bare message with no context prefix. Only for conformance
    /// tests against published vectors; the formats never use it.
    #[doc(hidden)]
    pub fn sign_raw_for_vectors(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    /// Signs `message` in `context`.
    pub fn sign(&self, context: Context, message: &[u8]) -> [u8; 64] {
        self.0.sign(&context.signed_bytes(message)).to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_round_trip() {
        let sk = SecretKey::from_seed(&[7u8; 32]);
        let pk = sk.public_key();
        assert_eq!(PublicKey::parse(&pk.to_string()), Ok(pk));
        let again = SecretKey::parse(&format!("# comment\n{}\n", sk.to_text().as_str()))
            .map(|k| k.public_key());
        assert_eq!(again, Ok(pk));
        assert_eq!(KeyId::parse(&pk.key_id().to_string()), Some(pk.key_id()));
    }

    #[test]
    fn contexts_separate_signatures() {
        let sk = SecretKey::from_seed(&[1u8; 32]);
        let pk = sk.public_key();
        let sig = sk.sign(Context::Notice, b"m");
        assert!(pk.verify(Context::Notice, b"m", &sig));
        assert!(!pk.verify(Context::Directory, b"m", &sig));
        assert!(!pk.verify(Context::Notice, b"m2", &sig));
        assert!(!pk.verify(Context::Notice, b"m", &sig[..63]));
    }

    #[test]
    fn rejects_bad_keys() {
        assert_eq!(
            PublicKey::parse("CSPK2.AAAA"),
            Err(KeyError::WrongPrefix {
                expected: PUBLIC_KEY_PREFIX
            })
        );
        assert_eq!(PublicKey::parse("CSPK1.AAAA"), Err(KeyError::BadEncoding));
        // The identity point is small-order: anyone could "sign" with it.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(
            PublicKey::from_bytes(&identity),
            Err(KeyError::WeakOrInvalidKey)
        );
        assert!(
            KeyId::parse("ABCDEF0123456789").is_none(),
            "uppercase is not canonical"
        );
        assert!(KeyId::parse("abc").is_none());
    }
}
