//! The signed directory: verification, tampering, rollback, freeze, root
//! rotation, and hostile input.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{World, DAY, NOW};
use countersign::b64;
use countersign::directory::{
    sign_directory, sign_rotation, AcceptedState, DirectoryError, VerifiedDirectory,
    MAX_DIRECTORY_BYTES,
};
use countersign::keys::SecretKey;
use proptest::prelude::*;
use serde_json::Value;

fn verify(
    world: &World,
    text: &str,
    accepted: Option<&AcceptedState>,
) -> Result<VerifiedDirectory, DirectoryError> {
    VerifiedDirectory::verify(text.as_bytes(), &world.root.public_key(), NOW, accepted)
}

/// Re-encodes the envelope with its body JSON changed by `edit`, keeping the
/// original signature.
fn tamper_body(signed: &str, edit: impl FnOnce(&mut Value)) -> String {
    let mut envelope: Value = serde_json::from_str(signed).unwrap();
    let body = b64::decode(envelope["body"].as_str().unwrap()).unwrap();
    let mut json: Value = serde_json::from_slice(&body).unwrap();
    edit(&mut json);
    envelope["body"] = b64::encode(&serde_json::to_vec(&json).unwrap()).into();
    envelope.to_string()
}

#[test]
fn a_signed_directory_verifies() {
    let world = World::new();
    let verified = verify(&world, &world.signed(), None).unwrap();
    assert_eq!(verified.directory(), &world.directory);
    assert_eq!(verified.root(), &world.root.public_key());
    assert_eq!(verified.state().sequence, 7);
    let staff_id = world.staff.public_key().key_id();
    assert_eq!(
        verified.key(&staff_id).unwrap().entry.name,
        "Dana Whitfield"
    );
}

#[test]
fn the_demo_directory_verifies_with_the_embedded_root() {
    let verified = countersign::demo::directory(countersign::demo::DEMO_NOW).unwrap();
    let d = verified.directory();
    assert_eq!(d.vendor.name, "Northwind Security");
    assert!(d.phone("+12025550143").is_some());
    assert!(d.phone("+442079460321").is_some());
    assert!(d.is_official_email("support@northwind.example"));
    assert!(d.is_official_email("Billing@Northwind.Example"));
    assert!(!d.is_official_email("support@northwind-support.com"));
}

#[test]
fn every_field_is_covered_by_the_signature() {
    let world = World::new();
    let signed = world.signed();
    let body: Value = {
        let envelope: Value = serde_json::from_str(&signed).unwrap();
        serde_json::from_slice(&b64::decode(envelope["body"].as_str().unwrap()).unwrap()).unwrap()
    };
    let fields: Vec<String> = body.as_object().unwrap().keys().cloned().collect();
    assert!(
        fields.len() >= 14,
        "all directory fields are present: {fields:?}"
    );
    for field in fields {
        let tampered = tamper_body(&signed, |json| {
            json[&field] = match &json[&field] {
                Value::Number(n) => (n.as_i64().unwrap() + 1).into(),
                Value::String(s) => format!("{s}x").into(),
                Value::Array(a) if a.is_empty() => Value::Array(vec![Value::Null]),
                Value::Array(a) => Value::Array(a[1..].to_vec()),
                Value::Object(_) => {
                    let mut o = json[&field].clone();
                    o["name"] = "Evil Corp".into();
                    o
                }
                other => panic!("unexpected {other}"),
            };
        });
        assert_eq!(
            verify(&world, &tampered, None).unwrap_err(),
            DirectoryError::BadSignature,
            "field {field}"
        );
    }
}

#[test]
fn a_changed_signature_or_signer_is_refused() {
    let world = World::new();
    let mut envelope: Value = serde_json::from_str(&world.signed()).unwrap();
    let mut sig = b64::decode(envelope["signature"].as_str().unwrap()).unwrap();
    for i in [0, 31, 32, 63] {
        sig[i] ^= 0x40;
        envelope["signature"] = b64::encode(&sig).into();
        assert_eq!(
            verify(&world, &envelope.to_string(), None).unwrap_err(),
            DirectoryError::BadSignature
        );
        sig[i] ^= 0x40;
    }
    envelope["signer"] = "0000000000000000".into();
    assert!(matches!(
        verify(&world, &envelope.to_string(), None),
        Err(DirectoryError::NotSignedByRoot { .. })
    ));
    // Signed by another key that names itself as signer: still not the root.
    let forged = sign_directory(&world.directory, &world.stranger, &[]).unwrap();
    assert!(matches!(
        verify(&world, &forged, None),
        Err(DirectoryError::NotSignedByRoot { .. })
    ));
}

