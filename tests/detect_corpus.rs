//! The labelled detection corpus (`tests/corpus/manifest.toml`): every page,
//! email and webmail view goes through the engine and must get its expected
//! verdict. Prints each result and the precision and recall of warnings
//! (suspicious, impersonation and invalid notices count as positives).
//!
//! Notices in the corpus are signed here, at test time, with the demo staff
//! keys, so their signatures are real and their times fit the demo clock.
//!
//! Cases with `known_miss` are reported (MISS) and counted in precision and
//! recall, but do not fail the test: they are held-out cases the engine
//! gets wrong, kept so the numbers stay honest.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;

use countersign::demo::{self, DEMO_NOW};
use countersign::detect::{Engine, Report, Verdict};
use countersign::directory::Channel;
use countersign::keys::SecretKey;
use countersign::notice::{canon, Claims, SignedNotice, NOTICE_VERSION};

const CORPUS: &str = "tests/corpus";

/// One `[[case]]` of the manifest.
type Case = BTreeMap<String, String>;

/// Reads the manifest: `[[case]]` tables of `key = "string"` lines. (A
/// small subset of TOML, so that the test needs no TOML parser.)
fn manifest() -> Vec<Case> {
    let text = std::fs::read_to_string(Path::new(CORPUS).join("manifest.toml")).unwrap();
    let mut cases: Vec<Case> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[[case]]" {
            cases.push(Case::new());
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("manifest line {}: {line}", n + 1));
        let value = value.trim();
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or_else(|| panic!("manifest line {}: values are strings", n + 1))
            .replace("\\\"", "\"")
            .replace("\\\\", "\\");
        let value = unescape_unicode(&value);
        cases
            .last_mut()
            .expect("a key before the first [[case]]")
            .insert(key.trim().to_string(), value);
    }
    cases
}

/// Decodes `\uXXXX` escapes (TOML basic strings).
fn unescape_unicode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("\\u") {
        out.push_str(&rest[..at]);
        let hex = rest.get(at + 2..at + 6).expect("four hex digits after \\u");
        out.push(char::from_u32(u32::from_str_radix(hex, 16).unwrap()).unwrap());
        rest = &rest[at + 6..];
    }
    out.push_str(rest);
    out
}

fn key(name: &str) -> SecretKey {
    let text = std::fs::read_to_string(format!("demo/keys/{name}.secret")).unwrap();
    SecretKey::parse(&text).unwrap()
}

fn claims(key: &SecretKey, channel: Channel, contact: &str) -> Claims {
    Claims {
        version: NOTICE_VERSION,
        vendor: "northwind".into(),
        key_id: key.public_key().key_id().to_string(),
        channel,
        agent: "Dana Whitfield".into(),
        contact: contact.into(),
        ticket: Some("NW-48213".into()),
        recipient: None,
        issued_at: DEMO_NOW - 3_600,
        not_before: DEMO_NOW - 3_600,
        expires_at: DEMO_NOW + 2 * 86_400,
        id: Claims::new_id().unwrap(),
        phrase: channel
            .is_phone()
            .then(|| countersign::notice::phrase::generate().unwrap()),
        body_digest: None,
    }
}

/// The notice text for a placeholder kind. `before` is the message text in
/// front of the placeholder (for body digests).
fn notice(kind: &str, before: &str) -> String {
    let staff = key("staff");
    let verify_url = "https://northwind.example/verify";
    match kind {
        "callback-armor" => claims(&staff, Channel::Callback, "+12025550143")
            .sign(&staff)
            .to_armor(),
        "scheduled-link" => {
            let mut c = claims(&staff, Channel::ScheduledCall, "+12025550143");
            c.not_before = DEMO_NOW - 600;
            c.expires_at = DEMO_NOW + 3_600;
            c.sign(&staff).to_link(verify_url)
        }
        "email-token" => {
            let mut c = claims(&staff, Channel::Email, "support@northwind.example");
            c.body_digest = Some(countersign::b64::encode(&canon::body_digest(before)));
            c.sign(&staff).to_token()
        }
        "email-armor-replayed" => claims(&staff, Channel::Email, "support@northwind.example")
            .sign(&staff)
            .to_armor(),
        "expired-armor" => {
            let mut c = claims(&staff, Channel::Callback, "+12025550143");
            c.issued_at = DEMO_NOW - 3 * 86_400;
            c.not_before = c.issued_at;
            c.expires_at = DEMO_NOW - 2 * 86_400;
            c.sign(&staff).to_armor()
        }
        "revoked-armor" => {
            let former = key("former");
            let mut c = claims(&former, Channel::Callback, "+12025550143");
            c.agent = "Sam Porter".into();
            c.sign(&former).to_armor()
        }
        "tampered-token" => {
            let n = claims(&staff, Channel::Callback, "+12025550143").sign(&staff);
            let mut payload = n.payload.clone();
            // Change the ticket number inside the signed claims.
            let text = String::from_utf8(payload.clone())
                .unwrap()
                .replace("NW-48213", "NW-48219");
            payload = text.into_bytes();
            SignedNotice {
                payload,
                signature: n.signature,
            }
            .to_token()
        }
        other => panic!("unknown notice placeholder {other}"),
    }
}

