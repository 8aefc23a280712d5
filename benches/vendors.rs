//! Many vendors: page analysis and URL screening against 1, 10 and 100
//! trusted vendors (`VendorSet`), to show what one more vendor costs.
//! Reported, never asserted (docs/benchmarks.md).
//!
//! Each size is measured twice in the same run: `VendorSet` as shipped
//! (a relevance pass, then only the vendors concerned), and every vendor's
//! engine judging the input, which is what `VendorSet` did before it had
//! the relevance pass (the choice among the reports costs nothing beside
//! them).
//!
//! The vendors are the demo directory renamed: each gets its own made-up
//! brand, domain, addresses and numbers, so no two collide, and each is
//! signed by one bench root key and verified as a client would.
//!
//! Timings on a shared machine move with the load, so the binary also
//! counts: with `COUNTERSIGN_SCREEN_ROUNDS=<vendors>x<rounds>` (`100x5`) it
//! builds that set, screens the 1,000 URLs that many times and exits,
//! without criterion. Run under `valgrind --tool=callgrind` with two round
//! counts, the difference is the instructions of the screening alone,
//! which do not depend on the load (docs/benchmarks.md, "Many vendors").
#![allow(missing_docs)]

use std::hint::black_box;

use countersign::demo;
use countersign::detect::VendorSet;
use countersign::directory::{sign_directory, Directory, VerifiedDirectory};
use countersign::keys::SecretKey;
use criterion::{criterion_group, BenchmarkId, Criterion, Throughput};

/// A pronounceable, unique brand word for vendor `i` ("karomitu").
fn brand(i: usize) -> String {
    const SYLLABLES: [&str; 8] = ["ka", "ro", "mi", "tu", "ze", "la", "vo", "pe"];
    let mut n = i;
    let mut out = String::from("q");
    for _ in 0..4 {
        out.push_str(SYLLABLES[n % 8]);
        n /= 8;
    }
    out
}

fn vendor(base: &Directory, i: usize) -> Directory {
    let word = brand(i);
    let mut d = base.clone();
    let name = format!("{}{} Cloud", word[..1].to_uppercase(), &word[1..]);
    d.vendor.id = word.clone();
    d.vendor.brand_terms = vec![name.clone(), word.clone()];
    d.vendor.name = name;
    let domain = format!("{word}.example");
    d.published_at = vec![format!(
        "https://{domain}/.well-known/countersign/directory.json"
    )];
    d.verify_url = format!("https://{domain}/verify");
    for o in &mut d.domains {
        o.domain = domain.clone();
    }
    for (k, e) in d.emails.iter_mut().enumerate() {
        e.address = format!("contact{k}@{domain}");
    }
    d.email_domains = vec![format!("mail.{domain}")];
    for (k, p) in d.phones.iter_mut().enumerate() {
        p.number = format!("+1202555{:04}", 1000 + i * 4 + k);
        p.country = "US".into();
    }
    d
}

fn set_of(n: usize, now: i64) -> VendorSet {
    let root = SecretKey::from_seed(&[7; 32]);
    let base = demo::directory(now)
        .unwrap_or_else(|_| std::process::abort())
        .directory()
        .clone();
    let mut set = VendorSet::new();
    // The demo vendor first, so every size judges the same pages about it.
    let demo_dir = demo::directory(now).unwrap_or_else(|_| std::process::abort());
    if set.add(&demo_dir).is_err() {
        std::process::abort();
    }
    for i in 1..n {
        let d = vendor(&base, i);
        let signed = sign_directory(&d, &root, &[]).unwrap_or_else(|_| std::process::abort());
        let verified = VerifiedDirectory::verify(signed.as_bytes(), &root.public_key(), now, None)
            .unwrap_or_else(|_| std::process::abort());
        if set.add(&verified).is_err() {
            std::process::abort();
        }
    }
    set
}

/// About 100 KB of a support scam page and ordinary text.
fn page() -> String {
    let scam = include_str!("../tests/corpus/pages/tollfree-support-landing.html");
    let news = include_str!("../tests/corpus/pages/news-scam-warning.html");
    let mut out = String::new();
    while out.len() < 100_000 {
        out.push_str(scam);
        out.push_str(news);
    }
    out
}

fn urls() -> Vec<String> {
    (0..1_000)
        .map(|i| match i % 4 {
            0 => format!("https://shop{i}.example.com/cart"),
            1 => format!("https://northwind-support{i}.com/"),
            2 => format!("https://{}-login.example.net/", brand(i % 50)),
            _ => format!("https://news{i}.example.org/article"),
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let now = demo::DEMO_NOW;
    let html = page();
    let list = urls();
    let sets: Vec<(usize, VendorSet)> = [1, 10, 100].iter().map(|&n| (n, set_of(n, now))).collect();

    let mut group = c.benchmark_group("vendors/analyse_page 100 KB");
    group.throughput(Throughput::Bytes(html.len() as u64));
    for (n, set) in &sets {
        group.bench_with_input(BenchmarkId::new("set", n), set, |b, set| {
            b.iter(|| {
                set.analyse_page(
                    Some("https://support-desk.example.net/"),
                    black_box(&html),
                    now,
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("every engine", n), set, |b, set| {
            b.iter(|| {
                for e in set.engines() {
                    black_box(e.analyse_page(
                        Some("https://support-desk.example.net/"),
                        black_box(&html),
                        now,
                    ));
                }
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("vendors/screen_url");
    group.throughput(Throughput::Elements(list.len() as u64));
    for (n, set) in &sets {
        group.bench_with_input(BenchmarkId::new("set", n), set, |b, set| {
            b.iter(|| {
                for u in &list {
                    black_box(set.screen_url(black_box(u)));
                }
            })
        });
        group.bench_with_input(BenchmarkId::new("every engine", n), set, |b, set| {
            b.iter(|| {
                for u in &list {
                    for e in set.engines() {
                        black_box(e.screen_url(black_box(u)));
                    }
                }
            })
        });
    }
    group.finish();
}

/// The counting run: `vendors` vendors, the URLs screened `rounds` times.
fn count(spec: &str) {
    let Some((vendors, rounds)) = spec
        .split_once('x')
        .and_then(|(v, r)| Some((v.parse::<usize>().ok()?, r.parse::<usize>().ok()?)))
    else {
        eprintln!("COUNTERSIGN_SCREEN_ROUNDS must read <vendors>x<rounds>, like 100x5");
        std::process::exit(2);
    };
    let set = set_of(vendors, demo::DEMO_NOW);
    let list = urls();
    let mut warnings = 0usize;
    for _ in 0..rounds {
        for u in &list {
            if let Some((_, r)) = set.screen_url(black_box(u)) {
                warnings += usize::from(r.verdict.is_warning());
            }
        }
    }
    println!("{vendors} vendors, {rounds} rounds: {warnings} warnings");
}

criterion_group! {
    name = vendors;
    config = Criterion::default().sample_size(10);
    targets = benches
}

fn main() {
    if let Ok(spec) = std::env::var("COUNTERSIGN_SCREEN_ROUNDS") {
        count(&spec);
        return;
    }
    vendors();
    Criterion::default().configure_from_args().final_summary();
}
