//! Contact notices: signing, the three encodings, every verification rule,
//! tampering with every field, and hostile input.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{sign_as, World, DAY, NOW};
use countersign::b64;
use countersign::directory::Channel;
use countersign::keys::Context;
use countersign::notice::canon::{body_digest, recipient_binding};
use countersign::notice::rules::ClaimError;
use countersign::notice::{
    find_notices, issue_notice, Binding, Claims, NoticeError, NoticeRequest, SignedNotice, Timing,
    VerifyOptions, NOTICE_CLOCK_SKEW,
};
use proptest::prelude::*;
use serde_json::Value;

fn at(now: i64) -> VerifyOptions<'static> {
    VerifyOptions {
        now,
        recipient: None,
        body: None,
    }
}

fn check(
    world: &World,
    claims: &Claims,
    key: &countersign::keys::SecretKey,
) -> Result<(), NoticeError> {
    sign_as(claims, key)
        .verify(&world.verified(), &at(NOW))
        .map(|_| ())
}

#[test]
fn genuine_notices_verify_in_every_encoding() {
    let world = World::new();
    let dir = world.verified();
    for claims in [world.email_claims(), world.call_claims()] {
        let notice = sign_as(&claims, &world.staff);
        for text in [
            notice.to_token(),
            notice.to_armor(),
            notice.to_link("https://northwind.example/verify"),
        ] {
            let parsed = SignedNotice::parse_any(&text).unwrap();
            let v = parsed.verify(&dir, &at(NOW)).unwrap();
            assert_eq!(v.claims, claims);
            assert_eq!(v.signer_name, "Dana Whitfield");
        }
    }
    let call = sign_as(&world.call_claims(), &world.staff)
        .verify(&dir, &at(NOW))
        .unwrap();
    assert_eq!(call.contact_label, "US support");
    // Addresses under an official email domain are official senders too.
    let claims = Claims {
        contact: "dana@mail.northwind.example".into(),
        ..world.email_claims()
    };
    assert_eq!(
        sign_as(&claims, &world.staff)
            .verify(&dir, &at(NOW))
            .unwrap()
            .contact_label,
        "official address"
    );
}

#[test]
fn tampering_with_any_claim_breaks_the_signature() {
    let world = World::new();
    let dir = world.verified();
    let mut claims = world.call_claims();
    claims.recipient = Some(recipient_binding("ada@example.org", [1; 8]));
    claims.body_digest = Some(b64::encode(&body_digest("hello")));
    let notice = sign_as(&claims, &world.staff);
    let json: Value = serde_json::from_slice(&notice.payload).unwrap();
    let fields: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
    assert_eq!(fields.len(), 14, "every claim is present: {fields:?}");
    for field in &fields {
        let mut changed = json.clone();
        changed[field] = match &json[field] {
            Value::Number(n) => (n.as_i64().unwrap() + 1).into(),
            Value::String(s) if field == "kid" => s.clone().into(), // changed below
            Value::String(s) => format!("{s}X").into(),
            other => panic!("unexpected {other}"),
        };
        if field == "kid" {
            // Point at another listed key: the signature must still fail.
            changed[field] = world.billing.public_key().key_id().to_string().into();
        }
        let forged = SignedNotice {
            payload: serde_json::to_vec(&changed).unwrap(),
            signature: notice.signature,
        };
        let err = forged.verify(&dir, &at(NOW)).unwrap_err();
        assert_eq!(err, NoticeError::BadSignature, "field {field}");
    }
    // Every bit of the signature matters.
    for i in 0..64 {
        let mut forged = notice.clone();
        forged.signature[i] ^= 1 << (i % 8);
        assert_eq!(
            forged.verify(&dir, &at(NOW)).unwrap_err(),
            NoticeError::BadSignature,
            "byte {i}"
        );
    }
    // A signature made in another context (a directory signature over the
    // same bytes) is not a notice signature.
    let cross = SignedNotice {
        payload: notice.payload.clone(),
        signature: world.staff.sign(Context::Directory, &notice.payload),
    };
    assert_eq!(
        cross.verify(&dir, &at(NOW)).unwrap_err(),
        NoticeError::BadSignature
    );
}

