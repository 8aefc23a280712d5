//! The core compiled to wasm32 and run under Node by wasm-bindgen-test: the
//! same code the extension and the web pages run, with the browser's random
//! source (getrandom's JS backend) and the embedded demo vendor.
//!
//! ```text
//! CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!   cargo test --target wasm32-unknown-unknown --no-default-features --test wasm
//! ```
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use countersign::demo;
use countersign::directory::Channel;
use countersign::keys::{Context, PublicKey, SecretKey};
use countersign::notice::{issue_notice, NoticeRequest, SignedNotice, VerifyOptions};
use wasm_bindgen_test::wasm_bindgen_test;

/// DEMO ONLY: the published demo staff key.
const STAFF_SECRET: &str = include_str!("../demo/keys/staff.secret");

fn at(now: i64) -> VerifyOptions<'static> {
    VerifyOptions {
        now,
        recipient: None,
        body: None,
    }
}

fn email_request() -> NoticeRequest {
    NoticeRequest {
        channel: Some(Channel::Email),
        agent: "Dana Whitfield".into(),
        contact: "support@northwind.example".into(),
        ticket: Some("NW-48213".into()),
        recipient: Some("ada@example.org".into()),
        ..NoticeRequest::default()
    }
}

#[wasm_bindgen_test]
fn demo_directory_verifies() {
    let directory = demo::directory(demo::DEMO_NOW).expect("the demo directory verifies");
    assert_eq!(directory.directory().vendor.name, "Northwind Security");
    assert_eq!(directory.root(), &demo::root().unwrap());
    // A frozen copy is refused once it has expired.
    let expired = demo::directory(directory.directory().expires_at).unwrap_err();
    assert_eq!(expired.code(), "expired");
}

#[wasm_bindgen_test]
fn signs_and_verifies_a_notice() {
    let directory = demo::directory(demo::DEMO_NOW).unwrap();
    let key = SecretKey::parse(STAFF_SECRET).unwrap();
    let issued = issue_notice(&email_request(), &key, &directory, demo::DEMO_NOW).unwrap();
    for text in [&issued.token, &issued.armor, &issued.link] {
        let notice = SignedNotice::parse_any(text).unwrap();
        let verified = notice
            .verify(
                &directory,
                &VerifyOptions {
                    recipient: Some("Ada@example.org"),
                    ..at(demo::DEMO_NOW + 60)
                },
            )
            .unwrap();
        assert_eq!(verified.claims.agent, "Dana Whitfield");
        assert_eq!(verified.claims.ticket.as_deref(), Some("NW-48213"));
        assert_eq!(verified.signer_name, "Dana Whitfield");
        assert_eq!(verified.contact_label, "Support");
    }
    // Forwarded to someone else: refused.
    let notice = SignedNotice::parse_token(&issued.token).unwrap();
    let forwarded = notice
        .verify(
            &directory,
            &VerifyOptions {
                recipient: Some("eve@example.org"),
                ..at(demo::DEMO_NOW)
            },
        )
        .unwrap_err();
    assert_eq!(forwarded.code(), "not-for-recipient");
}

#[wasm_bindgen_test]
fn call_notices_carry_a_phrase() {
    let directory = demo::directory(demo::DEMO_NOW).unwrap();
    let key = SecretKey::parse(STAFF_SECRET).unwrap();
    let request = NoticeRequest {
        channel: Some(Channel::ScheduledCall),
        agent: "Dana Whitfield".into(),
        contact: "+1 202 555 0143".into(),
        window_start: Some(demo::DEMO_NOW + 3600),
        window_end: Some(demo::DEMO_NOW + 5400),
        ..NoticeRequest::default()
    };
    let issued = issue_notice(&request, &key, &directory, demo::DEMO_NOW).unwrap();
    let phrase = issued.verified.claims.phrase.clone().unwrap();
    assert_eq!(phrase.split(' ').count(), 3);
    let notice = SignedNotice::parse_token(&issued.token).unwrap();
    assert_eq!(
        notice
            .verify(&directory, &at(demo::DEMO_NOW + 3700))
            .unwrap()
            .claims
            .phrase,
        Some(phrase)
    );
    // Long after the window: expired.
    let late = notice
        .verify(&directory, &at(demo::DEMO_NOW + 86_400))
        .unwrap_err();
    assert_eq!(late.code(), "expired");
}

#[wasm_bindgen_test]
fn tampered_token_is_refused() {
    let directory = demo::directory(demo::DEMO_NOW).unwrap();
    let key = SecretKey::parse(STAFF_SECRET).unwrap();
    let issued = issue_notice(&email_request(), &key, &directory, demo::DEMO_NOW).unwrap();
    let mut notice = SignedNotice::parse_token(&issued.token).unwrap();
    notice.signature[7] ^= 0x40;
    let error = SignedNotice::parse_token(&notice.to_token())
        .unwrap()
        .verify(&directory, &at(demo::DEMO_NOW))
        .unwrap_err();
    assert_eq!(error.code(), "bad-signature");
}

#[wasm_bindgen_test]
fn keygen_uses_the_browser_random_source() {
    let a = SecretKey::generate().expect("crypto.getRandomValues is available");
    let b = SecretKey::generate().unwrap();
    assert_ne!(a.public_key(), b.public_key());
    let text = a.to_text();
    let again = SecretKey::parse(&text).unwrap();
    assert_eq!(again.public_key(), a.public_key());
    assert_eq!(
        PublicKey::parse(&a.public_key().to_string()),
        Ok(a.public_key())
    );
    let signature = a.sign(Context::Notice, b"hello");
    assert!(a.public_key().verify(Context::Notice, b"hello", &signature));
    assert!(!b.public_key().verify(Context::Notice, b"hello", &signature));
}
