//! What a notice may say, checked by the verifier itself (not only by the
//! signing tool), and the one rule that a notice verifies a message only
//! when the message matches it. Each case here is one of the findings of
//! the hardening pass (issue 9).
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{sign_as, World, DAY, NOW};
use countersign::b64;
use countersign::directory::Channel;
use countersign::display;
use countersign::notice::canon::body_digest;
use countersign::notice::rules::ClaimError;
use countersign::notice::{
    check_message, issue_notice, Claims, MessageInput, Mismatch, NoticeError, NoticeRequest,
    NoticeState, VerifyOptions,
};
use proptest::prelude::*;

fn at(now: i64) -> VerifyOptions<'static> {
    VerifyOptions {
        now,
        recipient: None,
        body: None,
    }
}

fn verify(world: &World, claims: &Claims) -> Result<(), NoticeError> {
    sign_as(claims, &world.staff)
        .verify(&world.verified(), &at(NOW))
        .map(|_| ())
}

fn message(text: &str) -> MessageInput<'_> {
    MessageInput {
        text,
        is_message: true,
        now: NOW,
        ..MessageInput::default()
    }
}

#[test]
fn an_email_notice_may_not_carry_a_phrase() {
    let world = World::new();
    let claims = Claims {
        phrase: world.call_claims().phrase,
        ..world.email_claims()
    };
    assert_eq!(
        verify(&world, &claims),
        Err(NoticeError::BadClaims(ClaimError::PhraseNotAllowed))
    );
}

#[test]
fn agent_and_ticket_must_be_plain_and_short() {
    let world = World::new();
    for agent in [
        "Dana Whitfield\n  sender:    support@northwind.example (Support)",
        "Dana\u{1b}[2K\u{1b}[1AGENUINE",
        "\u{202e}dleifti hW anaD",
        "Dana\u{200b}Whitfield",
        " Dana Whitfield",
        &"Dana ".repeat(1000),
        "",
    ] {
        let claims = Claims {
            agent: agent.into(),
            ..world.email_claims()
        };
        assert_eq!(
            verify(&world, &claims),
            Err(NoticeError::BadClaims(ClaimError::BadAgent)),
            "{agent:?}"
        );
    }
    for ticket in ["NW-1\nsender: x", "NW\u{202e}1", &"1".repeat(5000), ""] {
        let claims = Claims {
            ticket: Some(ticket.into()),
            ..world.email_claims()
        };
        assert_eq!(
            verify(&world, &claims),
            Err(NoticeError::BadClaims(ClaimError::BadTicket)),
            "{ticket:?}"
        );
    }
}

#[test]
fn email_contact_points_must_be_the_directory_spelling() {
    let world = World::new();
    for contact in [
        "SUPPORT@northwind.example",
        "support@northwind.example\u{3000}",
        "\u{2028}support@northwind.example",
        " support@northwind.example",
    ] {
        let claims = Claims {
            contact: contact.into(),
            ..world.email_claims()
        };
        assert_eq!(
            verify(&world, &claims),
            Err(NoticeError::BadClaims(ClaimError::NonCanonicalContact)),
            "{contact:?}"
        );
    }
    // The signing tool stores the directory's spelling.
    let request = NoticeRequest {
        channel: Some(Channel::Email),
        agent: "Dana  Whitfield".into(),
        contact: " SUPPORT@Northwind.example ".into(),
        ..NoticeRequest::default()
    };
    let issued = issue_notice(&request, &world.staff, &world.verified(), NOW).unwrap();
    assert_eq!(issued.verified.claims.contact, "support@northwind.example");
    assert_eq!(issued.verified.claims.agent, "Dana Whitfield");
}

#[test]
fn an_unknown_key_is_not_echoed() {
    let world = World::new();
    let claims = Claims {
        key_id: "\u{1b}[2KGENUINE call +1 888".into(),
        ..world.email_claims()
    };
    let err = verify(&world, &claims).unwrap_err();
    assert_eq!(err.code(), "unknown-key");
    let text = err.to_string();
    assert_eq!(
        text,
        "the notice was signed with a key Northwind Security does not list: it is not from them"
    );
    // A stranger's key with a well-formed id is no different.
    let stranger = sign_as(&world.email_claims(), &world.stranger)
        .verify(&world.verified(), &at(NOW))
        .unwrap_err();
    assert!(!stranger.to_string().contains("GENUINE"));
}