#[test]
fn keys_are_scoped_by_the_directory() {
    let world = World::new();
    // Revoked.
    let claims = Claims {
        key_id: world.former.public_key().key_id().to_string(),
        ..world.email_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.former),
        Err(NoticeError::RevokedKey {
            name: "Sam Porter".into()
        })
    );
    // Unknown key.
    let claims = Claims {
        key_id: world.stranger.public_key().key_id().to_string(),
        ..world.email_claims()
    };
    assert!(matches!(
        check(&world, &claims, &world.stranger),
        Err(NoticeError::UnknownKey { .. })
    ));
    // Out-of-scope channel: the billing key may only sign email.
    let claims = Claims {
        key_id: world.billing.public_key().key_id().to_string(),
        ..world.call_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.billing),
        Err(NoticeError::ChannelNotAllowed {
            name: "Billing team".into(),
            channel: Channel::ScheduledCall
        })
    );
    // Over-long lifetime: billing notices may last 3 days.
    let claims = Claims {
        key_id: world.billing.public_key().key_id().to_string(),
        contact: "billing@northwind.example".into(),
        expires_at: NOW - 3_600 + 3 * DAY + 1,
        ..world.email_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.billing),
        Err(NoticeError::LifetimeTooLong {
            lifetime: 3 * DAY + 1,
            max: 3 * DAY
        })
    );
    // Outside the key's validity.
    let key = &world.directory.keys[0];
    let claims = Claims {
        issued_at: key.not_before - 10,
        not_before: key.not_before - 10,
        expires_at: key.not_before + 10,
        ..world.email_claims()
    };
    let notice = sign_as(&claims, &world.staff);
    assert_eq!(
        notice
            .verify(&world.verified(), &at(key.not_before))
            .unwrap_err(),
        NoticeError::KeyNotValid {
            name: "Dana Whitfield".into()
        }
    );
    // Another vendor.
    let claims = Claims {
        vendor: "southwind".into(),
        ..world.email_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.staff),
        Err(NoticeError::WrongVendor {
            vendor: "southwind".into()
        })
    );
}

#[test]
fn contact_points_must_be_official() {
    let world = World::new();
    for contact in [
        "help@northwind-support.com",
        "support@northwind.example.evil.io",
    ] {
        let claims = Claims {
            contact: contact.into(),
            ..world.email_claims()
        };
        assert_eq!(
            check(&world, &claims, &world.staff),
            Err(NoticeError::UnofficialContact {
                contact: contact.into()
            })
        );
    }
    let claims = Claims {
        contact: "+18445550177".into(),
        ..world.call_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.staff),
        Err(NoticeError::UnofficialContact {
            contact: "+18445550177".into()
        })
    );
    // An official contact in any spelling but the canonical one is refused:
    // the customer would be shown that spelling.
    for contact in ["+1 202 555 0143", "12025550143"] {
        let claims = Claims {
            contact: contact.into(),
            ..world.call_claims()
        };
        assert!(
            matches!(
                check(&world, &claims, &world.staff),
                Err(NoticeError::BadClaims(ClaimError::NonCanonicalContact))
                    | Err(NoticeError::UnofficialContact { .. })
            ),
            "{contact}"
        );
    }
    let claims = Claims {
        phrase: None,
        ..world.call_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.staff),
        Err(NoticeError::MissingPhrase)
    );
    let claims = Claims {
        phrase: Some("open sesame now".into()),
        ..world.call_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.staff),
        Err(NoticeError::MissingPhrase)
    );
}

#[test]
fn time_windows_allow_a_small_clock_skew() {
    let world = World::new();
    let dir = world.verified();
    let call = sign_as(&world.call_claims(), &world.staff);
    let (start, end) = (NOW, NOW + 1_800);
    let verify_at = |now| call.verify(&dir, &at(now));
    let timing = |now| verify_at(now).map(|v| v.timing);
    assert_eq!(timing(start - NOTICE_CLOCK_SKEW), Ok(Timing::Current));
    // A scheduled call's notice is read ahead of the call: genuine, upcoming.
    assert_eq!(timing(start - NOTICE_CLOCK_SKEW - 1), Ok(Timing::Upcoming));
    assert_eq!(timing(start - 3_000), Ok(Timing::Upcoming));
    assert_eq!(timing(end + NOTICE_CLOCK_SKEW - 1), Ok(Timing::Current));
    // Any other notice is not valid before its start.
    let claims = Claims {
        not_before: NOW + 600,
        ..world.email_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.staff),
        Err(NoticeError::NotYetValid {
            not_before: NOW + 600
        })
    );
    assert_eq!(
        verify_at(end + NOTICE_CLOCK_SKEW).unwrap_err(),
        NoticeError::Expired { expires_at: end }
    );
    // Issued in the future beyond the skew.
    let claims = Claims {
        issued_at: NOW + 400,
        not_before: NOW + 400,
        expires_at: NOW + DAY,
        ..world.email_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.staff),
        Err(NoticeError::IssuedInFuture {
            issued_at: NOW + 400
        })
    );
    // Contradictory windows.
    let claims = Claims {
        not_before: NOW + 10,
        expires_at: NOW + 10,
        ..world.email_claims()
    };
    assert_eq!(
        check(&world, &claims, &world.staff),
        Err(NoticeError::BadWindow)
    );
}

