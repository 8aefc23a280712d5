#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crate::demo::DEMO_NOW;
use crate::detect::summary::{Confidence, NoticeState, ScanReport};
use crate::detect::testing::{claims, engine, staff_key};
use crate::detect::Verdict;
use crate::directory::Channel;

fn block(role: BlockRole, text: &str) -> Block {
    Block {
        role,
        level: if role == BlockRole::Heading { 1 } else { 0 },
        text: text.into(),
    }
}

fn text(t: &str) -> Block {
    block(BlockRole::Text, t)
}

fn judge(scan: &Scan) -> ScanReport {
    let e = engine();
    let report = e.analyse_scan(scan, &["ada@example.org".into()], DEMO_NOW);
    ScanReport::new(Some(&e), report, scan.message.is_some())
}

/// A genuine email notice from support@northwind.example, closing `body`.
fn signed_email(body: &str) -> String {
    let mut c = claims(Channel::Email, "support@northwind.example");
    c.body_digest = Some(crate::b64::encode(&crate::notice::canon::body_digest(body)));
    c.sign(&staff_key()).to_armor()
}

#[test]
fn webmail_chrome_is_not_the_message() {
    let body = "Hello Ada,\n\nYour ticket NW-48213 is resolved.\n\nNorthwind Security support";
    let armor = signed_email(body);
    let scan = Scan {
        url: "https://mail.example.com/mail/u/0/#inbox/abc".into(),
        title: "Inbox - ada@example.org - Mail".into(),
        // The webmail's own chrome: the account button and the To: line
        // hold the user's address, next to the vendor's name.
        blocks: vec![
            text("Google Account: Ada Lovelace (ada@example.org)"),
            text("Northwind Security <support@northwind.example>"),
            text("to ada@example.org"),
            text(&format!("{body}\n{armor}")),
        ],
        message: Some(Message {
            sender_name: "Northwind Security".into(),
            sender_address: "support@northwind.example".into(),
            subject: "Your ticket NW-48213".into(),
            body: format!("{body}\n\n{armor}"),
            to: vec!["ada@example.org".into()],
        }),
        ..Scan::default()
    };
    let r = judge(&scan);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.report);
    assert_eq!(r.notices.len(), 1);
    assert_eq!(r.notices[0].state, NoticeState::Verified);
}

#[test]
fn inbox_list_is_never_judged() {
    let armor = signed_email("Hello");
    let cut = armor.get(..120).unwrap();
    let scan = Scan {
        url: "https://mail.example.com/mail/u/0/#inbox".into(),
        // A scam's preview line sits in the list too: the list is still
        // not judged (the message is, once opened).
        blocks: vec![
            text(&format!("Northwind Security  Your ticket  {cut}…")),
            block(
                BlockRole::Heading,
                "Northwind Security Support: call +1 844 555 0177 now to renew",
            ),
        ],
        list_view: true,
        ..Scan::default()
    };
    let r = judge(&scan);
    assert_eq!(r.verdict, Verdict::Clean, "{:#?}", r.report);
    assert_eq!(r.confidence, Confidence::None);
}

#[test]
fn cut_off_notice_is_incomplete_not_invalid() {
    let token = claims(Channel::Email, "support@northwind.example")
        .sign(&staff_key())
        .to_token();
    let cut = token.get(..60).unwrap();
    let scan = Scan {
        url: "https://mail.example.com/".into(),
        blocks: vec![text(&format!(
            "Northwind Security - Your ticket update {cut}…"
        ))],
        ..Scan::default()
    };
    let r = judge(&scan);
    assert!(!r.verdict.is_warning(), "{:#?}", r.report);
    assert_eq!(
        r.notices[0].state,
        NoticeState::Incomplete,
        "{:#?}",
        r.notices
    );
}

#[test]
fn heading_claim_with_hidden_characters_is_read() {
    let scan = Scan {
        url: "https://pc-help-desk.example.net/".into(),
        title: "Help".into(),
        blocks: vec![
            block(
                BlockRole::Heading,
                "N\u{200b}orthwind Secu\u{200b}rity Support Center",
            ),
            text("Your subscription has expired. Call +1 (844) 555-0177 now to renew."),
        ],
        ..Scan::default()
    };
    let r = judge(&scan);
    assert_eq!(r.verdict, Verdict::Impersonation, "{:#?}", r.report);
    assert_eq!(r.confidence, Confidence::High);
    assert!(r
        .marks
        .iter()
        .any(|m| m.kind == "phone" && m.digits == "18445550177"));
    assert!(r.summary.len() <= 3);
    assert!(r.official.is_some());
}

