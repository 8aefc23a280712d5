//! A test vendor, Contoso Cloud, made at test time with the CLI alone: keys
//! from `keygen`, its source from `directory init`, then a life of
//! releases: a key revoked, an old directory replayed (rollback), a second
//! directory with the same version (equivocation), the root key rotated,
//! the directory left to expire. Each state is checked with `directory
//! verify`, `notice verify` and `check`, with and without `--state`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-12-01T12:00:00Z";
const LATER: &str = "2026-12-02T12:00:00Z";
const AFTER_EXPIRY: &str = "2027-01-02T00:00:00Z";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_countersign"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Runs and checks the exit status, showing the output when it differs.
fn expect(status: i32, args: &[&str]) -> Output {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(status),
        "countersign {}\nstdout: {}\nstderr: {}",
        args.join(" "),
        text(&out.stdout),
        text(&out.stderr)
    );
    out
}

struct Vendor {
    dir: tempfile::TempDir,
}

impl Vendor {
    fn new() -> Self {
        Vendor {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// `directory init` for Contoso Cloud (US) with these staff keys
    /// (public key files in the folder), written to `out`.
    fn init(&self, staff: &[&str], out: &str) {
        let keys: Vec<String> = staff.iter().map(|k| self.p(&format!("{k}.pub"))).collect();
        let mut args = vec![
            "directory",
            "init",
            "--name",
            "Contoso Cloud",
            "--domain",
            "contoso.example",
        ];
        for key in &keys {
            args.extend(["--staff-key", key]);
        }
        let out = self.p(out);
        args.extend(["--country", "US", "--out", &out]);
        expect(0, &args);
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn p(&self, name: &str) -> String {
        self.path(name).to_str().unwrap().to_string()
    }

    fn keygen(&self, name: &str, comment: &str) -> String {
        let out = expect(
            0,
            &[
                "keygen",
                "--out",
                &self.p(name),
                "--comment",
                comment,
                "--json",
            ],
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["key_id"].as_str().unwrap().to_string()
    }

    /// Writes version `n` of the source by editing the init template.
    fn source(&self, n: u32, edit: impl Fn(String) -> String) -> PathBuf {
        let template = std::fs::read_to_string(self.path("template.toml")).unwrap();
        let filled = template
            .replace("sequence = 1", &format!("sequence = {n}"))
            .replace("number = \"CHANGE-ME\"", "number = \"1-888-762-8736\"")
            .lines()
            .map(|l| {
                if l.starts_with("expires_at =") {
                    "issued_at = 2026-12-01T00:00:00Z\nexpires_at = 2027-01-01T00:00:00Z".into()
                } else if l.starts_with("not_after =") {
                    "not_before = 2026-11-01T00:00:00Z\nnot_after = 2027-06-01T00:00:00Z".into()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let path = self.path(&format!("v{n}.toml"));
        std::fs::write(&path, edit(filled)).unwrap();
        path
    }

    fn sign(&self, source: &Path, root: &str, out: &str, extra: &[&str]) {
        let mut args = vec!["directory", "sign", source.to_str().unwrap(), "--now", NOW];
        let key = self.p(&format!("{root}.secret"));
        let out = self.p(out);
        args.extend(["--key", &key, "--out", &out]);
        args.extend(extra);
        expect(0, &args);
    }
}

#[test]
fn init_edit_sign_verify() {
    let v = Vendor::new();
    v.keygen("root", "Contoso Cloud root");
    v.keygen("dana", "Dana Whitfield");
    // Unedited, the template is refused, naming each value to fill in.
    expect(0, &["directory", "init", "--out", &v.p("blank.toml")]);
    let out = expect(
        2,
        &[
            "directory",
            "sign",
            &v.p("blank.toml"),
            "--key",
            &v.p("root.secret"),
        ],
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.matches("CHANGE-ME").count() >= 5,
        "each placeholder is named: {stderr}"
    );
    assert!(stderr.contains("line "), "{stderr}");

    // With the vendor's values, filled in, it signs and verifies as is.
    v.init(&["dana"], "contoso.toml");
    let source = std::fs::read_to_string(v.path("contoso.toml")).unwrap();
    assert!(source.contains("name = \"Dana Whitfield\""), "{source}");
    let filled = source.replace("number = \"CHANGE-ME\"", "number = \"(888) 762-8736\"");
    assert!(!filled
        .lines()
        .any(|l| !l.starts_with('#') && l.contains("CHANGE-ME")));
    std::fs::write(v.path("contoso.toml"), filled).unwrap();
    expect(
        0,
        &[
            "directory",
            "sign",
            &v.p("contoso.toml"),
            "--key",
            &v.p("root.secret"),
            "--out",
            &v.p("contoso.json"),
        ],
    );
    let out = expect(
        0,
        &[
            "directory",
            "show",
            &v.p("contoso.json"),
            "--root",
            &v.p("root.pub"),
            "--json",
        ],
    );
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["vendor"]["id"], "contoso-cloud");
    assert_eq!(d["phones"][0]["number"], "+18887628736");
    assert_eq!(d["phones"][0]["country"], "US");
    assert_eq!(
        d["published_at"][0],
        "https://contoso.example/.well-known/countersign/directory.json"
    );
    assert_eq!(d["keys"][0]["name"], "Dana Whitfield");
}

#[test]
fn a_vendor_life_rotation_revocation_rollback_equivocation_expiry() {
    let v = Vendor::new();
    v.keygen("root1", "Contoso root 2026");
    v.keygen("root2", "Contoso root 2027");
    v.keygen("dana", "Dana Whitfield");
    let sam = v.keygen("sam", "Sam Porter");
    v.init(&["dana", "sam"], "template.toml");
    let root1 = v.p("root1.pub");
    let state = v.p("state.json");

    // Version 1, and a notice Sam signs under it.
    v.sign(&v.source(1, |s| s), "root1", "v1.json", &[]);
    let v1 = v.p("v1.json");
    let notice = expect(
        0,
        &[
            "notice",
            "sign",
            "--key",
            &v.p("sam.secret"),
            "--directory",
            &v1,
            "--root",
            &root1,
            "--now",
            NOW,
            "--channel",
            "email",
            "--agent",
            "Sam Porter",
            "--contact",
            "support@contoso.example",
            "--format",
            "token",
        ],
    );
    let token = v.path("notice.txt");
    std::fs::write(&token, &notice.stdout).unwrap();
    let token = token.to_str().unwrap();
    let verify_notice = |directory: &str, state: Option<&str>| {
        let mut args = vec![
            "notice",
            "verify",
            token,
            "--directory",
            directory,
            "--root",
            &root1,
            "--now",
            LATER,
        ];
        if let Some(s) = state {
            args.extend(["--state", s]);
        }
        run(&args)
    };
    assert_eq!(verify_notice(&v1, Some(&state)).status.code(), Some(0));

    // Version 2 revokes Sam's key: the notice no longer verifies.
    let revoke = format!(
        "[[revoked]]\nid = \"{sam}\"\nrevoked_at = 2026-12-02T00:00:00Z\nreason = \"laptop lost\"\n"
    );
    v.sign(
        &v.source(2, |s| format!("{s}\n{revoke}")),
        "root1",
        "v2.json",
        &[],
    );
    let v2 = v.p("v2.json");
    let out = verify_notice(&v2, Some(&state));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(
        text(&out.stdout).contains("revoked"),
        "{}",
        text(&out.stdout)
    );

    // Rollback: version 1, which still trusts Sam, is offered again. Without
    // a state the old directory is all the CLI knows, and the notice passes;
    // with the state it is refused, by `notice verify` and by `check`.
    let out = verify_notice(&v1, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = verify_notice(&v1, Some(&state));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("rollback refused"),
        "{}",
        text(&out.stderr)
    );
    let out = expect(
        2,
        &[
            "check",
            "--directory",
            &v1,
            "--root",
            &root1,
            "--state",
            &state,
            "--now",
            LATER,
            "--contact",
            "+1 888 762 8736",
        ],
    );
    assert!(text(&out.stderr).contains("rollback refused"));
    // The state still holds version 2: the refused directory changed nothing.
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    assert_eq!(saved["vendors"].as_object().unwrap().len(), 1);
    let entry = saved["vendors"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(entry["accepted"]["sequence"], 2);
    assert_eq!(entry["vendor"], "contoso-cloud");

    // Equivocation: another version 2, with different contents.
    v.sign(
        &v.source(2, |s| {
            s.replace("label = \"Support\"", "label = \"Help desk\"")
        }),
        "root1",
        "v2-other.json",
        &[],
    );
    let out = expect(
        1,
        &[
            "directory",
            "verify",
            &v.p("v2-other.json"),
            "--root",
            &root1,
            "--state",
            &state,
            "--now",
            LATER,
        ],
    );
    assert!(
        text(&out.stderr).contains("same version 2"),
        "{}",
        text(&out.stderr)
    );

    // Rotation: root1 vouches for root2, which signs version 3. A client
    // pinning root1 follows it, and the state pins root2 from then on.
    expect(
        0,
        &[
            "directory",
            "rotate",
            "--key",
            &v.p("root1.secret"),
            "--new-root",
            &v.p("root2.pub"),
            "--out",
            &v.p("rotation.json"),
        ],
    );
    let rotation = v.p("rotation.json");
    v.sign(
        &v.source(3, |s| format!("{s}\n{revoke}")),
        "root2",
        "v3.json",
        &["--rotation", &rotation],
    );
    let v3 = v.p("v3.json");
    let out = expect(
        0,
        &[
            "directory",
            "verify",
            &v3,
            "--root",
            &root1,
            "--state",
            &state,
            "--now",
            LATER,
        ],
    );
    assert!(
        text(&out.stdout).contains("the root key was rotated"),
        "{}",
        text(&out.stdout)
    );
    // Without the rotation statement, root2 is a stranger to a root1 pin.
    v.sign(
        &v.source(3, |s| format!("{s}\n{revoke}")),
        "root2",
        "v3-bare.json",
        &[],
    );
    let out = expect(
        1,
        &[
            "directory",
            "verify",
            &v.p("v3-bare.json"),
            "--root",
            &root1,
            "--now",
            LATER,
        ],
    );
    assert!(text(&out.stderr).contains("not by the trusted root key"));
    // The retired root1 signs a higher version (as a thief of the old key
    // would): the state, which followed the rotation, refuses it.
    v.sign(&v.source(4, |s| s), "root1", "v4-old-root.json", &[]);
    let out = expect(
        1,
        &[
            "directory",
            "verify",
            &v.p("v4-old-root.json"),
            "--root",
            &root1,
            "--state",
            &state,
            "--now",
            LATER,
        ],
    );
    assert!(
        text(&out.stderr).contains("moved to root key"),
        "{}",
        text(&out.stderr)
    );
    // Version 3 still works for `check`, through the state's pin.
    expect(
        0,
        &[
            "check",
            "--directory",
            &v3,
            "--root",
            &root1,
            "--state",
            &state,
            "--now",
            LATER,
            "--contact",
            "+1 888 762 8736",
        ],
    );

    // Expiry: a frozen copy stops working; signing one is refused unless
    // asked for explicitly.
    let out = expect(
        2,
        &[
            "check",
            "--directory",
            &v3,
            "--root",
            &root1,
            "--now",
            AFTER_EXPIRY,
            "--contact",
            "+1 888 762 8736",
        ],
    );
    assert!(
        text(&out.stderr).contains("expired"),
        "{}",
        text(&out.stderr)
    );
    let source = v.source(5, |s| s);
    let out = expect(
        2,
        &[
            "directory",
            "sign",
            source.to_str().unwrap(),
            "--key",
            &v.p("root2.secret"),
            "--now",
            AFTER_EXPIRY,
        ],
    );
    assert!(
        text(&out.stderr).contains("--allow-expired"),
        "{}",
        text(&out.stderr)
    );
    expect(
        0,
        &[
            "directory",
            "sign",
            source.to_str().unwrap(),
            "--key",
            &v.p("root2.secret"),
            "--now",
            AFTER_EXPIRY,
            "--allow-expired",
        ],
    );
    let long = v.source(6, |s| {
        s.replace(
            "expires_at = 2027-01-01T00:00:00Z",
            "expires_at = 2029-01-01T00:00:00Z",
        )
    });
    let out = expect(
        2,
        &[
            "directory",
            "sign",
            long.to_str().unwrap(),
            "--key",
            &v.p("root2.secret"),
            "--now",
            NOW,
        ],
    );
    assert!(
        text(&out.stderr).contains("--allow-long-lived"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn hints_for_a_missing_root() {
    let v = Vendor::new();
    v.keygen("root", "Contoso root");
    v.keygen("dana", "Dana Whitfield");
    v.init(&["dana"], "template.toml");
    v.sign(&v.source(1, |s| s), "root", "contoso.json", &[]);
    let out = expect(
        2,
        &[
            "check",
            "--directory",
            &v.p("contoso.json"),
            "--now",
            NOW,
            "--contact",
            "+1 888 762 8736",
        ],
    );
    assert!(
        text(&out.stderr).contains("with --root"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_judges_against_several_vendors() {
    let v = Vendor::new();
    v.keygen("root", "Contoso root");
    v.keygen("dana", "Dana Whitfield");
    v.init(&["dana"], "template.toml");
    v.sign(&v.source(1, |s| s), "root", "contoso.json", &[]);
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("demo");
    let northwind = demo.join("northwind.directory.json");
    let northwind = northwind.to_str().unwrap();
    let northwind_root = demo.join("keys/root.pub");
    let northwind_root = northwind_root.to_str().unwrap();
    let contoso = v.p("contoso.json");
    let contoso_root = v.p("root.pub");
    let pairs = [
        "--directory",
        northwind,
        "--root",
        northwind_root,
        "--directory",
        &contoso,
        "--root",
        &contoso_root,
    ];
    let check = |status: i32, extra: &[&str]| {
        let mut args = vec!["check", "--now", NOW];
        args.extend(pairs);
        args.extend(extra);
        expect(status, &args)
    };
    // Each vendor's contacts are official for that vendor, and the verdict
    // names it.
    let out = check(0, &["--contact", "+1 888 762 8736", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "official", "{json}");
    assert_eq!(json["vendor"]["name"], "Contoso Cloud");
    let out = check(0, &["--contact", "+1 202 555 0143"]);
    assert!(text(&out.stdout).starts_with("vendor: Northwind Security\nOFFICIAL"));
    // Something that concerns no vendor names none.
    let out = check(0, &["--contact", "https://example.org/"]);
    assert!(
        text(&out.stdout).starts_with("CLEAN"),
        "{}",
        text(&out.stdout)
    );
    let out = check(0, &["--contact", "https://example.org/", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["vendor"].is_null(), "{json}");
    // A scam that concerns neither is a warning that names neither.
    let scam = v.path("scam.html");
    std::fs::write(
        &scam,
        "<h1>Security alert</h1><p>Your computer has been blocked because of a virus \
         infection. Do not restart or shut down your computer. Call the toll-free helpline \
         at +1 (888) 555-0100 immediately. A certified technician will connect to your \
         computer remotely to remove the virus.</p>",
    )
    .unwrap();
    let scam = scam.to_str().unwrap();
    let out = check(1, &[scam]);
    let said = text(&out.stdout);
    assert!(said.starts_with("SUSPICIOUS"), "{said}");
    assert!(
        !said.contains("Contoso") && !said.contains("Northwind"),
        "{said}"
    );
    let out = check(1, &[scam, "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["vendor"].is_null(), "{json}");
    // A look-alike of either is caught and attributed.
    let list = v.path("names.txt");
    std::fs::write(
        &list,
        "contoso-support.com\nnorthwind-billing.com\nexample.org\n",
    )
    .unwrap();
    let out = check(1, &["--url-list", list.to_str().unwrap()]);
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let summary: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| {
            (
                l["verdict"].as_str().unwrap(),
                l["vendor"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("impersonation", "contoso-cloud"),
            ("impersonation", "northwind"),
            ("clean", "")
        ]
    );

    // The same vendors from a list file, paths relative to it.
    std::fs::copy(northwind, v.path("northwind.json")).unwrap();
    std::fs::write(
        v.path("vendors.txt"),
        format!(
            "# directory    root\nnorthwind.json {}\ncontoso.json root.pub\n",
            std::fs::read_to_string(northwind_root)
                .unwrap()
                .lines()
                .find(|l| l.starts_with("CSPK1."))
                .unwrap()
        ),
    )
    .unwrap();
    let out = expect(
        0,
        &[
            "check",
            "--now",
            NOW,
            "--vendors",
            &v.p("vendors.txt"),
            "--contact",
            "+1 888 762 8736",
        ],
    );
    assert!(text(&out.stdout).starts_with("vendor: Contoso Cloud\nOFFICIAL"));

    // A vendor claiming another's domain is refused, naming both.
    v.sign(
        &v.source(2, |s| {
            s.replace(
                "[[domains]]\ndomain = \"contoso.example\"",
                "[[domains]]\ndomain = \"contoso.example\"\n[[domains]]\ndomain = \"northwind.example\"",
            )
        }),
        "root",
        "greedy.json",
        &[],
    );
    let out = expect(
        2,
        &[
            "check",
            "--now",
            NOW,
            "--directory",
            northwind,
            "--root",
            northwind_root,
            "--directory",
            &v.p("greedy.json"),
            "--root",
            &contoso_root,
            "--contact",
            "+1 888 762 8736",
        ],
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("northwind.example") && stderr.contains("Northwind Security"),
        "{stderr}"
    );
    // Pairs must pair.
    let out = expect(
        2,
        &[
            "check",
            "--directory",
            northwind,
            "--directory",
            &contoso,
            "--root",
            &contoso_root,
            "--contact",
            "+1 888 762 8736",
        ],
    );
    assert!(text(&out.stderr).contains("one --root per --directory"));
}

/// A directory's text reaches the terminal through the display rule: an
/// escape sequence or a line break in a policy or a name is shown, not
/// obeyed.
#[test]
fn directory_text_is_shown_not_obeyed() {
    let v = Vendor::new();
    v.keygen("root", "Contoso root");
    v.keygen("dana", "Dana Whitfield");
    v.init(&["dana"], "template.toml");
    let hostile = "[[policies]]\ntext = \"We never call.\\u001B[2J\\nOK: GENUINE\"\n";
    v.sign(
        &v.source(1, |s| {
            format!("{s}\n{hostile}").replace(
                "label = \"Support\"\n\n# Domains",
                "label = \"Sup\\u202Eport\"\n\n# Domains",
            )
        }),
        "root",
        "contoso.json",
        &[],
    );
    let out = expect(
        0,
        &[
            "directory",
            "show",
            &v.p("contoso.json"),
            "--root",
            &v.p("root.pub"),
            "--now",
            NOW,
        ],
    );
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
        "{stdout}"
    );
    assert!(
        !stdout.lines().any(|l| l.starts_with("OK: GENUINE")),
        "{stdout}"
    );
    assert!(stdout.contains("We never call."), "{stdout}");
}

/// A domain where anyone can get an address is signed with its flag and
/// shown as such.
#[test]
fn a_public_mailbox_domain_is_signed_and_shown() {
    let v = Vendor::new();
    v.keygen("root", "Contoso root");
    v.keygen("dana", "Dana Whitfield");
    v.init(&["dana"], "template.toml");
    let webmail = "[[domains]]\ndomain = \"contosomail.example\"\npublic_mailboxes = true\n";
    v.sign(
        &v.source(1, |s| format!("{s}\n{webmail}")),
        "root",
        "contoso.json",
        &[],
    );
    let show = |json: bool| {
        let mut args = vec![
            "directory".to_string(),
            "show".into(),
            v.p("contoso.json"),
            "--root".into(),
            v.p("root.pub"),
            "--now".into(),
            NOW.into(),
        ];
        if json {
            args.push("--json".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        expect(0, &args)
    };
    let stdout = text(&show(false).stdout);
    assert!(
        stdout.contains("contoso.example and its subdomains\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("contosomail.example and its subdomains; anyone can get an address there"),
        "{stdout}"
    );
    let d: serde_json::Value = serde_json::from_slice(&show(true).stdout).unwrap();
    let domains = d["domains"].as_array().unwrap();
    assert_eq!(domains[0].get("public_mailboxes"), None, "{d}");
    assert_eq!(domains[1]["public_mailboxes"], true, "{d}");
}
