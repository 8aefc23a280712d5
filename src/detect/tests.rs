#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::testing::{claims, engine, staff_key};
use super::*;
use crate::demo::DEMO_NOW;
use crate::detect::text::unwrap_lines;

fn page(url: Option<&str>, html: &str) -> Report {
    engine().analyse_page(url, html, DEMO_NOW)
}

fn codes(r: &Report) -> Vec<&'static str> {
    r.reasons.iter().map(|r| r.code).collect()
}

#[test]
fn official_domain_is_official() {
    let r = page(
        Some("https://support.northwind.example/contact"),
        "<p>Call +1 202 555 0143</p>",
    );
    assert_eq!(r.verdict, Verdict::Official, "{r:#?}");
}

#[test]
fn scam_page_with_unofficial_number() {
    let html = "<html><head><title>Northwind Security Support - Help Center</title></head><body>\
        <h1>Northwind Security Technical Support</h1><p>Your antivirus subscription has expired.</p>\
        <p>Call toll free <a href=\"tel:+18445550177\">+1 (844) 555-0177</a> now.</p></body></html>";
    let r = page(Some("https://help-desk-247.example.net/"), html);
    assert_eq!(r.verdict, Verdict::Impersonation, "{r:#?}");
    assert_eq!(
        r.reasons[0].message,
        "+1 844 555 0177 is not a Northwind Security number; official: +1 202 555 0143"
    );
    assert!(r.evidence.phones.iter().all(|p| p.attributed_to_vendor));
}

#[test]
fn lookalike_domain_is_impersonation() {
    let r = page(Some("https://northwind-support.com/"), "<p>Welcome</p>");
    assert_eq!(r.verdict, Verdict::Impersonation, "{r:#?}");
    assert_eq!(r.reasons[0].code, "lookalike-domain");
}

#[test]
fn news_article_is_clean() {
    let text = "Scammers posing as Northwind Security support are calling customers, police warned on Monday. \
        Victims were told to call 1-844-555-0177 and install AnyDesk. Northwind Security said it never calls unexpectedly. \
        The company's support line is +1 202 555 0143. Press contact: +1 415 555 0199.";
    let r = page(Some("https://news.example.com/2026/11/scam"), text);
    assert_eq!(r.verdict, Verdict::Clean, "{r:#?}");
}

#[test]
fn northwind_traders_is_clean() {
    let text =
        "Northwind Traders sample database. Customers table: call the support stored procedure. \
        Phone column values look like (503) 555-9931.";
    let r = page(Some("https://learn.example.org/sql/northwind"), text);
    assert_eq!(r.verdict, Verdict::Clean, "{r:#?}");
}

#[test]
fn disguised_brand_and_tactics() {
    let text = "N\u{043E}rthwind Security Support\nYour computer is infected! Do not shut down your computer.\n\
        Call 1 \u{2022} 8 8 8 \u{2022} 5 5 5 \u{2022} 0 1 6 2 and install AnyDesk so a technician can help.";
    let r = page(None, text);
    assert_eq!(r.verdict, Verdict::Impersonation, "{r:#?}");
    assert!(codes(&r).contains(&"disguised-brand"));
    assert!(codes(&r).contains(&"policy-contradiction"));
    assert_eq!(r.evidence.phones[0].e164, "+18885550162");
}

#[test]
fn email_display_name_spoof() {
    let raw = "From: Northwind Security Billing <billing.dept.nw@gmail.com>\r\nTo: alice@example.org\r\n\
        Subject: Your renewal\r\n\r\nYour subscription renewed for $399. To cancel and get a refund call 1-844-555-0177.\r\n";
    let r = engine().analyse_email(raw.as_bytes(), DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Impersonation, "{r:#?}");
    assert!(codes(&r).contains(&"display-name"));
    assert!(codes(&r).contains(&"unofficial-phone"));
}

#[test]
fn failed_authentication_with_an_unreadable_from_names_no_empty_sender() {
    // The From header as real scam mail writes it: a comma and an
    // underscore before the address, which leaves no readable address.
    let raw = "Authentication-Results: spf=pass smtp.helo=mail.example.net; dkim=fail header.d=mailer.example.net\r\n\
        From: Northwind - Anti Virus ,_<q5sye83@mailer.example.net>\r\nTo: alice@example.org\r\n\
        Subject: Your Antivirus Subscription Has Expired\r\n\r\n\
        Northwind support: your computer is infected. Renew your protection now.\r\n";
    let r = engine().analyse_email(raw.as_bytes(), DEMO_NOW);
    let reason = r
        .reasons
        .iter()
        .find(|x| x.code == "authentication-failed")
        .expect("the failed authentication is a reason");
    assert!(!reason.message.contains("by  ("), "{}", reason.message);
    assert!(reason.message.contains("dkim=fail"), "{}", reason.message);
}