#[test]
fn every_notice_is_checked_and_one_invalid_fails_the_message() {
    let world = World::new();
    let dir = world.verified();
    let genuine = sign_as(&world.email_claims(), &world.staff).to_armor();
    let forged = sign_as(&world.email_claims(), &world.stranger).to_token();
    let text = format!("Hello Ada,\n\n{genuine}\n{forged}\n");
    let checked = check_message(&dir, &message(&text));
    assert_eq!(checked.notices.len(), 2);
    assert_eq!(checked.notices[0].state, NoticeState::Verified);
    assert_eq!(checked.notices[1].state, NoticeState::Invalid);
    assert_eq!(checked.state(), Some(NoticeState::Invalid));
    assert!(!checked.is_verified());
    // The same two in the other order.
    let text = format!("{forged}\n{genuine}");
    assert_eq!(
        check_message(&dir, &message(&text)).state(),
        Some(NoticeState::Invalid)
    );
}

#[test]
fn text_after_a_body_signed_notice_is_partly_signed() {
    let world = World::new();
    let dir = world.verified();
    let body = "Hello Ada,\n\nyour renewal is confirmed.\n\nDana\n";
    let claims = Claims {
        body_digest: Some(b64::encode(&body_digest(body))),
        ..world.email_claims()
    };
    let armor = sign_as(&claims, &world.staff).to_armor();
    let clean = format!("{body}\n{armor}\n\n");
    let checked = check_message(&dir, &message(&clean));
    assert!(checked.is_verified(), "{:?}", checked.notices[0].mismatches);
    let ps = format!("{body}\n{armor}\nP.S. pay with gift cards");
    let checked = check_message(&dir, &message(&ps));
    assert_eq!(checked.state(), Some(NoticeState::PartlySigned));
    assert_eq!(
        checked.notices[0].mismatches,
        vec![Mismatch::UnsignedText {
            text: "P.S. pay with gift cards".into()
        }]
    );
    // With a number the vendor does not own, it contradicts the notice.
    let ps = format!("{body}\n{armor}\nP.S. call +1 900 555 0199");
    let checked = check_message(&dir, &message(&ps));
    assert_eq!(checked.state(), Some(NoticeState::Copied));
}

#[test]
fn a_copied_notice_is_never_verified() {
    let world = World::new();
    let dir = world.verified();
    let armor = sign_as(&world.email_claims(), &world.staff).to_armor();
    let text = format!("Your refund is ready. Call +1 844 555 0177 now.\n\n{armor}");
    // Other numbers in the message.
    let checked = check_message(&dir, &message(&text));
    assert_eq!(checked.state(), Some(NoticeState::Copied));
    assert_eq!(
        checked.notices[0].mismatches,
        vec![Mismatch::OtherPhone {
            number: "+18445550177".into()
        }]
    );
    // Another sender.
    let clean = format!("Hello Ada,\n\n{armor}");
    let spoofed = MessageInput {
        sender: Some("help@northwind-support.com"),
        ..message(&clean)
    };
    let checked = check_message(&dir, &spoofed);
    assert_eq!(checked.state(), Some(NoticeState::Copied));
    assert!(matches!(
        checked.notices[0].mismatches[0],
        Mismatch::Sender { .. }
    ));
    // Other addresses, but never the reader's own.
    let text = format!("Write to refunds@northwind-help.com\n\n{armor}");
    assert_eq!(
        check_message(&dir, &message(&text)).state(),
        Some(NoticeState::Copied)
    );
    let text = format!("Hello ada@example.org,\n\n{armor}");
    let mine = MessageInput {
        recipient: Some("ada@example.org"),
        ..message(&text)
    };
    assert!(check_message(&dir, &mine).is_verified());
    // The same sender and official numbers only: verified.
    let text = format!("Call us on +1 202 555 0143.\n\n{armor}");
    let right = MessageInput {
        sender: Some("Support@Northwind.example"),
        ..message(&text)
    };
    assert!(check_message(&dir, &right).is_verified());
}

