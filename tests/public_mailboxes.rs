//! A vendor that also runs a public mail service (a webmail brand) owns
//! that web site, but anybody can get an address on it. These tests hold the
//! engine to what a directory says with `public_mailboxes = true`: an
//! address there is neither the vendor speaking nor, by itself, a claim to
//! be the vendor; the site stays official; a listed address stays official;
//! a brand display name from such a mailbox is still a claim. Each is
//! checked against the same directory without the flag, so a test shows
//! what the flag changes.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use countersign::demo::{self, DEMO_NOW};
use countersign::detect::{Engine, Report, Verdict};
use countersign::directory::{
    sign_directory, Directory, OfficialDomain, OfficialEmail, VerifiedDirectory,
};
use countersign::keys::SecretKey;

/// The webmail service the demo vendor runs in these tests.
const WEBMAIL: &str = "nwmail.example";

/// The demo directory plus `nwmail.example` as an official domain, marked
/// as handing out mailboxes when `mailboxes` is set, and one support
/// address listed there.
fn directory(mailboxes: bool) -> Directory {
    let mut d = demo::directory(DEMO_NOW)
        .expect("the demo directory verifies")
        .directory()
        .clone();
    d.domains.push(OfficialDomain {
        domain: WEBMAIL.into(),
        include_subdomains: true,
        public_mailboxes: mailboxes,
    });
    d.emails.push(OfficialEmail {
        address: format!("help@{WEBMAIL}"),
        label: "Webmail help".into(),
    });
    d
}

fn verified(d: &Directory) -> VerifiedDirectory {
    let root = SecretKey::from_seed(&[9; 32]);
    let signed = sign_directory(d, &root, &[]).expect("signs");
    VerifiedDirectory::verify(signed.as_bytes(), &root.public_key(), DEMO_NOW, None)
        .expect("verifies")
}

fn engine(mailboxes: bool) -> Engine {
    Engine::new(&verified(&directory(mailboxes)))
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.reasons.iter().map(|r| r.code).collect()
}

