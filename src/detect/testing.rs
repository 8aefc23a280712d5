//! Fixtures shared by the detectors' unit tests: the demo directory, an
//! engine over it, and the demo staff key to sign real notices with.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::directory::{Channel, Directory, VerifiedDirectory};
use crate::keys::SecretKey;
use crate::notice::{Claims, NOTICE_VERSION};

/// The demo directory, verified at the demo clock.
pub fn verified() -> VerifiedDirectory {
    crate::demo::directory(crate::demo::DEMO_NOW).expect("the demo directory verifies")
}

/// The demo directory's contents.
pub fn directory() -> Directory {
    verified().directory().clone()
}

/// An engine over the demo directory.
pub fn engine() -> super::Engine {
    super::Engine::new(&verified())
}

/// The demo staff key (Dana Whitfield).
pub fn staff_key() -> SecretKey {
    SecretKey::parse(include_str!("../../demo/keys/staff.secret")).expect("demo staff key")
}

/// Claims for a notice valid around the demo clock.
pub fn claims(channel: Channel, contact: &str) -> Claims {
    let key = staff_key();
    let now = crate::demo::DEMO_NOW;
    Claims {
        version: NOTICE_VERSION,
        vendor: "northwind".into(),
        key_id: key.public_key().key_id().to_string(),
        channel,
        agent: "Dana Whitfield".into(),
        contact: contact.into(),
        ticket: Some("NW-48213".into()),
        recipient: None,
        issued_at: now - 3_600,
        not_before: now - 3_600,
        expires_at: now + 86_400,
        id: "AAAAAAAAAAAAAAAA".into(),
        phrase: channel
            .is_phone()
            .then(|| crate::notice::phrase::generate().expect("phrase")),
        body_digest: None,
    }
}

/// Every file of the listed folders of `tests/corpus` (`pages`, `webmail`,
/// `emails`), as text: the inputs the scanners' reference tests compare
/// on.
pub fn corpus(folders: &[&str]) -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut out = Vec::new();
    for sub in folders {
        for entry in std::fs::read_dir(dir.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(s) = std::fs::read_to_string(entry.path()) {
                out.push(s);
            }
        }
    }
    out
}