#[test]
fn a_verify_link_counts_only_on_the_verify_host() {
    let world = World::new();
    let dir = world.verified();
    let notice = sign_as(&world.email_claims(), &world.staff);
    let good = notice.to_link("https://northwind.example/verify");
    assert!(check_message(&dir, &message(&good)).is_verified());
    for base in [
        "https://northwind-verify.com/verify",
        "https://northwind.example.evil.test/verify",
        "https://northwind.example@evil.test/verify",
        "verify",
    ] {
        let link = notice.to_link(base);
        let checked = check_message(&dir, &message(&link));
        assert_eq!(checked.state(), Some(NoticeState::Copied), "{base}");
    }
}

#[test]
fn a_cut_off_notice_is_incomplete_not_invalid() {
    let world = World::new();
    let dir = world.verified();
    let token = sign_as(&world.email_claims(), &world.staff).to_token();
    let cut = format!("Northwind Security: your ticket {}…", &token[..60]);
    let checked = check_message(&dir, &message(&cut));
    assert_eq!(checked.state(), Some(NoticeState::Incomplete));
    let armor = sign_as(&world.email_claims(), &world.staff).to_armor();
    let half = &armor[..armor.len() / 2];
    assert_eq!(
        check_message(&dir, &message(half)).state(),
        Some(NoticeState::Incomplete)
    );
    // A damaged token with text after it is invalid.
    let damaged = format!("{}!{} thanks", &token[..60], &token[61..]);
    assert_eq!(
        check_message(&dir, &message(&damaged)).state(),
        Some(NoticeState::Invalid)
    );
}

fn contact_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("support@northwind.example".to_string()),
        Just("SUPPORT@northwind.example".to_string()),
        Just("support@northwind.example\u{3000}".to_string()),
        Just("ops@mail.northwind.example".to_string()),
        Just("Ops@mail.northwind.example".to_string()),
        Just("+12025550143".to_string()),
        Just("+1 202 555 0143".to_string()),
        Just("+442079460321".to_string()),
        "\\PC{0,30}",
    ]
}

fn text_strategy(max: usize) -> impl Strategy<Value = String> {
    let re = |r: String| proptest::string::string_regex(&r).unwrap();
    prop_oneof![
        re(format!("[A-Za-z][A-Za-z .'-]{{0,{max}}}")),
        re(format!("\\PC{{0,{max}}}")),
        re(format!(
            "[ -~\n\r\t\u{1b}\u{202e}\u{2028}\u{3000}\u{200b}\u{9b}]{{0,{max}}}"
        )),
        re("\\p{L}{1,12}( \\p{L}{1,12}){0,3}".to_string()),
    ]
}

