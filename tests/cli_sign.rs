//! CLI commands that write files or take JSON Lines: keygen, directory
//! signing with anti-rollback state, notice signing and batch signing.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NOW: &str = "2026-12-01T12:00:00Z";

fn countersign(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Copies a demo secret key into `dir` with owner-only permissions.
fn private_copy(dir: &Path, name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("demo/keys")
        .join(name);
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o600)).unwrap();
    to
}

#[test]
fn keygen_writes_a_private_secret_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("dana");
    let out = countersign(
        &["keygen", "--out", prefix.to_str().unwrap(), "--json"],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let secret = dir.path().join("dana.secret");
    assert_eq!(
        std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let public = std::fs::read_to_string(dir.path().join("dana.pub")).unwrap();
    assert!(public.contains(json["public_key"].as_str().unwrap()));
    let again = countersign(&["keygen", "--out", prefix.to_str().unwrap()], None);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("pass --force"));
    // A secret key others can read is refused.
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = countersign(
        &[
            "notice",
            "sign",
            "--key",
            secret.to_str().unwrap(),
            "--channel",
            "email",
            "--agent",
            "Dana",
            "--contact",
            "support@northwind.example",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("chmod 600"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_signed_notice_round_trips_through_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_copy(dir.path(), "staff.secret");
    let out = countersign(
        &[
            "notice",
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--now",
            NOW,
            "--channel",
            "callback",
            "--agent",
            "Dana Whitfield",
            "--contact",
            "+44 20 7946 0321",
            "--ticket",
            "NW-7",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["notice"]["contactLabel"], "UK support");
    let phrase = json["notice"]["phrase"].as_str().unwrap().to_string();
    assert!(text(&out.stderr).contains(&phrase));
    let verified = countersign(
        &["notice", "verify", "--now", NOW, "--json"],
        json["armor"].as_str(),
    );
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        text(&verified.stdout)
    );
    let v: serde_json::Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(v["notice"]["phrase"], phrase.as_str());
    assert_eq!(v["encoding"], "armor");
}

#[test]
fn batch_signing_reports_each_line() {
    let dir = tempfile::tempdir().unwrap();
    let key = private_copy(dir.path(), "billing.secret");
    let input = [
        r#"{"channel":"email","agent":"Billing team","contact":"billing@northwind.example","ticket":"NW-1","recipient":"ada@example.org"}"#,
        "",
        r#"{"channel":"callback","agent":"Billing team","contact":"+12025550143"}"#,
        r#"not json"#,
        r#"{"channel":"email","agent":"Billing team","contact":"billing@northwind.example","valid_for":864000}"#,
        r#"{"channel":"email","agent":"Billing team","contact":"billing@northwind.example","body":"Your invoice is attached."}"#,
    ]
    .join("\n");
    let out = countersign(
        &[
            "notice",
            "batch",
            "--key",
            key.to_str().unwrap(),
            "--now",
            NOW,
        ],
        Some(&input),
    );
    assert_eq!(out.status.code(), Some(2), "some lines fail");
    assert!(text(&out.stderr).contains("3 request(s) could not be signed"));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(u64, bool, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["line"].as_u64().unwrap(),
                l["ok"].as_bool().unwrap(),
                l["code"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (1, true, ""),
            (3, false, "channel-not-allowed"),
            (4, false, "invalid-request"),
            (5, false, "lifetime-too-long"),
            (6, true, ""),
        ]
    );
    // The signed ones verify.
    let out = countersign(
        &[
            "notice",
            "verify",
            "--now",
            NOW,
            "--recipient",
            "ada@example.org",
        ],
        lines[0]["token"].as_str(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

#[test]
fn directory_signing_and_the_rollback_state() {
    let dir = tempfile::tempdir().unwrap();
    let root = private_copy(dir.path(), "root.secret");
    let source =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/northwind.toml"))
            .unwrap();
    let write_version = |n: u32| {
        let path = dir.path().join(format!("v{n}.toml"));
        std::fs::write(
            &path,
            source.replace("sequence = 1", &format!("sequence = {n}")),
        )
        .unwrap();
        let out_path = dir.path().join(format!("v{n}.json"));
        let out = countersign(
            &[
                "directory",
                "sign",
                path.to_str().unwrap(),
                "--key",
                root.to_str().unwrap(),
                "--out",
                out_path.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        out_path
    };
    let v2 = write_version(2);
    let v3 = write_version(3);
    let state = dir.path().join("state.json");
    let verify = |file: &Path| {
        countersign(
            &[
                "directory",
                "verify",
                file.to_str().unwrap(),
                "--now",
                NOW,
                "--state",
                state.to_str().unwrap(),
            ],
            None,
        )
    };
    assert_eq!(verify(&v2).status.code(), Some(0));
    assert_eq!(verify(&v3).status.code(), Some(0));
    let rollback = verify(&v2);
    assert_eq!(rollback.status.code(), Some(1));
    assert!(
        text(&rollback.stderr).contains("rollback refused"),
        "{}",
        text(&rollback.stderr)
    );
    // An invalid source is refused with every problem and its line.
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        source
            .replace("+1 202 555 0143", "202-555-01")
            .replace("verify_url = \"https://northwind.example/verify\"", "")
            .replace("include_subdomains = true", "include_subdomain = true"),
    )
    .unwrap();
    let out = countersign(
        &[
            "directory",
            "sign",
            bad.to_str().unwrap(),
            "--key",
            root.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("3 problems found; nothing was signed"),
        "{stderr}"
    );
    let line_of = |needle: &str| source.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (needle, expected) in [
        (
            "include_subdomains = true",
            "did you mean `include_subdomains`?",
        ),
        (
            "+1 202 555 0143",
            "202-555-01: the digits do not make a valid number",
        ),
    ] {
        let want = format!("line {}: ", line_of(needle));
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(&want) && l.contains(expected)),
            "{want}{expected} in:\n{stderr}"
        );
    }
    assert!(stderr.contains("has no `verify_url`"), "{stderr}");
    assert!(out.stdout.is_empty());
}