/// Replaces every `{{NOTICE:kind}}` in a corpus file.
fn fill(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find("{{NOTICE:") {
        let end = rest[at..].find("}}").expect("placeholder closes") + at;
        let kind = &rest[at + 9..end];
        out.push_str(&rest[..at]);
        let full_before = out.clone();
        // For raw emails, the body is what follows the header block.
        let body_before = full_before
            .split_once("\n\n")
            .map_or(full_before.as_str(), |(_, b)| b);
        out.push_str(&notice(kind, body_before));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

fn run(engine: &Engine, case: &Case) -> Report {
    let file = &case["file"];
    let text = fill(&std::fs::read_to_string(Path::new(CORPUS).join(file)).unwrap());
    match case.get("kind").map(String::as_str) {
        Some("webmail") => engine.analyse_webmail(
            &case["sender_name"],
            &case["sender_address"],
            &text,
            DEMO_NOW,
        ),
        _ if file.ends_with(".eml") => engine.analyse_email(text.as_bytes(), DEMO_NOW),
        _ => engine.analyse_page(case.get("url").map(String::as_str), &text, DEMO_NOW),
    }
}

fn parse_verdict(s: &str) -> Verdict {
    match s {
        "official" => Verdict::Official,
        "verified" => Verdict::Verified,
        "clean" => Verdict::Clean,
        "suspicious" => Verdict::Suspicious,
        "impersonation" => Verdict::Impersonation,
        "invalid-notice" => Verdict::InvalidNotice,
        other => panic!("unknown verdict {other}"),
    }
}

#[test]
fn corpus_verdicts() {
    let directory = demo::directory(DEMO_NOW).unwrap();
    let engine = Engine::new(&directory);
    let cases = manifest();
    assert!(cases.len() >= 40, "the corpus has {} cases", cases.len());
    let (mut tp, mut fp, mut fn_, mut tn) = (0u32, 0u32, 0u32, 0u32);
    let mut failures = Vec::new();
    for case in &cases {
        let expected = parse_verdict(&case["expected"]);
        let report = run(&engine, case);
        let ok = report.verdict == expected;
        let known_miss = case.get("known_miss");
        println!(
            "{} {:<48} expected {:<14} got {:<14} score {:>3}  {}",
            match (ok, known_miss) {
                (true, None) => "ok  ",
                (true, Some(_)) => "ok? ",
                (false, Some(_)) => "MISS",
                (false, None) => "FAIL",
            },
            case["file"],
            expected.as_str(),
            report.verdict.as_str(),
            report.score,
            report.reasons.first().map_or("", |r| r.message.as_str())
        );
        match (expected.is_warning(), report.verdict.is_warning()) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => tn += 1,
        }
        if ok && known_miss.is_some() {
            println!("     {} now passes: remove its known_miss", case["file"]);
        }
        if !ok && known_miss.is_none() {
            failures.push(format!(
                "{}: expected {}, got {} ({})\n{}",
                case["file"],
                expected.as_str(),
                report.verdict.as_str(),
                case.get("note").map_or("", String::as_str),
                serde_json::to_string_pretty(&report).unwrap()
            ));
        }
    }
    let precision = f64::from(tp) / f64::from((tp + fp).max(1));
    let recall = f64::from(tp) / f64::from((tp + fn_).max(1));
    println!(
        "\n{} cases: {tp} true positives, {fp} false positives, {fn_} false negatives, {tn} true negatives",
        cases.len()
    );
    println!(
        "precision {:.3}, recall {:.3} (warnings: suspicious, impersonation, invalid-notice)",
        precision, recall
    );
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn corpus_files_are_all_listed() {
    let listed: Vec<String> = manifest().iter().map(|c| c["file"].clone()).collect();
    for dir in ["pages", "emails", "webmail"] {
        for entry in std::fs::read_dir(Path::new(CORPUS).join(dir)).unwrap() {
            let name = format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy());
            assert!(listed.contains(&name), "{name} is not in the manifest");
        }
    }
}
