//! The signed directory envelope, root rotation, and verification.
//!
//! ```text
//! {"format":"countersign-signed-directory/1",
//!  "rotations":[{"body":"<b64url>","signature":"<b64url>"}, ...],
//!  "signer":"<root key id>",
//!  "body":"<b64url of the exact directory JSON bytes>",
//!  "signature":"<b64url Ed25519 over 'countersign/directory/v1' 0x00 body>"}
//! ```
//!
//! The body travels as base64url so that the verifier checks the exact bytes
//! the root signed and only then parses them; nothing is ever re-serialised
//! before verifying. Clients pin a root key. A vendor that must replace its
//! root publishes a rotation statement signed by the old root naming the new
//! one; a chain of such statements leads the client from the key it pins to
//! the key that signed the body.

use core::fmt;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::model::{Channel, Directory, StaffKey, UnixTime};
use super::validate::ValidationError;
use crate::b64;
use crate::keys::{Context, KeyId, PublicKey, SecretKey};
use crate::time::format_utc;

/// The `format` of the envelope.
pub const ENVELOPE_FORMAT: &str = "countersign-signed-directory/1";
/// The `format` of a rotation statement.
pub const ROTATION_FORMAT: &str = "countersign-root-rotation/1";
/// Directories larger than this are refused before parsing.
pub const MAX_DIRECTORY_BYTES: usize = 1 << 20;
/// How far in the future `issued_at` may be (clock skew between the signer
/// and the client), seconds.
pub const DIRECTORY_CLOCK_SKEW: i64 = 300;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope {
    format: String,
    #[serde(default)]
    rotations: Vec<RotationLink>,
    signer: String,
    body: String,
    signature: String,
}

/// One signed root rotation statement, as carried in the envelope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotationLink {
    /// base64url of the rotation JSON.
    pub body: String,
    /// Signature by the old root over `countersign/root-rotation/v1` 0x00 body.
    pub signature: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rotation {
    format: String,
    from: String,
    to: String,
    issued_at: UnixTime,
}

/// What a client remembers of the last directory it accepted, to refuse an
/// older one later (rollback) or a different one with the same number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptedState {
    /// Its sequence number.
    pub sequence: u64,
    /// SHA-256 of its exact body bytes.
    #[serde(with = "hex32")]
    pub digest: [u8; 32],
}

mod hex32 {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &[u8; 32], s: S) -> Result<S::Ok, S::Error> {
        let text: String = d.iter().map(|b| format!("{b:02x}")).collect();
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<[u8; 32], D::Error> {
        let text = String::deserialize(d)?;
        let bad = || serde::de::Error::custom("expected 64 lowercase hex digits");
        if text.len() != 64 {
            return Err(bad());
        }
        let mut out = [0u8; 32];
        for (i, chunk) in text.as_bytes().chunks_exact(2).enumerate() {
            let s = core::str::from_utf8(chunk).map_err(|_| bad())?;
            if s.bytes().any(|b| b.is_ascii_uppercase()) {
                return Err(bad());
            }
            out[i] = u8::from_str_radix(s, 16).map_err(|_| bad())?;
        }
        Ok(out)
    }
}

/// Why a directory was refused. Each variant is a distinct, presentable reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DirectoryError {
    /// Larger than [`MAX_DIRECTORY_BYTES`].
    TooLarge {
        /// Its size in bytes.
        size: usize,
    },
    /// Not a signed directory envelope (bad JSON, missing field, bad base64).
    Malformed(String),
    /// An envelope or body `format` this version does not understand.
    UnsupportedFormat(String),
    /// A rotation statement is damaged or does not continue the chain.
    BadRotation(String),
    /// The body was not signed by the pinned root (or a root it rotated to).
    NotSignedByRoot {
        /// The key id the envelope claims signed it.
        signer: String,
        /// The root the client trusts after applying rotations.
        trusted: KeyId,
    },
    /// The signature does not match the body: it was altered.
    BadSignature,
    /// The body is signed but breaks a structural rule.
    Invalid(ValidationError),
    /// Signed later than the client's clock allows.
    NotYetValid {
        /// When the directory says it was signed.
        issued_at: UnixTime,
    },
    /// Expired: a frozen copy is no longer trusted.
    Expired {
        /// When it expired.
        expires_at: UnixTime,
    },
    /// Older than the directory the client already accepted.
    Rollback {
        /// The offered sequence number.
        offered: u64,
        /// The last accepted one.
        accepted: u64,
    },
    /// Same sequence number as the accepted directory but different content:
    /// the root key signed two versions (a compromise or an error).
    Equivocation {
        /// The sequence number.
        sequence: u64,
    },
}