#[test]
fn a_forwarded_notice_is_recognised() {
    let world = World::new();
    let dir = world.verified();
    let claims = Claims {
        recipient: Some(recipient_binding("ada@example.org", [7; 8])),
        ..world.email_claims()
    };
    let notice = sign_as(&claims, &world.staff);
    let opts = |r| VerifyOptions {
        now: NOW,
        recipient: Some(r),
        body: None,
    };
    assert_eq!(
        notice
            .verify(&dir, &opts(" Ada@Example.ORG"))
            .unwrap()
            .recipient,
        Binding::Matched
    );
    assert_eq!(
        notice.verify(&dir, &opts("eve@example.org")).unwrap_err(),
        NoticeError::NotForRecipient
    );
    assert_eq!(
        notice.verify(&dir, &at(NOW)).unwrap().recipient,
        Binding::NotChecked
    );
    let plain = sign_as(&world.email_claims(), &world.staff);
    assert_eq!(
        plain
            .verify(&dir, &opts("eve@example.org"))
            .unwrap()
            .recipient,
        Binding::Absent
    );
}

#[test]
fn the_body_digest_survives_webmail_but_not_edits() {
    let world = World::new();
    let dir = world.verified();
    let body = "Hello Ada,\n\nWe will call you on 2 December between 14:00 and 14:30 UTC\nabout ticket NW-482913.\n\nDana Whitfield\nNorthwind Security Support\n";
    let claims = Claims {
        body_digest: Some(b64::encode(&body_digest(body))),
        ..world.email_claims()
    };
    let notice = sign_as(&claims, &world.staff);
    let rendered = "Hello Ada,\u{00a0}We will call you on 2 December\nbetween 14:00 and 14:30 UTC about ticket NW-482913.   Dana Whitfield Northwind Security Support";
    let opts = |b| VerifyOptions {
        now: NOW,
        recipient: None,
        body: Some(b),
    };
    assert_eq!(
        notice.verify(&dir, &opts(rendered)).unwrap().body,
        Binding::Matched
    );
    let edited = rendered.replace("14:30", "16:30");
    assert_eq!(
        notice.verify(&dir, &opts(&edited)).unwrap_err(),
        NoticeError::BodyMismatch
    );
}

#[test]
fn issuing_refuses_what_customers_would_reject() {
    let world = World::new();
    let dir = world.verified();
    let request = NoticeRequest {
        channel: Some(Channel::ScheduledCall),
        agent: "Dana Whitfield".into(),
        contact: "+1 (202) 555-0143".into(),
        ticket: Some("NW-1".into()),
        window_start: Some(NOW + DAY),
        window_end: Some(NOW + DAY + 1_800),
        ..NoticeRequest::default()
    };
    let issued = issue_notice(&request, &world.staff, &dir, NOW).unwrap();
    assert_eq!(issued.verified.claims.contact, "+12025550143");
    let phrase = issued.verified.claims.phrase.clone().unwrap();
    assert!(countersign::notice::phrase::is_valid(&phrase));
    // The customer verifies it during the window.
    let v = SignedNotice::parse_any(&issued.link)
        .unwrap()
        .verify(&dir, &at(NOW + DAY + 60))
        .unwrap();
    assert_eq!(v.claims.phrase.as_deref(), Some(phrase.as_str()));
    // Refusals.
    let unofficial = NoticeRequest {
        contact: "+1 844 555 0177".into(),
        ..request.clone()
    };
    assert_eq!(
        issue_notice(&unofficial, &world.staff, &dir, NOW)
            .unwrap_err()
            .code(),
        "unofficial-contact"
    );
    let too_long = NoticeRequest {
        window_end: Some(NOW + 9 * DAY),
        ..request.clone()
    };
    assert_eq!(
        issue_notice(&too_long, &world.staff, &dir, NOW)
            .unwrap_err()
            .code(),
        "lifetime-too-long"
    );
    assert_eq!(
        issue_notice(&request, &world.billing, &dir, NOW)
            .unwrap_err()
            .code(),
        "channel-not-allowed"
    );
    assert_eq!(
        issue_notice(&request, &world.stranger, &dir, NOW)
            .unwrap_err()
            .code(),
        "key-not-in-directory"
    );
    assert_eq!(
        issue_notice(&request, &world.former, &dir, NOW)
            .unwrap_err()
            .code(),
        "revoked-key"
    );
    let no_window = NoticeRequest {
        window_end: None,
        ..request
    };
    assert_eq!(
        issue_notice(&no_window, &world.staff, &dir, NOW)
            .unwrap_err()
            .code(),
        "invalid-request"
    );
}

