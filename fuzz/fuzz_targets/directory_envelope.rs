//! The signed directory envelope: JSON, base64url, rotations, signature,
//! against the pinned demo root.
#![no_main]

use countersign::demo;
use countersign::directory::VerifiedDirectory;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(root) = demo::root() {
        let _ = VerifiedDirectory::verify(data, &root, demo::DEMO_NOW, None);
    }
});