/// One world for the property tests (building it verifies a directory).
fn world_once() -> &'static (World, countersign::directory::VerifiedDirectory) {
    static WORLD: std::sync::OnceLock<(World, countersign::directory::VerifiedDirectory)> =
        std::sync::OnceLock::new();
    WORLD.get_or_init(|| {
        let world = World::new();
        let dir = world.verified();
        (world, dir)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever claims a listed key signs, if they verify they obey every
    /// rule the signing tool enforces, and the signing tool, asked for the
    /// same notice, writes the same claims.
    #[test]
    fn whatever_verifies_obeys_the_signing_rules(
        channel in prop::sample::select(Channel::ALL.to_vec()),
        agent in text_strategy(90),
        ticket in prop::option::of(text_strategy(70)),
        contact in contact_strategy(),
        phrase in prop::option::of(prop_oneof![
            Just(countersign::notice::phrase::phrase_from_bytes([1, 2, 3])),
            "\\PC{0,20}",
        ]),
    ) {
        let (world, dir) = world_once();
        let base = if channel.is_phone() { world.call_claims() } else { world.email_claims() };
        let claims = Claims { channel, agent, ticket, contact, phrase, ..base };
        let Ok(v) = sign_as(&claims, &world.staff).verify(dir, &at(NOW)) else {
            return Ok(());
        };
        let c = &v.claims;
        // A phrase on call notices, and only on them.
        prop_assert_eq!(c.phrase.is_some(), c.channel.is_phone());
        // Agent: printable, trimmed, short, nothing hidden.
        prop_assert!(!c.agent.is_empty() && c.agent.chars().count() <= 80);
        prop_assert_eq!(c.agent.trim(), c.agent.as_str());
        prop_assert!(display::is_plain(&c.agent, 80), "{:?}", c.agent);
        // Ticket: short printable ASCII.
        if let Some(t) = &c.ticket {
            prop_assert!(!t.is_empty() && t.len() <= 64 && t.bytes().all(|b| b.is_ascii_graphic()));
        }
        // Contact: byte-equal to a directory entry, or a lowercase address
        // under an official email domain.
        let d = dir.directory();
        let listed = d.phones.iter().any(|p| p.number == c.contact)
            || d.emails.iter().any(|e| e.address == c.contact)
            || c.contact.rsplit_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && d.email_domains.iter().any(|x| x == domain)
                    && c.contact.bytes().all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase())
            });
        prop_assert!(listed, "{:?}", c.contact);
        // The signing tool accepts the same request and writes the same claims.
        let request = NoticeRequest {
            channel: Some(c.channel),
            agent: c.agent.clone(),
            contact: c.contact.clone(),
            ticket: c.ticket.clone(),
            phrase: c.phrase.clone(),
            window_start: (c.channel == Channel::ScheduledCall).then_some(c.not_before),
            window_end: (c.channel == Channel::ScheduledCall).then_some(c.expires_at),
            valid_for: (c.channel != Channel::ScheduledCall).then_some(DAY),
            ..NoticeRequest::default()
        };
        let issued = issue_notice(&request, &world.staff, dir, NOW).unwrap();
        let i = &issued.verified.claims;
        prop_assert_eq!((&i.agent, &i.contact, &i.ticket, &i.phrase), (&c.agent, &c.contact, &c.ticket, &c.phrase));
    }

    /// No message makes the rule panic, and a message is verified only when
    /// every notice in it verified.
    #[test]
    fn messages_never_panic(prefix in "\\PC{0,200}", suffix in "\\PC{0,200}") {
        let (world, dir) = world_once();
        let armor = sign_as(&world.email_claims(), &world.staff).to_armor();
        let text = format!("{prefix}{armor}{suffix}");
        let checked = check_message(dir, &message(&text));
        if checked.is_verified() {
            prop_assert!(checked.notices.iter().all(|n| n.result.is_ok() && n.mismatches.is_empty()));
        }
    }
}

