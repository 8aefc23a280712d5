//! The embedded demo vendor, the fictional Northwind Security.
//!
//! DEMO ONLY. Its root and staff secret keys are published in `demo/keys/`,
//! so anyone can sign as "Northwind Security". It exists so that every tool
//! runs with no set-up; a real deployment pins its own root key.

use crate::directory::{DirectoryError, UnixTime, VerifiedDirectory};
use crate::keys::{KeyError, PublicKey};

/// The signed demo directory (`demo/northwind.directory.json`).
pub const DIRECTORY: &str = include_str!("../demo/northwind.directory.json");

/// The demo root public key (`demo/keys/root.pub`).
pub const ROOT_PUBLIC_KEY: &str = include_str!("../demo/keys/root.pub");

/// A moment inside the demo directory's validity, for tests and examples that
/// must not depend on the real clock: 2026-12-01T12:00:00Z.
pub const DEMO_NOW: UnixTime = 1_796_126_400;

/// The demo root key.
pub fn root() -> Result<PublicKey, KeyError> {
    PublicKey::parse(ROOT_PUBLIC_KEY)
}

/// The demo directory, verified against the demo root at `now`.
pub fn directory(now: UnixTime) -> Result<VerifiedDirectory, DirectoryError> {
    let root = root().map_err(|e| DirectoryError::Malformed(format!("demo root key: {e}")))?;
    VerifiedDirectory::verify(DIRECTORY.as_bytes(), &root, now, None)
}
