//! Look-alike recall on outside material: every permutation dnstwist (a
//! domain-permutation engine nobody on this project wrote) makes of several
//! protected domains is classified, and the share flagged as a look-alike is
//! printed per fuzzer and held to a floor. Permutations are generated at
//! test time by `scripts/dnstwist.sh` (pinned dnstwist in a virtualenv of
//! its own, installed on first use and by `scripts/setup.sh`).
//!
//! Run with `--nocapture` (or `bench/lookalike-recall.sh`) to see the table.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::panic)]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use countersign::detect::domain::DomainMatcher;
use countersign::directory::{Directory, OfficialDomain, Vendor, DIRECTORY_FORMAT};

/// Every fuzzer must flag at least this share of its permutations for each
/// protected domain.
const FLOOR: f64 = 0.97;

fn directory(id: &str, name: &str, terms: &[&str], domain: &str) -> Directory {
    Directory {
        format: DIRECTORY_FORMAT.into(),
        vendor: Vendor {
            id: id.into(),
            name: name.into(),
            brand_terms: terms.iter().map(|t| (*t).to_owned()).collect(),
        },
        sequence: 1,
        issued_at: 1_790_000_000,
        expires_at: 1_800_000_000,
        published_at: vec![format!(
            "https://{domain}/.well-known/countersign/directory.json"
        )],
        verify_url: format!("https://verify.{domain}/"),
        domains: vec![OfficialDomain {
            domain: domain.into(),
            include_subdomains: true,
            public_mailboxes: false,
        }],
        emails: vec![],
        email_domains: vec![],
        phones: vec![],
        policies: vec![],
        keys: vec![],
        revoked: vec![],
    }
}

/// The protected brands measured: the demo vendor, a two-word brand, a
/// seven-letter one.
fn protected() -> Vec<Directory> {
    vec![
        directory(
            "northwind",
            "Northwind Security",
            &["Northwind Security", "Northwind Antivirus", "Northwind"],
            "northwind.example",
        ),
        directory(
            "acmeguard",
            "Acme Guard",
            &["Acme Guard"],
            "acmeguard.example",
        ),
        directory("contoso", "Contoso", &["Contoso"], "contoso.example"),
    ]
}

/// A name too short for look-alike matching (docs/detection.md): measured
/// and printed, not held to the floor.
fn short() -> Directory {
    directory("nw", "NW", &["NW"], "nw.example")
}

#[derive(serde::Deserialize)]
struct Permutation {
    fuzzer: String,
    domain: String,
}

fn permutations(domain: &str) -> Vec<Permutation> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash")
        .arg(root.join("scripts/dnstwist.sh"))
        .arg(domain)
        .output();
    let out = match out {
        Ok(out) if out.status.success() => out,
        Ok(out) => panic!(
            "scripts/dnstwist.sh failed ({}); it needs python3 with venv and PyPI once: {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => panic!("could not run scripts/dnstwist.sh: {e}"),
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let list: Vec<Permutation> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l:?}: {e}")))
        .collect();
    assert!(
        list.len() > 100,
        "dnstwist gave only {} permutations of {domain}",
        list.len()
    );
    list
}

/// Per fuzzer: (flagged, total, a few misses).
type Tally = BTreeMap<String, (usize, usize, Vec<String>)>;

fn measure(dir: &Directory) -> (String, Tally) {
    let domain = dir.domains[0].domain.clone();
    let m = DomainMatcher::new(dir);
    let mut tally = Tally::new();
    for p in permutations(&domain) {
        let r = m.classify_host(&p.domain);
        assert!(!r.is_official(), "{} is not official", p.domain);
        let e = tally.entry(p.fuzzer).or_default();
        e.1 += 1;
        if r.imitates().is_some() {
            e.0 += 1;
        } else if e.2.len() < 6 {
            e.2.push(r.unicode);
        }
    }
    (domain, tally)
}

fn print(domain: &str, tally: &Tally) {
    println!("\nlook-alike recall on dnstwist permutations of {domain}");
    for (fuzzer, (hit, total, misses)) in tally {
        let recall = *hit as f64 / *total as f64;
        println!(
            "  {fuzzer:<14} {hit:>5} / {total:<5} {:>6.1} %   {}",
            recall * 100.0,
            misses.join(" ")
        );
    }
}

#[test]
fn dnstwist_permutations_of_protected_domains_are_flagged() {
    let mut failures = Vec::new();
    for dir in protected() {
        let (domain, tally) = measure(&dir);
        print(&domain, &tally);
        for (fuzzer, (hit, total, _)) in &tally {
            let recall = *hit as f64 / *total as f64;
            if recall < FLOOR {
                failures.push(format!(
                    "{domain} {fuzzer}: {hit}/{total} = {:.1} %",
                    recall * 100.0
                ));
            }
        }
    }
    let (domain, tally) = measure(&short());
    print(&domain, &tally);
    assert!(
        failures.is_empty(),
        "recall below {:.0} %: {failures:#?}",
        FLOOR * 100.0
    );
}