impl fmt::Display for DirectoryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DirectoryError::TooLarge { size } => write!(
                f,
                "the directory is {size} bytes; the limit is {MAX_DIRECTORY_BYTES}"
            ),
            DirectoryError::Malformed(why) => write!(f, "not a signed Countersign directory: {why}"),
            DirectoryError::UnsupportedFormat(fmt) => write!(
                f,
                "unsupported directory format \"{fmt}\"; this version reads {ENVELOPE_FORMAT}"
            ),
            DirectoryError::BadRotation(why) => write!(f, "the root key rotation is not valid: {why}"),
            DirectoryError::NotSignedByRoot { signer, trusted } => write!(
                f,
                "the directory was signed by key {signer}, not by the trusted root key {trusted}"
            ),
            DirectoryError::BadSignature => {
                f.write_str("the directory signature does not match: its contents were altered")
            }
            DirectoryError::Invalid(e) => e.fmt(f),
            DirectoryError::NotYetValid { issued_at } => write!(
                f,
                "the directory is dated in the future ({}); check the computer's clock",
                format_utc(*issued_at)
            ),
            DirectoryError::Expired { expires_at } => write!(
                f,
                "the directory expired on {}; fetch the current one from the vendor",
                format_utc(*expires_at)
            ),
            DirectoryError::Rollback { offered, accepted } => write!(
                f,
                "the directory is version {offered}, older than version {accepted} already accepted (rollback refused)"
            ),
            DirectoryError::Equivocation { sequence } => write!(
                f,
                "a different directory with the same version {sequence} was already accepted; refusing both versions' conflict"
            ),
        }
    }
}

impl DirectoryError {
    /// A stable machine-readable code, e.g. `rollback`.
    pub fn code(&self) -> &'static str {
        match self {
            DirectoryError::TooLarge { .. } => "too-large",
            DirectoryError::Malformed(_) => "malformed-directory",
            DirectoryError::UnsupportedFormat(_) => "unsupported-format",
            DirectoryError::BadRotation(_) => "bad-rotation",
            DirectoryError::NotSignedByRoot { .. } => "not-signed-by-root",
            DirectoryError::BadSignature => "bad-signature",
            DirectoryError::Invalid(_) => "invalid-directory",
            DirectoryError::NotYetValid { .. } => "not-yet-valid",
            DirectoryError::Expired { .. } => "expired",
            DirectoryError::Rollback { .. } => "rollback",
            DirectoryError::Equivocation { .. } => "equivocation",
        }
    }
}

impl std::error::Error for DirectoryError {}

/// A staff key from a verified directory, with its public key parsed.
#[derive(Clone, Debug)]
pub struct VerifiedKey {
    /// The key id.
    pub id: KeyId,
    /// The public key.
    pub public_key: PublicKey,
    /// Its directory entry (name, channels, validity, lifetime).
    pub entry: StaffKey,
}

impl VerifiedKey {
    /// Whether the key may sign notices for `channel`.
    pub fn allows(&self, channel: Channel) -> bool {
        self.entry.channels.contains(&channel)
    }
}

/// A directory whose signature, rotation chain, validity and freshness have
/// been checked. It can only be made by [`VerifiedDirectory::verify`], so code
/// holding one knows it came from the vendor.
#[derive(Clone, Debug)]
pub struct VerifiedDirectory {
    directory: Directory,
    keys: Vec<VerifiedKey>,
    digest: [u8; 32],
    root: PublicKey,
}

