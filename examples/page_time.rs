//! Page analysis timed natively, for comparison with the same pages in wasm
//! (`bench/wasm-native.mjs` runs this and the wasm package in turn, in the
//! same minutes, and prints the ratio; docs/benchmarks.md, "Wasm against
//! native, and the build's settings"). A benchmark, not a test: timings on
//! a shared machine swing with the load, so only ratios taken in the same
//! run mean anything.
//!
//!   cargo build --release --example page_time
//!   target/release/examples/page_time 1mb 1.5
//!
//! Arguments: the page (`100kb` or `1mb`, the pages of
//! `benches/support/pages.rs`, which `bench/pages.mjs` builds alike in JS)
//! and about how many seconds to time it. Prints one line of JSON: the
//! page's bytes, its FNV-1a hash (so the JS side can check it analyses
//! the same page, not just one of the same length), how many analyses
//! were timed, and the median ms of one.
#![allow(missing_docs)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use countersign::demo;
use countersign::detect::Engine;

#[path = "../benches/support/pages.rs"]
mod pages;

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "1mb".into());
    let seconds: f64 = args
        .next()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| s.is_finite() && *s > 0.0)
        .unwrap_or(1.5);
    let now = demo::DEMO_NOW;
    let Ok(directory) = demo::directory(now) else {
        eprintln!("the demo directory did not open");
        std::process::exit(1);
    };
    let engine = Engine::new(&directory);
    let html = match which.as_str() {
        "100kb" => pages::page(100_000),
        "1mb" => pages::page(1_000_000),
        other => {
            eprintln!("unknown page {other:?}: 100kb or 1mb");
            std::process::exit(2);
        }
    };
    let analyse = || {
        let r = engine.analyse_page(
            Some("https://support-desk.example.net/"),
            black_box(&html),
            now,
        );
        black_box(r.reasons.len())
    };
    // As bench/phones.mjs does: one call to warm up, then single calls until
    // the time is up (at least five), and the median of them.
    analyse();
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut samples: Vec<f64> = Vec::new();
    while Instant::now() < deadline || samples.len() < 5 {
        let start = Instant::now();
        analyse();
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    let median = samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN);
    println!(
        "{{\"bytes\":{},\"fnv1a\":\"{:016x}\",\"runs\":{},\"ms\":{median:.4}}}",
        html.len(),
        fnv1a(html.as_bytes()),
        samples.len()
    );
}

/// FNV-1a, 64 bits: a checksum of the page both sides compute alike.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