#[test]
fn genuine_notice_copied_next_to_a_scam_number_is_not_verified() {
    let token = claims(Channel::Callback, "+12025550143")
        .sign(&staff_key())
        .to_token();
    let scan = Scan {
        url: "https://northwind-help.example.net/".into(),
        blocks: vec![
            block(BlockRole::Heading, "Northwind Security Support"),
            text("Call our support line +1 844 555 0177 now."),
            text(&token),
        ],
        ..Scan::default()
    };
    let r = judge(&scan);
    assert!(r.verdict.is_warning(), "{:#?}", r.report);
    assert_eq!(r.notices[0].state, NoticeState::Copied);
}

#[test]
fn hidden_notices_never_help() {
    let scan = Scan {
        url: "https://example.net/login".into(),
        blocks: vec![text("Sign in to continue")],
        hidden_notices: 1,
        ..Scan::default()
    };
    let r = judge(&scan);
    assert_ne!(r.verdict, Verdict::Verified);
    assert!(r
        .report
        .evidence
        .signals
        .iter()
        .any(|s| s == "hidden-notice"));
}

#[test]
fn scam_behaviour_counts_on_a_scam_page() {
    let blocks = vec![
        block(BlockRole::Heading, "Your computer is locked"),
        text("Virus detected! Do not shut down or restart your computer."),
        text("Call +1 855 555 0123 immediately to unlock."),
    ];
    let quiet = Scan {
        url: "https://alert-pc.example.net/".into(),
        blocks: blocks.clone(),
        ..Scan::default()
    };
    let loud = Scan {
        behaviour: Behaviour {
            fullscreen: true,
            autoplay_audio: true,
            keyboard_lock: true,
            ..Behaviour::default()
        },
        ..quiet.clone()
    };
    let before = judge(&quiet);
    let after = judge(&loud);
    assert!(
        after.report.score > before.report.score,
        "{:#?}",
        after.report
    );
    assert_eq!(after.confidence, Confidence::High, "{:#?}", after.report);
    assert!(after.tactics.iter().any(|t| t == "fullscreen"));
}

#[test]
fn behaviour_alone_is_not_a_scam() {
    let scan = Scan {
        url: "https://videos.example.org/watch".into(),
        blocks: vec![text("Cooking with cast iron, episode 4")],
        behaviour: Behaviour {
            fullscreen: true,
            autoplay_audio: true,
            ..Behaviour::default()
        },
        ..Scan::default()
    };
    let r = judge(&scan);
    assert_eq!(r.verdict, Verdict::Clean, "{:#?}", r.report);
}

#[test]
fn quotes_are_someone_elses_words() {
    let scan = Scan {
        url: "https://forum.example.org/t/123".into(),
        blocks: vec![
            text("Got this today, is it real?"),
            block(
                BlockRole::Quote,
                "Northwind Security Support: call +1 844 555 0177 to renew your licence.",
            ),
        ],
        ..Scan::default()
    };
    let r = judge(&scan);
    assert!(!r.verdict.is_warning(), "{:#?}", r.report);
}

#[test]
fn links_are_placed_at_their_text() {
    let scan = Scan {
        title: "Support".into(),
        blocks: vec![
            text("Northwind Security support: call us"),
            text("Other text"),
        ],
        links: vec![ScanLink {
            href: "tel:+18445550177".into(),
            text: "call us".into(),
        }],
        ..Scan::default()
    };
    let e = scan.extracted();
    assert_eq!(
        e.text,
        "Support\nNorthwind Security support: call us\nOther text"
    );
    let at = e.links[0].at;
    assert_eq!(e.text.get(at..at + 7), Some("call us"));
}

#[test]
fn hostile_scan_is_bounded() {
    let big = "x".repeat(MAX_TEXT + 10);
    let scan = Scan {
        blocks: vec![text(&big), text("more")],
        links: (0..5_000)
            .map(|i| ScanLink {
                href: format!("https://e{i}.example/"),
                text: "\u{202e}".repeat(10),
            })
            .collect(),
        ..Scan::default()
    };
    let e = scan.extracted();
    assert!(e.text.len() <= MAX_TEXT + 2 * text::MAX_LINKS * 40);
    assert!(e.links.len() <= text::MAX_LINKS);
    let _ = judge(&scan);
}
