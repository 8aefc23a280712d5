//! Raw email analysis: RFC 5322 headers, MIME parts, encodings, bodies,
//! through the whole detection engine.
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
    if let Some(engine) = engine() {
        let report = engine.analyse_email(data, demo::DEMO_NOW);
        assert!(report.score <= 100);
    }
});