#[test]
fn a_notice_signature_cannot_pass_as_a_directory_signature() {
    // Domain separation: the root signing the same bytes as a notice does not
    // make a directory.
    let world = World::new();
    let mut envelope: Value = serde_json::from_str(&world.signed()).unwrap();
    let body = b64::decode(envelope["body"].as_str().unwrap()).unwrap();
    let sig = world.root.sign(countersign::keys::Context::Notice, &body);
    envelope["signature"] = b64::encode(&sig).into();
    assert_eq!(
        verify(&world, &envelope.to_string(), None).unwrap_err(),
        DirectoryError::BadSignature
    );
}

#[test]
fn rollback_and_equivocation_are_refused() {
    let mut world = World::new();
    let v7 = verify(&world, &world.signed(), None).unwrap();
    // The same directory again is fine (a re-fetch).
    assert!(verify(&world, &world.signed(), Some(&v7.state())).is_ok());
    // A newer one is fine.
    world.directory.sequence = 8;
    let v8 = verify(&world, &world.signed(), Some(&v7.state())).unwrap();
    // Going back to 7 after accepting 8 is a rollback.
    world.directory.sequence = 7;
    assert_eq!(
        verify(&world, &world.signed(), Some(&v8.state())).unwrap_err(),
        DirectoryError::Rollback {
            offered: 7,
            accepted: 8
        }
    );
    // Another body with number 8 is an equivocation.
    world.directory.sequence = 8;
    world.directory.phones.pop();
    assert_eq!(
        verify(&world, &world.signed(), Some(&v8.state())).unwrap_err(),
        DirectoryError::Equivocation { sequence: 8 }
    );
}

#[test]
fn a_frozen_directory_expires_and_a_future_one_is_refused() {
    let world = World::new();
    let signed = world.signed();
    let root = world.root.public_key();
    let expires = world.directory.expires_at;
    assert!(VerifiedDirectory::verify(signed.as_bytes(), &root, expires - 1, None).is_ok());
    assert_eq!(
        VerifiedDirectory::verify(signed.as_bytes(), &root, expires, None).unwrap_err(),
        DirectoryError::Expired {
            expires_at: expires
        }
    );
    let issued = world.directory.issued_at;
    assert!(VerifiedDirectory::verify(signed.as_bytes(), &root, issued - 300, None).is_ok());
    assert_eq!(
        VerifiedDirectory::verify(signed.as_bytes(), &root, issued - 301, None).unwrap_err(),
        DirectoryError::NotYetValid { issued_at: issued }
    );
}

#[test]
fn root_rotation_needs_the_current_root() {
    let world = World::new();
    let new_root = SecretKey::from_seed(&[9; 32]);
    let newer_root = SecretKey::from_seed(&[10; 32]);
    let link1 = sign_rotation(&world.root, &new_root.public_key(), NOW - DAY);
    let link2 = sign_rotation(&new_root, &newer_root.public_key(), NOW - DAY);

    // One step: a client pinning the old root follows it.
    let signed = sign_directory(&world.directory, &new_root, std::slice::from_ref(&link1)).unwrap();
    let v = verify(&world, &signed, None).unwrap();
    assert_eq!(v.root(), &new_root.public_key());

    // Two steps, from the old pin and from the intermediate pin.
    let signed = sign_directory(
        &world.directory,
        &newer_root,
        &[link1.clone(), link2.clone()],
    )
    .unwrap();
    assert_eq!(
        verify(&world, &signed, None).unwrap().root(),
        &newer_root.public_key()
    );
    let from_mid =
        VerifiedDirectory::verify(signed.as_bytes(), &new_root.public_key(), NOW, None).unwrap();
    assert_eq!(from_mid.root(), &newer_root.public_key());

    // A rotation signed by anyone else leads nowhere.
    let bogus = sign_rotation(&world.stranger, &world.stranger.public_key(), NOW);
    let signed = sign_directory(&world.directory, &world.stranger, &[bogus]).unwrap();
    assert!(matches!(
        verify(&world, &signed, None),
        Err(DirectoryError::NotSignedByRoot { .. })
    ));

    // A chain that breaks after it started is refused.
    let stray = sign_rotation(&world.stranger, &newer_root.public_key(), NOW);
    let signed = sign_directory(&world.directory, &newer_root, &[link1, stray]).unwrap();
    assert!(matches!(
        verify(&world, &signed, None),
        Err(DirectoryError::BadRotation(_))
    ));

    // Without the rotation, the new root is just a stranger.
    let signed = sign_directory(&world.directory, &new_root, &[]).unwrap();
    assert!(matches!(
        verify(&world, &signed, None),
        Err(DirectoryError::NotSignedByRoot { .. })
    ));
}