#[test]
fn a_typical_email_notice_fits_an_email_footer() {
    let world = World::new();
    let request = NoticeRequest {
        channel: Some(Channel::Email),
        agent: "Dana Whitfield".into(),
        contact: "support@northwind.example".into(),
        ticket: Some("NW-482913".into()),
        recipient: Some("ada.lovelace@example.org".into()),
        body: Some("Hello Ada, your renewal is confirmed.".into()),
        ..NoticeRequest::default()
    };
    let issued = issue_notice(&request, &world.staff, &world.verified(), NOW).unwrap();
    println!(
        "typical email notice: token {} chars, armored block {} chars in {} lines",
        issued.token.len(),
        issued.armor.len(),
        issued.armor.lines().count()
    );
    assert!(issued.armor.lines().all(|l| l.len() <= 64));
    assert!(issued.armor.lines().count() <= 12, "{}", issued.armor);
}

#[test]
fn malformed_notices_get_precise_errors() {
    let world = World::new();
    let dir = world.verified();
    let good = sign_as(&world.email_claims(), &world.staff).to_token();
    let cases = [
        "".to_string(),
        "CS1.".to_string(),
        "CS2.abc.def".to_string(),
        good[..good.len() - 3].to_string(),
        good.replacen('.', "!", 2),
        format!("{good}=="),
        "CS1.e30.".to_string() + &b64::encode(&[0u8; 64]),
        "CS1.".to_string() + &"A".repeat(10_000),
        "CS1.\u{202e}abc.def".to_string(),
    ];
    for text in cases {
        let result = SignedNotice::parse_token(&text)
            .map_err(NoticeError::from)
            .and_then(|n| n.verify(&dir, &at(NOW)));
        let err = result.unwrap_err();
        assert!(!err.to_string().is_empty());
    }
    // Valid JSON signed by a listed key but with unknown fields is refused.
    let mut json: Value = serde_json::to_value(world.email_claims()).unwrap();
    json["admin"] = true.into();
    let payload = serde_json::to_vec(&json).unwrap();
    let signature = world.staff.sign(Context::Notice, &payload);
    let err = SignedNotice { payload, signature }
        .verify(&dir, &at(NOW))
        .unwrap_err();
    assert!(matches!(err, NoticeError::Malformed(_)), "{err:?}");
    // Duplicate keys are refused rather than resolved either way.
    let token = sign_as(&world.email_claims(), &world.staff);
    let dup =
        String::from_utf8(token.payload.clone())
            .unwrap()
            .replacen("{", "{\"agt\":\"Mallory\",", 1);
    let signature = world.staff.sign(Context::Notice, dup.as_bytes());
    let err = SignedNotice {
        payload: dup.into_bytes(),
        signature,
    }
    .verify(&dir, &at(NOW))
    .unwrap_err();
    assert!(matches!(err, NoticeError::Malformed(_)), "{err:?}");
}

proptest! {
    #[test]
    fn signed_claims_round_trip(agent in "\\p{L}{1,12}( \\p{L}{1,12}){0,2}", ticket in proptest::option::of("[A-Z]{2}-[0-9]{1,8}"), lifetime in 60i64..(7 * DAY)) {
        prop_assume!(countersign::notice::rules::is_valid_agent(&agent));
        let world = World::new();
        let claims = Claims { agent, ticket, expires_at: NOW - 3_600 + lifetime, ..world.email_claims() };
        let notice = sign_as(&claims, &world.staff);
        let parsed = SignedNotice::parse_any(&notice.to_armor()).unwrap();
        prop_assert_eq!(&parsed, &notice);
        let v = parsed.verify(&world.verified(), &at(NOW - 3_600)).unwrap();
        prop_assert_eq!(v.claims, claims);
    }

    #[test]
    fn armor_survives_reflowing(cut in 1usize..80, indent in "[ >\t]{0,4}") {
        let world = World::new();
        let notice = sign_as(&world.call_claims(), &world.staff);
        let token = notice.to_token();
        let mut body = String::new();
        for chunk in token.as_bytes().chunks(cut) {
            body.push_str(&indent);
            body.push_str(std::str::from_utf8(chunk).unwrap());
            body.push_str("\r\n");
        }
        let text = format!("Thanks,\nDana\n-----BEGIN COUNTERSIGN NOTICE-----\n{body}-----END COUNTERSIGN NOTICE-----\n");
        let found = find_notices(&text);
        prop_assert_eq!(found.len(), 1);
        prop_assert_eq!(SignedNotice::parse_token(&found[0].token).unwrap(), notice);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        let world = World::new();
        let dir = world.verified();
        for found in find_notices(&text) {
            if let Ok(n) = SignedNotice::parse_token(&found.token) {
                prop_assert!(n.verify(&dir, &at(NOW)).is_err());
            }
        }
        prop_assert!(SignedNotice::parse_any(&text).map_err(NoticeError::from).and_then(|n| n.verify(&dir, &at(NOW))).is_err());
    }
}