#[test]
fn valid_and_invalid_notices() {
    let key = staff_key();
    let notice = claims(crate::directory::Channel::Callback, "+12025550143").sign(&key);
    let text = format!(
        "Please call us back about your ticket.\n{}",
        notice.to_armor()
    );
    let r = page(None, &text);
    assert_eq!(r.verdict, Verdict::Verified, "{r:#?}");
    assert!(r.reasons[0].message.contains("Dana Whitfield"));
    // Tampered: one character of the signature changed.
    let mut token = notice.to_token();
    let last = token.pop().unwrap();
    token.push(if last == 'A' { 'B' } else { 'A' });
    let r = page(None, &format!("Northwind Security: {token}"));
    assert_eq!(r.verdict, Verdict::InvalidNotice, "{r:#?}");
    // Expired.
    let r = engine().analyse_page(None, &text, DEMO_NOW + 10 * 86_400);
    assert_eq!(r.verdict, Verdict::InvalidNotice);
    assert!(r.reasons[0].message.contains("expired"), "{r:#?}");
}

#[test]
fn announced_call_is_verified_before_its_window() {
    let mut c = claims(crate::directory::Channel::ScheduledCall, "+12025550143");
    c.not_before = DEMO_NOW + 86_400;
    c.expires_at = DEMO_NOW + 90_000;
    let text = format!(
        "Dana will call you tomorrow.\n{}",
        c.sign(&staff_key()).to_armor()
    );
    let r = page(None, &text);
    assert_eq!(r.verdict, Verdict::Verified, "{r:#?}");
    assert!(
        r.reasons[0].message.contains("a call from +1 202 555 0143 (US support) between 2026-12-02 12:00 UTC and 2026-12-02 13:00 UTC"),
        "{}",
        r.reasons[0].message
    );
    // A callback notice is not "announced": not yet valid is not valid.
    let mut c = claims(crate::directory::Channel::Callback, "+12025550143");
    c.not_before = DEMO_NOW + 86_400;
    c.expires_at = DEMO_NOW + 90_000;
    let r = page(None, &c.sign(&staff_key()).to_armor());
    assert_eq!(r.verdict, Verdict::InvalidNotice);
}

#[test]
fn email_notice_must_match_sender() {
    let key = staff_key();
    let notice = claims(
        crate::directory::Channel::Email,
        "support@northwind.example",
    )
    .sign(&key);
    let body = format!("Hello, about your ticket.\n\n{}", notice.to_armor());
    let ok = engine().analyse_webmail(
        "Northwind Security",
        "support@northwind.example",
        &body,
        DEMO_NOW,
    );
    assert_eq!(ok.verdict, Verdict::Verified, "{ok:#?}");
    let replayed = engine().analyse_webmail(
        "Northwind Security",
        "support@northwind-help.example",
        &body,
        DEMO_NOW,
    );
    // A genuine notice from another sender was copied: a warning, never verified.
    assert_eq!(replayed.verdict, Verdict::Impersonation, "{replayed:#?}");
    assert_eq!(replayed.evidence.notices[0].state, "copied");
}

#[test]
fn contacts() {
    let e = engine();
    assert_eq!(
        e.analyse_contact("+1 (202) 555-0143", DEMO_NOW).verdict,
        Verdict::Official
    );
    let r = e.analyse_contact("1-844-555-0177", DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Suspicious);
    assert_eq!(
        r.reasons[0].message,
        "+1 844 555 0177 is not a Northwind Security number; official: +1 202 555 0143"
    );
    assert_eq!(
        e.analyse_contact("support@northwind.example", DEMO_NOW)
            .verdict,
        Verdict::Official
    );
    assert_eq!(
        e.analyse_contact("northwind.support@gmail.com", DEMO_NOW)
            .verdict,
        Verdict::Impersonation
    );
    assert_eq!(
        e.analyse_contact("alice@example.org", DEMO_NOW).verdict,
        Verdict::Clean
    );
    assert_eq!(
        e.analyse_contact("https://northwind.example/verify", DEMO_NOW)
            .verdict,
        Verdict::Official
    );
    assert_eq!(
        e.analyse_contact("northwind-refunds.com", DEMO_NOW).verdict,
        Verdict::Impersonation
    );
    assert_eq!(
        e.analyse_contact("example.org", DEMO_NOW).verdict,
        Verdict::Clean
    );
}