#[test]
fn invalid_directories_are_not_signed_and_not_trusted() {
    let world = World::new();
    let mut bad = world.directory.clone();
    bad.domains[0].domain = "NorthWind.example".into();
    bad.phones[0].number = "+1 202 555 0143".into();
    bad.keys[0].id = "0123456789abcdef".into();
    let err = sign_directory(&bad, &world.root, &[]).unwrap_err();
    assert_eq!(err.0.len(), 3, "{err}");
    // A body with an unknown field, signed by the root, is still refused.
    let mut json: Value = serde_json::to_value(&world.directory).unwrap();
    json["allow_everything"] = true.into();
    let body = serde_json::to_vec(&json).unwrap();
    let sig = world
        .root
        .sign(countersign::keys::Context::Directory, &body);
    let envelope = serde_json::json!({
        "format": "countersign-signed-directory/1",
        "signer": world.root.public_key().key_id().to_string(),
        "body": b64::encode(&body),
        "signature": b64::encode(&sig),
    });
    assert!(matches!(
        verify(&world, &envelope.to_string(), None),
        Err(DirectoryError::Malformed(_))
    ));
}

#[test]
fn malformed_and_huge_input_gets_a_clear_error() {
    let world = World::new();
    for text in ["", "null", "{}", "[]", "{\"format\":\"countersign-signed-directory/2\",\"signer\":\"\",\"body\":\"\",\"signature\":\"\"}"] {
        let err = verify(&world, text, None).unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    let huge = " ".repeat(MAX_DIRECTORY_BYTES + 1);
    assert_eq!(
        verify(&world, &huge, None).unwrap_err(),
        DirectoryError::TooLarge {
            size: MAX_DIRECTORY_BYTES + 1
        }
    );
    let deep = "[".repeat(100_000);
    assert!(matches!(
        verify(&world, &deep, None),
        Err(DirectoryError::Malformed(_))
    ));
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_verify_or_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let world = World::new();
        prop_assert!(VerifiedDirectory::verify(&bytes, &world.root.public_key(), NOW, None).is_err());
    }

    #[test]
    fn any_single_byte_change_is_refused(index in 0usize..4096, flip in 1u8..=255) {
        let world = World::new();
        let mut bytes = world.signed().into_bytes();
        let i = index % bytes.len();
        bytes[i] ^= flip;
        // Whitespace-only changes to the envelope (outside the base64) leave
        // the signed bytes alone; every other change must be refused.
        let same = serde_json::from_slice::<Value>(&bytes).ok()
            == serde_json::from_str::<Value>(&world.signed()).ok();
        let result = VerifiedDirectory::verify(&bytes, &world.root.public_key(), NOW, None);
        prop_assert_eq!(result.is_ok(), same);
    }
}

/// Signs a body with the root without the structural checks, as a careless
/// or compromised signing tool would.
fn sign_unchecked(world: &World, directory: &countersign::directory::Directory) -> String {
    let body = serde_json::to_vec(directory).unwrap();
    let sig = world
        .root
        .sign(countersign::keys::Context::Directory, &body);
    serde_json::json!({
        "format": "countersign-signed-directory/1",
        "signer": world.root.public_key().key_id().to_string(),
        "body": b64::encode(&body),
        "signature": b64::encode(&sig),
    })
    .to_string()
}

/// Each edit breaks one structural rule about domains and URLs; the
/// directory must be refused when signing AND when verifying a copy the
/// root signed anyway, with a message naming the problem.
#[test]
fn public_suffixes_and_urls_off_the_official_domains_are_refused() {
    type Edit = fn(&mut countersign::directory::Directory);
    let cases: [(&str, Edit, &str); 8] = [
        (
            "public suffix with subdomains",
            |d| {
                d.domains.push(countersign::directory::OfficialDomain {
                    domain: "co.uk".into(),
                    include_subdomains: true,
                    public_mailboxes: false,
                })
            },
            "public suffix",
        ),
        (
            "private public suffix",
            |d| {
                d.domains.push(countersign::directory::OfficialDomain {
                    domain: "github.io".into(),
                    include_subdomains: false,
                    public_mailboxes: false,
                })
            },
            "public suffix",
        ),
        (
            "public suffix as email domain",
            |d| d.email_domains.push("co.uk".into()),
            "public suffix",
        ),
        (
            "verify_url on another domain",
            |d| d.verify_url = "https://evil.example/verify".into(),
            "not one of the official domains",
        ),
        (
            "verify_url with userinfo",
            |d| d.verify_url = "https://northwind.example@evil.example/verify".into(),
            "before '@'",
        ),
        (
            "published_at on another domain",
            |d| {
                d.published_at
                    .push("https://cdn.evil.example/directory.json".into())
            },
            "not one of the official domains",
        ),
        (
            "published_at with a look-alike suffix",
            |d| d.published_at[0] = "https://northwind.example.evil.example/d.json".into(),
            "not one of the official domains",
        ),
        (
            "published_at with a backslash",
            |d| d.published_at[0] = "https://evil.example\\@northwind.example/".into(),
            "backslashes",
        ),
    ];
    for (name, edit, expected) in cases {
        let world = World::new();
        let mut bad = world.directory.clone();
        edit(&mut bad);
        let err = sign_directory(&bad, &world.root, &[]).unwrap_err();
        assert!(err.to_string().contains(expected), "{name}: {err}");
        match verify(&world, &sign_unchecked(&world, &bad), None) {
            Err(DirectoryError::Invalid(e)) => {
                assert!(e.to_string().contains(expected), "{name}: {e}")
            }
            other => panic!("{name}: verified anyway: {other:?}"),
        }
    }
    // Subdomains of an official domain that includes them are fine; a port
    // is fine; a registrable name under a public suffix is fine.
    let world = World::new();
    let mut good = world.directory.clone();
    good.verify_url = "https://help.northwind.example:8443/verify".into();
    good.domains.push(countersign::directory::OfficialDomain {
        domain: "northwind.co.uk".into(),
        include_subdomains: true,
        public_mailboxes: false,
    });
    good.published_at
        .push("https://www.northwind.co.uk/.well-known/countersign/directory.json".into());
    sign_directory(&good, &world.root, &[]).unwrap();
    // A subdomain of a domain listed without its subdomains is not official.
    good.domains[0].include_subdomains = false;
    let err = sign_directory(&good, &world.root, &[]).unwrap_err();
    assert!(err.to_string().contains("help.northwind.example"), "{err}");
}