impl VerifiedDirectory {
    /// Verifies a signed directory envelope.
    ///
    /// * `pinned_root`: the root key the client trusts.
    /// * `now`: the client's clock, Unix seconds.
    /// * `accepted`: the last directory state the client accepted, if any;
    ///   an older sequence number is a rollback, a different body with the same
    ///   sequence number is an equivocation.
    pub fn verify(
        bytes: &[u8],
        pinned_root: &PublicKey,
        now: UnixTime,
        accepted: Option<&AcceptedState>,
    ) -> Result<VerifiedDirectory, DirectoryError> {
        if bytes.len() > MAX_DIRECTORY_BYTES {
            return Err(DirectoryError::TooLarge { size: bytes.len() });
        }
        let envelope: Envelope = serde_json::from_slice(bytes)
            .map_err(|e| DirectoryError::Malformed(json_problem(&e)))?;
        if envelope.format != ENVELOPE_FORMAT {
            return Err(DirectoryError::UnsupportedFormat(quotable(
                &envelope.format,
            )));
        }
        // The signer is quoted in the refusal: only a key id is worth quoting.
        if KeyId::parse(&envelope.signer).is_none() {
            return Err(DirectoryError::Malformed(
                "signer is not a key id (16 lowercase hex digits)".into(),
            ));
        }
        let root = follow_rotations(pinned_root, &envelope.rotations)?;
        if envelope.signer != root.key_id().to_string() {
            return Err(DirectoryError::NotSignedByRoot {
                signer: envelope.signer,
                trusted: root.key_id(),
            });
        }
        let body = b64::decode(&envelope.body)
            .ok_or_else(|| DirectoryError::Malformed("body is not canonical base64url".into()))?;
        let signature = b64::decode(&envelope.signature).ok_or_else(|| {
            DirectoryError::Malformed("signature is not canonical base64url".into())
        })?;
        if !root.verify(Context::Directory, &body, &signature) {
            return Err(DirectoryError::BadSignature);
        }
        let directory = parse_body(&body)?;
        directory.validate().map_err(DirectoryError::Invalid)?;

        if directory.issued_at > now.saturating_add(DIRECTORY_CLOCK_SKEW) {
            return Err(DirectoryError::NotYetValid {
                issued_at: directory.issued_at,
            });
        }
        if now >= directory.expires_at {
            return Err(DirectoryError::Expired {
                expires_at: directory.expires_at,
            });
        }
        let digest: [u8; 32] = Sha256::digest(&body).into();
        if let Some(last) = accepted {
            if directory.sequence < last.sequence {
                return Err(DirectoryError::Rollback {
                    offered: directory.sequence,
                    accepted: last.sequence,
                });
            }
            if directory.sequence == last.sequence && digest != last.digest {
                return Err(DirectoryError::Equivocation {
                    sequence: directory.sequence,
                });
            }
        }
        let keys = directory
            .keys
            .iter()
            .filter_map(|entry| {
                // validate() has checked that every key parses and matches its id.
                let public_key = PublicKey::parse(&entry.public_key).ok()?;
                Some(VerifiedKey {
                    id: public_key.key_id(),
                    public_key,
                    entry: entry.clone(),
                })
            })
            .collect();
        Ok(VerifiedDirectory {
            directory,
            keys,
            digest,
            root,
        })
    }

    /// The directory's contents.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// A staff key by id, whether or not it is revoked or in its validity
    /// window (the notice verifier reports those cases precisely).
    pub fn key(&self, id: &KeyId) -> Option<&VerifiedKey> {
        self.keys.iter().find(|k| k.id == *id)
    }

    /// What the client should remember to refuse rollbacks later.
    pub fn state(&self) -> AcceptedState {
        AcceptedState {
            sequence: self.directory.sequence,
            digest: self.digest,
        }
    }

    /// The root key that signed this directory. After a rotation it differs
    /// from the pinned key, and the client should pin it from now on.
    pub fn root(&self) -> &PublicKey {
        &self.root
    }
}

fn parse_body(body: &[u8]) -> Result<Directory, DirectoryError> {
    #[derive(Deserialize)]
    struct FormatOnly {
        format: String,
    }
    // Name an unknown format precisely before the strict parse complains
    // about its unknown fields.
    if let Ok(f) = serde_json::from_slice::<FormatOnly>(body) {
        if f.format != super::model::DIRECTORY_FORMAT {
            return Err(DirectoryError::UnsupportedFormat(quotable(&f.format)));
        }
    }
    serde_json::from_slice(body)
        .map_err(|e| DirectoryError::Malformed(format!("body: {}", json_problem(&e))))
}