#[test]
fn tel_link_that_dials_another_number() {
    let r = page(
        Some("https://contact.example.net/"),
        "<p>Our number: <a href=\"tel:+18445550177\">+1 202 555 0143</a></p>",
    );
    assert!(codes(&r).contains(&"tel-link-mismatch"), "{r:#?}");
    assert_eq!(
        r.reasons[0].message,
        "A link shows +1 202 555 0143 but dials +1 844 555 0177"
    );
}

#[test]
fn quoted_scam_text_is_not_attributed() {
    let quoted = "<p>Got this, obviously phishing:</p><blockquote>Call Northwind Security support at 1-844-555-0177 now.</blockquote>";
    assert_eq!(page(None, quoted).verdict, Verdict::Clean);
    let unquoted = "<p>Call Northwind Security support at 1-844-555-0177 now.</p>";
    assert_eq!(page(None, unquoted).verdict, Verdict::Impersonation);
    let mail = "Is this real?\n\n> Call Northwind Security support at\n> 1-844-555-0177 now.\n";
    let r = engine().analyse_webmail("Sam", "sam@example.net", mail, DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Clean, "{r:#?}");
}

#[test]
fn plain_text_is_unwrapped() {
    assert_eq!(unwrap_lines("a\nb\n\nc\n".into()), "a b\n\nc\n");
    assert_eq!(unwrap_lines("\n\nx".into()), "\n\nx");
}

#[test]
fn hostile_inputs_end() {
    let e = engine();
    let big = "Northwind support call 1-844-555-0177 now. ".repeat(250_000);
    let _ = e.analyse_page(None, &big, DEMO_NOW);
    let nested = format!(
        "{}x{}",
        "<div><span>".repeat(100_000),
        "</span></div>".repeat(100_000)
    );
    let _ = e.analyse_page(None, &nested, DEMO_NOW);
    let lines = "a\n".repeat(5_000_000);
    let _ = e.analyse_page(None, &lines, DEMO_NOW);
    let digits = "202555014 ".repeat(100_000);
    let _ = e.analyse_page(None, &digits, DEMO_NOW);
    let mut raw = b"From: \xff\xfe <a@b.c>\r\nSubject: \xc3\x28\r\n\r\n".to_vec();
    raw.extend(std::iter::repeat(0xF0u8).take(1_000_000));
    let _ = e.analyse_email(&raw, DEMO_NOW);
    let _ = e.analyse_contact(&"9".repeat(1_000_000), DEMO_NOW);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn never_panics(s in "\\PC{0,300}", url in "\\PC{0,40}") {
        let e = engine();
        let _ = e.analyse_page(Some(&url), &s, DEMO_NOW);
        let _ = e.analyse_email(s.as_bytes(), DEMO_NOW);
        let _ = e.analyse_contact(&s, DEMO_NOW);
    }
}

#[test]
fn a_body_digest_on_a_webmail_page_is_not_checked_against_the_whole_page() {
    // Webmail shows the message amid folders and other messages: the text
    // before the notice is not the signed body, so the digest is reported as
    // not checked, not as a mismatch. In a raw email it is checked.
    let body = "Hello Ada,\nyour renewal for ticket NW-48213 is confirmed.\nDana\n";
    let mut c = claims(
        crate::directory::Channel::Email,
        "support@northwind.example",
    );
    c.body_digest = Some(crate::b64::encode(&crate::notice::canon::body_digest(body)));
    let armor = c.sign(&staff_key()).to_armor();
    let webmail = format!("<nav>Inbox (3) Sent Drafts</nav><div>{body}<pre>{armor}</pre></div>");
    let r = page(Some("https://mail.example.com/inbox/42"), &webmail);
    assert_eq!(r.verdict, Verdict::Verified, "{r:#?}");
    let raw = format!(
        "From: Northwind Security <support@northwind.example>\r\nTo: ada@example.org\r\nSubject: Renewal\r\n\r\n{body}{armor}"
    );
    let r = engine().analyse_email(raw.as_bytes(), DEMO_NOW);
    assert_eq!(r.verdict, Verdict::Verified, "{r:#?}");
    let edited = raw.replace("confirmed", "cancelled");
    let r = engine().analyse_email(edited.as_bytes(), DEMO_NOW);
    assert_eq!(r.verdict, Verdict::InvalidNotice, "{r:#?}");
}
