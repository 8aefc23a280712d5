//! The notice readers and the message rule: finding tokens, armored blocks
//! and verify links in any text, reading them, and checking every notice
//! with its message against the demo directory.
#![no_main]

use countersign::demo;
use countersign::notice::{check_message, find_notices, MessageInput, SignedNotice};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn directory() -> Option<&'static countersign::directory::VerifiedDirectory> {
    static DIR: OnceLock<Option<countersign::directory::VerifiedDirectory>> = OnceLock::new();
    DIR.get_or_init(|| demo::directory(demo::DEMO_NOW).ok())
        .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for found in find_notices(text) {
        assert!(found.start <= found.end && found.end <= text.len());
        let _ = SignedNotice::parse_token(&found.token);
    }
    let _ = SignedNotice::parse_any(text);
    if let Some(dir) = directory() {
        let input = MessageInput {
            text,
            is_message: true,
            sender: Some("support@northwind.example"),
            now: demo::DEMO_NOW,
            ..MessageInput::default()
        };
        let checked = check_message(dir, &input);
        if checked.is_verified() {
            assert!(checked.notices.iter().all(|n| n.mismatches.is_empty()));
        }
        for n in &checked.notices {
            let shown = n.explanation("Northwind Security");
            assert!(!shown.chars().any(|c| c.is_control()));
        }
    }
});
