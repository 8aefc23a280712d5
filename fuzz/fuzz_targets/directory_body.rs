//! The directory body behind a valid signature: the input is signed with a
//! fuzzing root key, so every input reaches the body parser and the
//! structural rules, which a forged envelope never does.
#![no_main]

use countersign::b64;
use countersign::demo;
use countersign::directory::signed::ENVELOPE_FORMAT;
use countersign::directory::VerifiedDirectory;
use countersign::keys::{Context, SecretKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let root = SecretKey::from_seed(&[7; 32]);
    let envelope = serde_json::json!({
        "format": ENVELOPE_FORMAT,
        "signer": root.public_key().key_id().to_string(),
        "body": b64::encode(data),
        "signature": b64::encode(&root.sign(Context::Directory, data)),
    });
    let Ok(bytes) = serde_json::to_vec(&envelope) else {
        return;
    };
    if let Ok(dir) = VerifiedDirectory::verify(&bytes, &root.public_key(), demo::DEMO_NOW, None) {
        // A directory that verifies can build an engine and answer.
        let engine = countersign::detect::Engine::new(&dir);
        let _ = engine.analyse_contact("+1 202 555 0143", demo::DEMO_NOW);
    }
});