/// A JSON parse error as it may be quoted in a refusal. The parser quotes
/// field names and values from the input (`unknown field ...`), which anyone
/// can fill with terminal escapes or bidi controls; such a message is
/// replaced by where the problem is.
fn json_problem(e: &serde_json::Error) -> String {
    let message = e.to_string();
    if message.len() <= 300 && message.bytes().all(|b| b.is_ascii_graphic() || b == b' ') {
        message
    } else {
        format!(
            "unexpected content at line {} column {}",
            e.line(),
            e.column()
        )
    }
}

/// A format name from an unverified envelope, as it may be quoted in a
/// refusal: short printable ASCII, or a description of what it is not.
fn quotable(format: &str) -> String {
    if format.len() <= 64 && format.bytes().all(|b| b.is_ascii_graphic()) {
        format.to_string()
    } else {
        "(not a format name)".into()
    }
}

/// Applies the rotation chain to the pinned root and returns the current root.
///
/// Links the pinned key cannot verify are skipped only before the first link
/// it can: those are rotations the client already followed (it pins their
/// result). After that, every link must continue the chain.
fn follow_rotations(
    pinned: &PublicKey,
    links: &[RotationLink],
) -> Result<PublicKey, DirectoryError> {
    let mut current = *pinned;
    let mut started = false;
    for (i, link) in links.iter().enumerate() {
        let bad = |why: &str| DirectoryError::BadRotation(format!("link {}: {why}", i + 1));
        let body = b64::decode(&link.body).ok_or_else(|| bad("body is not canonical base64url"))?;
        let signature = b64::decode(&link.signature)
            .ok_or_else(|| bad("signature is not canonical base64url"))?;
        if !current.verify(Context::RootRotation, &body, &signature) {
            if started {
                return Err(bad("not signed by the previous root key"));
            }
            continue;
        }
        let rotation: Rotation = serde_json::from_slice(&body)
            .map_err(|e| bad(&format!("unreadable: {}", json_problem(&e))))?;
        if rotation.format != ROTATION_FORMAT {
            return Err(bad("unsupported rotation format"));
        }
        let from = PublicKey::parse(&rotation.from).map_err(|e| bad(&e.to_string()))?;
        if from != current {
            return Err(bad("does not start from the current root key"));
        }
        current = PublicKey::parse(&rotation.to).map_err(|e| bad(&e.to_string()))?;
        started = true;
    }
    Ok(current)
}

/// Signs a directory body with the root key and returns the envelope JSON.
/// Refuses a directory that breaks a structural rule.
pub fn sign_directory(
    directory: &Directory,
    root: &SecretKey,
    rotations: &[RotationLink],
) -> Result<String, ValidationError> {
    directory.validate()?;
    let body = serde_json::to_vec(directory)
        .map_err(|e| ValidationError(vec![format!("cannot serialise: {e}")]))?;
    let signature = root.sign(Context::Directory, &body);
    let envelope = Envelope {
        format: ENVELOPE_FORMAT.into(),
        rotations: rotations.to_vec(),
        signer: root.public_key().key_id().to_string(),
        body: b64::encode(&body),
        signature: b64::encode(&signature),
    };
    serde_json::to_string_pretty(&envelope)
        .map_err(|e| ValidationError(vec![format!("cannot serialise: {e}")]))
}

/// Has the current root vouch for its successor.
pub fn sign_rotation(
    old_root: &SecretKey,
    new_root: &PublicKey,
    issued_at: UnixTime,
) -> RotationLink {
    let rotation = Rotation {
        format: ROTATION_FORMAT.into(),
        from: old_root.public_key().to_string(),
        to: new_root.to_string(),
        issued_at,
    };
    // A struct of strings and an integer always serialises.
    let body = serde_json::to_vec(&rotation).unwrap_or_default();
    let signature = old_root.sign(Context::RootRotation, &body);
    RotationLink {
        body: b64::encode(&body),
        signature: b64::encode(&signature),
    }
}
