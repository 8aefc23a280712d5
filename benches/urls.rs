//! Screening a list of links: `countersign check --url-list` must classify
//! at least 200,000 URLs per second natively. The list is 10,000 generated
//! links: mostly unrelated, popular-looking sites (as in real mail and
//! browsing), with official Northwind links and look-alikes mixed in.
//! Criterion reports the throughput in elements (URLs) per second.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use countersign::detect::domain::DomainMatcher;
use countersign::directory::Directory;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// The embedded demo directory (Northwind Security).
fn northwind() -> Directory {
    match countersign::demo::directory(countersign::demo::DEMO_NOW) {
        Ok(verified) => verified.directory().clone(),
        Err(_) => std::process::abort(),
    }
}

/// A small deterministic generator (xorshift), so every run screens the
/// same list.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        let i = (self.next() % items.len() as u64) as usize;
        items.get(i).copied().unwrap_or_default()
    }
}

const SYLLABLES: &[&str] = &[
    "news", "shop", "data", "cloud", "media", "tech", "green", "blue", "north", "south", "east",
    "west", "wind", "sun", "star", "moon", "river", "stone", "wood", "field", "bank", "city",
    "travel", "food", "home", "garden", "pay", "mail", "book", "music", "video", "game", "sport",
    "health", "care", "auto", "photo", "art", "web", "net", "soft", "logic", "bright", "fast",
    "smart", "open", "go", "my", "the",
];
const TLDS: &[&str] = &[
    "com", "com", "com", "org", "net", "io", "co.uk", "de", "fr", "com.au", "co.jp", "info", "app",
    "dev",
];
const SUBS: &[&str] = &[
    "",
    "",
    "",
    "www.",
    "www.",
    "m.",
    "mail.",
    "cdn.",
    "api.",
    "blog.",
    "shop.",
    "static.img.",
];
const PATHS: &[&str] = &[
    "/",
    "/index.html",
    "/login?next=%2Faccount",
    "/a/b/c?id=42#top",
    "",
    "/news/2026/11/23/story",
];
const SCHEMES: &[&str] = &["https://", "https://", "http://", ""];
const OFFICIAL: &[&str] = &[
    "https://northwind.example/",
    "https://help.northwind.example/renew",
    "https://www.northwind.example/login",
    "https://verify.northwind.example/#token",
    "HTTPS://NorthWind.Example:443/",
];
const LOOKALIKES: &[&str] = &[
    "https://northwind-support.com/call",
    "http://northwind.example.account-verify.io/",
    "https://n\u{043E}rthwind.example/",
    "https://xn--nrthwind-zdg.example/",
    "https://nrothwind.example/",
    "https://northwind.com/",
    "https://n0rthwind.com/",
    "https://northwind.github.io/",
    "https://northwind.example@evil.io/",
    "https://secure-northwind-billing.help/",
];

fn url_list(count: usize) -> Vec<String> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|i| match i % 50 {
            0 => rng.pick(OFFICIAL).to_owned(),
            1 => rng.pick(LOOKALIKES).to_owned(),
            _ => format!(
                "{}{}{}{}{}.{}{}",
                rng.pick(SCHEMES),
                rng.pick(SUBS),
                rng.pick(SYLLABLES),
                if rng.next() % 4 == 0 { "-" } else { "" },
                rng.pick(SYLLABLES),
                rng.pick(TLDS),
                rng.pick(PATHS)
            ),
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let matcher = DomainMatcher::new(&northwind());
    let urls = url_list(10_000);

    let mut group = c.benchmark_group("url screening");
    group.throughput(Throughput::Elements(urls.len() as u64));
    group.bench_function("classify_url x 10,000 mixed links", |b| {
        b.iter(|| {
            let mut flagged = 0usize;
            for url in &urls {
                if let Ok(report) = matcher.classify_url(black_box(url)) {
                    flagged += usize::from(!report.is_official() && report.imitates().is_some());
                }
            }
            flagged
        })
    });
    let hosts: Vec<String> = urls
        .iter()
        .filter_map(|u| {
            countersign::detect::domain::url_host(u)
                .ok()
                .map(|h| h.host.into_owned())
        })
        .collect();
    group.throughput(Throughput::Elements(hosts.len() as u64));
    group.bench_function("classify_host x 10,000 hosts", |b| {
        b.iter(|| {
            hosts
                .iter()
                .filter(|h| matcher.classify_host(black_box(h)).is_official())
                .count()
        })
    });
    group.finish();

    c.bench_function("DomainMatcher::new (Northwind)", |b| {
        b.iter(|| DomainMatcher::new(black_box(&northwind())))
    });
}

criterion_group!(url_benches, benches);
criterion_main!(url_benches);