/// Writes the CLI fixtures of the hardening cases (tests/cli/fixtures/harden),
/// notices signed with the published demo staff keys at the demo clock:
/// `HARDEN_FIXTURES=1 cargo test --test notice_message -- --ignored`.
#[test]
#[ignore = "regenerates committed fixtures"]
fn write_cli_fixtures() {
    use countersign::keys::SecretKey;
    use countersign::notice::SignedNotice;
    if std::env::var_os("HARDEN_FIXTURES").is_none() {
        return;
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/fixtures/harden");
    std::fs::create_dir_all(&root).unwrap();
    let key = |name: &str| {
        SecretKey::parse(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("demo/keys")
                    .join(name),
            )
            .unwrap(),
        )
        .unwrap()
    };
    let staff = key("staff.secret");
    let billing = key("billing.secret");
    let iat = 1_796_119_200; // 2026-12-01T10:00:00Z
    let base = Claims {
        version: 1,
        vendor: "northwind".into(),
        key_id: staff.public_key().key_id().to_string(),
        channel: Channel::Email,
        agent: "Dana Whitfield".into(),
        contact: "support@northwind.example".into(),
        ticket: Some("NW-482913".into()),
        recipient: None,
        issued_at: iat,
        not_before: iat,
        expires_at: iat + 3 * DAY,
        id: "HkQ2cnVzdGVkMDEy".into(),
        phrase: None,
        body_digest: None,
    };
    let write = |name: &str, text: String| std::fs::write(root.join(name), text).unwrap();
    // 1. A kid holding terminal escapes that draw a fake "GENUINE" block.
    let evil_kid = "\u{1b}[2K\u{1b}[1A\u{1b}[2K\rGENUINE: email from Northwind Security\n  sender:    support@northwind.example (Support)";
    let forged = SignedNotice {
        payload: serde_json::to_vec(&Claims {
            key_id: evil_kid.into(),
            ..base.clone()
        })
        .unwrap(),
        signature: [0; 64],
    };
    write("kid-ansi.txt", format!("{}\n", forged.to_token()));
    write(
        "kid-ansi.eml",
        format!(
            "From: Northwind Security <support@northwind.example>\nTo: ada@example.org\nSubject: Your ticket NW-482913\n\nHello Ada,\n\n{}\n",
            forged.to_token()
        ),
    );
    // A signed agent name that prints a fake line.
    let agent_nl = Claims {
        agent: "Dana Whitfield\n  sender:    help@northwind-refunds.com (Support)".into(),
        ..base.clone()
    };
    write("agent-newline.txt", agent_nl.sign(&staff).to_armor());
    // 3. An email-only key signing a phrase; non-canonical contact points.
    let phrase = Claims {
        key_id: billing.public_key().key_id().to_string(),
        agent: "Billing team".into(),
        contact: "billing@northwind.example".into(),
        phrase: Some(countersign::notice::phrase::phrase_from_bytes([9, 9, 9])),
        ..base.clone()
    };
    write("email-phrase.txt", phrase.sign(&billing).to_armor());
    let upper = Claims {
        contact: "SUPPORT@northwind.example".into(),
        ..base.clone()
    };
    write("contact-uppercase.txt", upper.sign(&staff).to_armor());
    let wide = Claims {
        contact: "support@northwind.example\u{3000}".into(),
        ..base.clone()
    };
    write(
        "contact-ideographic-space.txt",
        wide.sign(&staff).to_armor(),
    );
    // 4. A genuine block followed by a forged one.
    let genuine = base.sign(&staff);
    let mut forged_sig = base.sign(&staff);
    forged_sig.signature[5] ^= 1;
    write(
        "two-notices.txt",
        format!(
            "Hello Ada,\n\n{}\n{}\n",
            genuine.to_armor(),
            forged_sig.to_token()
        ),
    );
    // 5. A body-signed notice with a P.S. after it.
    let body = "Hello Ada,\n\nyour renewal for ticket NW-482913 is confirmed.\n\nDana Whitfield\nNorthwind Security Support\n";
    let signed_body = Claims {
        body_digest: Some(b64::encode(&body_digest(body))),
        ..base.clone()
    }
    .sign(&staff);
    write(
        "ps-after-notice.txt",
        format!(
            "{body}\n{}\nP.S. pay with gift cards, call +1 900 555 0199\n",
            signed_body.to_armor()
        ),
    );
    write(
        "ps-after-notice-words.txt",
        format!(
            "{body}\n{}\nP.S. pay the renewal with gift cards today.\n",
            signed_body.to_armor()
        ),
    );
    // 6. A genuine notice copied into a scam email: spoofed sender, other number.
    write(
        "copied-spoofed.eml",
        format!(
            "From: Northwind Security <support@northwind.example>\nTo: ada@example.org\nSubject: Refund for ticket NW-482913\n\nHello Ada,\n\nwe owe you a refund of $299. Call our refunds desk on +1 844 555 0177 today.\n\n{}\n",
            genuine.to_armor()
        ),
    );
    write(
        "copied-unrelated-sender.eml",
        format!(
            "From: Northwind Refunds <refunds@northwind-help.com>\nTo: ada@example.org\nSubject: Refund for ticket NW-482913\n\nHello Ada,\n\nyour refund is ready.\n\n{}\n",
            genuine.to_armor()
        ),
    );
    // A genuine token on a look-alike verify host.
    write(
        "lookalike-verify-link.txt",
        format!(
            "Check it: {}\n",
            genuine.to_link("https://northwind-verify.com/verify")
        ),
    );
}
