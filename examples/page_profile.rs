//! Page analysis a fixed number of times over the bench pages, for
//! instruction counts under `valgrind --tool=callgrind`, which do not move
//! with the machine's load as timings do (docs/benchmarks.md, "Page
//! analysis: where the instructions go").
//!
//!   cargo build --release --example page_profile
//!   valgrind --tool=callgrind target/release/examples/page_profile 1mb 3
//!
//! Arguments: the page (`100kb`, `1mb`, `small` for a short ordinary
//! page, the fixed cost every page pays, `1mb-typographic` or
//! `100kb-typographic` for the same pages with typeset apostrophes and
//! dashes, or `extract` for the HTML scan of the 1 MB page alone) and how
//! many times to analyse it.
#![allow(missing_docs)]

use std::hint::black_box;

use countersign::demo;
use countersign::detect::Engine;

#[path = "../benches/support/pages.rs"]
mod pages;

/// A short page that is no one's support: a recipe with a shop's number,
/// about what the extension sees on most pages (610 bytes of HTML).
const SMALL: &str = "<!DOCTYPE html><html><head><title>Lemon tart</title></head><body>\
    <nav><a href=\"/\">Home</a> <a href=\"/recipes\">Recipes</a></nav>\
    <h1>Lemon tart</h1><p>A sharp, simple tart for the weekend. Blind-bake the \
    pastry for fifteen minutes, then fill it with the lemon curd and bake until \
    just set. Serve cold with cream.</p><ul><li>3 lemons</li><li>150 g sugar</li>\
    <li>4 eggs</li><li>100 g butter</li></ul><p>Questions about an order? Call the \
    shop on (202) 555-0143, Monday to Friday.</p>\
    <footer><a href=\"https://example.org/about\">About</a> \
    <a href=\"mailto:shop@example.org\">shop@example.org</a></footer></body></html>";

fn main() {
    let mut args = std::env::args().skip(1);
    let which = args.next().unwrap_or_else(|| "1mb".into());
    let times: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let now = demo::DEMO_NOW;
    let Ok(directory) = demo::directory(now) else {
        eprintln!("the demo directory did not open");
        std::process::exit(1);
    };
    let engine = Engine::new(&directory);
    let (html, extract_only) = match which.as_str() {
        "100kb" => (pages::page(100_000), false),
        "1mb" => (pages::page(1_000_000), false),
        "small" => (SMALL.to_string(), false),
        "1mb-typographic" => (pages::typographic(1_000_000), false),
        "100kb-typographic" => (pages::typographic(100_000), false),
        "extract" => (pages::page(1_000_000), true),
        other => {
            eprintln!("unknown page {other:?}: 100kb, 1mb, small, 1mb-typographic, 100kb-typographic or extract");
            std::process::exit(2);
        }
    };
    let mut verdicts = 0usize;
    for _ in 0..times {
        if extract_only {
            verdicts += black_box(countersign::detect::text::extract(black_box(&html)))
                .text
                .len();
        } else {
            let r = engine.analyse_page(
                Some("https://support-desk.example.net/"),
                black_box(&html),
                now,
            );
            verdicts += r.reasons.len();
        }
    }
    println!("{} bytes, {times} runs, {verdicts}", html.len());
}
