//! The human-written TOML directory source the CLI signs
//! (src/bin/countersign/source/, included as the CLI includes it).
#![no_main]
#![allow(dead_code)]

#[path = "../../src/bin/countersign/io.rs"]
mod io;
#[path = "../../src/bin/countersign/source/mod.rs"]
mod source;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(parsed) = source::parse_source(text, countersign::demo::DEMO_NOW) {
            let _ = parsed.directory.validate();
        }
    }
});
