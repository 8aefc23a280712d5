//! HTML to visible text: tags, entities, hidden elements, links, quotes.
#![no_main]

use countersign::detect::text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = std::str::from_utf8(data) {
        let extracted = text::extract(input);
        for link in &extracted.links {
            assert!(link.at <= extracted.text.len());
        }
        let _ = text::plain(input);
        let _ = text::normalize(input);
    }
});
