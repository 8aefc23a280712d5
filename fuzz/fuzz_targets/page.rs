//! Page analysis: the first line is the page's URL, the rest its HTML or
//! text, through the whole detection engine.
#![no_main]

use countersign::demo;
use countersign::detect::Engine;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engine() -> Option<&'static Engine> {
    static ENGINE: OnceLock<Option<Engine>> = OnceLock::new();
    ENGINE
        .get_or_init(|| {
            demo::directory(demo::DEMO_NOW)
                .ok()
                .map(|d| Engine::new(&d))
        })
        .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (url, page) = input.split_once('\n').unwrap_or(("", input));
    if let Some(engine) = engine() {
        let url = (!url.is_empty()).then_some(url);
        let report = engine.analyse_page(url, page, demo::DEMO_NOW);
        assert!(report.score <= 100);
        let _ = engine.analyse_contact(page, demo::DEMO_NOW);
    }
});