#[test]
fn signing_concerns_about_the_lifetime() {
    use countersign::directory::LifetimeConcern;
    let world = World::new();
    let d = &world.directory;
    assert!(d.lifetime_concerns(NOW).is_empty());
    assert_eq!(
        d.lifetime_concerns(d.expires_at),
        [LifetimeConcern::AlreadyExpired {
            expires_at: d.expires_at
        }]
    );
    let mut long = d.clone();
    long.expires_at = long.issued_at + 367 * DAY;
    assert_eq!(
        long.lifetime_concerns(NOW),
        [LifetimeConcern::TooLongLived { days: 367 }]
    );
    long.expires_at = long.issued_at + 366 * DAY;
    assert!(long.lifetime_concerns(NOW).is_empty());
    let mut future = d.clone();
    future.issued_at = NOW + 301;
    assert!(matches!(
        future.lifetime_concerns(NOW)[..],
        [LifetimeConcern::IssuedInTheFuture { .. }]
    ));
}

#[test]
fn a_directory_is_only_accepted_from_where_it_says_it_is_published() {
    let world = World::new();
    let verified = world.verified();
    let d = verified.directory();
    assert!(d.is_published_at("https://northwind.example/.well-known/countersign/directory.json"));
    for elsewhere in [
        "https://northwind-support.com/.well-known/countersign/directory.json",
        "https://northwind.example/other/directory.json",
        "http://northwind.example/.well-known/countersign/directory.json",
        "https://user@northwind.example/.well-known/countersign/directory.json",
        "https://northwind.example.evil.example/.well-known/countersign/directory.json",
        "",
    ] {
        assert!(!d.is_published_at(elsewhere), "{elsewhere}");
    }
}

/// Refusals quote the envelope's `signer` and `format`, which anyone can
/// write: neither may carry terminal escapes or line breaks into a message.
#[test]
fn refusals_never_quote_control_characters_from_the_envelope() {
    let world = World::new();
    let mut envelope: Value = serde_json::from_str(&world.signed()).unwrap();
    envelope["signer"] = "\u{1b}[2J\nOK: genuine".into();
    let err = verify(&world, &envelope.to_string(), None).unwrap_err();
    assert!(matches!(err, DirectoryError::Malformed(_)), "{err:?}");
    assert!(!err.to_string().chars().any(char::is_control), "{err}");
    let mut envelope: Value = serde_json::from_str(&world.signed()).unwrap();
    envelope["\u{202e}\u{1b}[2J"] = 1.into();
    let err = verify(&world, &envelope.to_string(), None).unwrap_err();
    assert!(matches!(err, DirectoryError::Malformed(_)), "{err:?}");
    assert!(
        err.to_string()
            .chars()
            .all(|c| c == ' ' || c.is_ascii_graphic()),
        "{err}"
    );
    let mut envelope: Value = serde_json::from_str(&world.signed()).unwrap();
    envelope["format"] = "countersign-signed-directory/2\u{1b}[2J\nOK".into();
    let err = verify(&world, &envelope.to_string(), None).unwrap_err();
    assert_eq!(
        err,
        DirectoryError::UnsupportedFormat("(not a format name)".into())
    );
    assert!(!err.to_string().chars().any(char::is_control), "{err}");
}