/// A message from `from`, whose receiving server saw DMARC fail.
fn mail(from: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "Authentication-Results: mx.example.org; spf=softfail; dmarc=fail header.from={WEBMAIL}\r\n\
         From: {from}\r\nTo: alice@example.org\r\nSubject: {subject}\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

/// Unrelated spam from a free mailbox: nothing in it concerns the vendor.
fn pharmacy_spam() -> Vec<u8> {
    mail(
        &format!("\"Pharmacy Deals\" <ex.pharmacy@{WEBMAIL}>"),
        "Best prices this week",
        "Order today and save 80%. Reply to this email to order now!",
    )
}

#[test]
fn a_free_mailbox_is_not_the_vendor_speaking() {
    // Without the flag, the sender's domain is official: the forged-looking
    // sender speaks as the vendor and its failed authentication is a claim.
    let before = engine(false).analyse_email(&pharmacy_spam(), DEMO_NOW);
    assert!(
        codes(&before).contains(&"authentication-failed"),
        "{before:#?}"
    );
    assert_ne!(before.verdict, Verdict::Clean, "{before:#?}");

    let r = engine(true).analyse_email(&pharmacy_spam(), DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Clean, "{r:#?}");
    for code in [
        "official-sender",
        "unverified-sender",
        "authentication-failed",
    ] {
        assert!(!codes(&r).contains(&code), "{code}: {r:#?}");
    }
    let from = r
        .evidence
        .emails
        .iter()
        .find(|e| e.role == "from")
        .expect("the sender is reported");
    assert!(!from.official && !from.attributed_to_vendor, "{from:#?}");
}

#[test]
fn a_brand_display_name_from_a_free_mailbox_is_a_claim() {
    let raw = mail(
        &format!("\"Northwind Security Billing\" <billing.dept@{WEBMAIL}>"),
        "Your renewal",
        "Your subscription renewed for $399. To cancel and get a refund call 1-844-555-0177.",
    );
    let r = engine(true).analyse_email(&raw, DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Impersonation, "{r:#?}");
    assert!(codes(&r).contains(&"display-name"), "{r:#?}");
    assert!(codes(&r).contains(&"free-mail"), "{r:#?}");
    // Without the flag the address was official: no display-name claim.
    let before = engine(false).analyse_email(&raw, DEMO_NOW);
    assert!(!codes(&before).contains(&"display-name"), "{before:#?}");
}

#[test]
fn the_brand_in_a_free_mailbox_name_is_a_claim() {
    let raw = "From: <northwind.security.help@nwmail.example>\r\nTo: alice@example.org\r\n\
        Subject: Refund\r\n\r\nYour refund is ready. Call 1-844-555-0177.\r\n";
    // Weighed as the same name on any free mail service is.
    let r = engine(true).analyse_email(raw.as_bytes(), DEMO_NOW);
    let gmail = engine(true).analyse_email(
        raw.replace("nwmail.example", "gmail.com").as_bytes(),
        DEMO_NOW,
    );
    assert!(codes(&r).contains(&"free-mail"), "{r:#?}");
    assert_eq!((r.verdict, r.score), (gmail.verdict, gmail.score), "{r:#?}");
    assert_ne!(r.verdict, Verdict::Clean, "{r:#?}");
}

#[test]
fn a_listed_address_on_the_mailbox_domain_stays_official() {
    let raw = "Authentication-Results: mx.example.org; dkim=pass header.d=nwmail.example; dmarc=pass header.from=nwmail.example\r\n\
        From: Northwind Security <help@nwmail.example>\r\nTo: alice@example.org\r\n\
        Subject: Your ticket\r\n\r\nWe replied to your ticket. Call +1 202 555 0143 if you need us.\r\n";
    let r = engine(true).analyse_email(raw.as_bytes(), DEMO_NOW);
    assert!(codes(&r).contains(&"official-sender"), "{r:#?}");
    assert!(!codes(&r).contains(&"display-name"), "{r:#?}");
    let from = r.evidence.emails.iter().find(|e| e.role == "from").unwrap();
    assert!(from.official, "{from:#?}");
}

#[test]
fn the_mailbox_site_stays_official() {
    let r = engine(true).analyse_page(
        Some("https://nwmail.example/settings"),
        "<p>Northwind Security webmail settings</p>",
        DEMO_NOW,
    );
    assert_eq!(r.verdict, Verdict::Official, "{r:#?}");
}

#[test]
fn a_pasted_mailbox_address_is_not_official() {
    let e = engine(true);
    let r = e.analyse_contact("someone@nwmail.example", DEMO_NOW);
    assert_ne!(r.verdict, Verdict::Official, "{r:#?}");
    assert!(!codes(&r).contains(&"official-email"), "{r:#?}");
    let r = e.analyse_contact("northwind.support@nwmail.example", DEMO_NOW);
    assert!(codes(&r).contains(&"unofficial-email"), "{r:#?}");
    assert!(
        r.evidence.emails.iter().all(|f| f.attributed_to_vendor),
        "{r:#?}"
    );
    // The listed address is.
    let r = e.analyse_contact("help@nwmail.example", DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Official, "{r:#?}");
    // Without the flag any address there was official.
    let r = engine(false).analyse_contact("someone@nwmail.example", DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Official, "{r:#?}");
}

#[test]
fn a_mailbox_address_in_a_message_is_attributed_only_by_what_the_message_says() {
    let e = engine(true);
    // Named as the vendor's: a claim.
    let r = e.analyse_page(
        None,
        "Northwind Security support: your licence expired. Email our billing team at renewals@nwmail.example today.",
        DEMO_NOW,
    );
    assert!(codes(&r).contains(&"unofficial-email"), "{r:#?}");
    // Only the address, nothing about the vendor: no claim, no official.
    let r = e.analyse_page(
        None,
        "Write to me at bob@nwmail.example about the bike.",
        DEMO_NOW,
    );
    assert_eq!(r.verdict, Verdict::Clean, "{r:#?}");
    assert!(!codes(&r).contains(&"official-email"), "{r:#?}");
}

#[test]
fn a_mail_service_name_is_not_a_brand_name() {
    // `nwmail` is the webmail's name, not the name scammers claim: a
    // domain that contains it is another site, unless a brand term names
    // it. No brand term names it, so without the flag it is no brand name
    // either (an official label counts only when a brand term names it:
    // tests/detect_domain.rs).
    let host = "nwmail-support.example";
    let before = engine(false).screen_url(&format!("https://{host}/"));
    assert_eq!(before.verdict, Verdict::Clean, "{before:#?}");
    let r = engine(true).screen_url(&format!("https://{host}/"));
    assert_eq!(r.verdict, Verdict::Clean, "{r:#?}");
    // Its site and look-alikes of the vendor's brand are judged as before.
    let r = engine(true).screen_url("https://nwmail.example/inbox");
    assert_eq!(r.verdict, Verdict::Official, "{r:#?}");
    let r = engine(true).screen_url("https://northwind-support.example/");
    assert_eq!(r.verdict, Verdict::Impersonation, "{r:#?}");
    // An imitation of the mail domain itself still is one.
    let r = engine(true).screen_url("https://nwrnail.example/login");
    assert_eq!(r.verdict, Verdict::Impersonation, "{r:#?}");
}
