//! Published Ed25519 vectors through the project's own strict verify path:
//! every Wycheproof case must get the expected result, and RFC 8032's
//! vectors must sign and verify byte for byte.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use countersign::keys::{verify_raw_for_vectors, SecretKey};
use serde_json::Value;

fn unhex(text: &str) -> Vec<u8> {
    hex::decode(text).expect("vector files hold valid hex")
}

#[test]
fn every_wycheproof_case_matches() {
    let suite: Value = serde_json::from_str(include_str!("vectors/wycheproof_ed25519_test.json"))
        .expect("valid JSON");
    let mut total = 0;
    let mut mismatches = Vec::new();
    for group in suite["testGroups"].as_array().expect("testGroups") {
        let public = unhex(group["publicKey"]["pk"].as_str().expect("pk"));
        for case in group["tests"].as_array().expect("tests") {
            total += 1;
            let message = unhex(case["msg"].as_str().expect("msg"));
            let signature = unhex(case["sig"].as_str().expect("sig"));
            let expected = match case["result"].as_str() {
                Some("valid") => true,
                Some("invalid") => false,
                other => panic!("case {}: unexpected result {other:?}", case["tcId"]),
            };
            if verify_raw_for_vectors(&public, &message, &signature) != expected {
                mismatches.push(format!("tcId {} ({})", case["tcId"], case["comment"]));
            }
        }
    }
    assert_eq!(
        total,
        suite["numberOfTests"].as_u64().expect("count") as usize
    );
    assert_eq!(total, 151, "the whole suite must run");
    assert!(mismatches.is_empty(), "mismatching cases: {mismatches:?}");
}

#[test]
fn rfc8032_vectors_sign_and_verify_exactly() {
    let file: Value =
        serde_json::from_str(include_str!("vectors/rfc8032.json")).expect("valid JSON");
    let vectors = file["vectors"].as_array().expect("vectors");
    assert_eq!(vectors.len(), 4);
    for v in vectors {
        let seed: [u8; 32] = unhex(v["secret"].as_str().expect("secret"))
            .try_into()
            .expect("32 bytes");
        let public = unhex(v["public"].as_str().expect("public"));
        let message = unhex(v["message"].as_str().expect("message"));
        let signature = unhex(v["signature"].as_str().expect("signature"));
        let key = SecretKey::from_seed(&seed);
        assert_eq!(
            key.public_key().to_bytes().as_slice(),
            public.as_slice(),
            "{}",
            v["name"]
        );
        assert_eq!(
            key.sign_raw_for_vectors(&message).as_slice(),
            signature.as_slice(),
            "{}",
            v["name"]
        );
        assert!(
            verify_raw_for_vectors(&public, &message, &signature),
            "{}",
            v["name"]
        );
        let mut tampered = signature.clone();
        tampered[0] ^= 1;
        assert!(
            !verify_raw_for_vectors(&public, &message, &tampered),
            "{}",
            v["name"]
        );
    }
}
