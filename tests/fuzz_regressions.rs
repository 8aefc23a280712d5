//! Inputs that fuzzing found to break an invariant (fuzz/regressions/<target>/),
//! replayed through the same code on every test run, so a fix cannot
//! silently regress. docs/fuzzing.md lists them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no inputs in {}", dir.display());
    out
}

#[test]
fn html_text_link_offsets_stay_inside_the_text() {
    for (name, bytes) in inputs("html_text") {
        let html = String::from_utf8_lossy(&bytes);
        let extracted = countersign::detect::text::extract(&html);
        for link in &extracted.links {
            assert!(link.at <= extracted.text.len(), "{name}: {link:?}");
        }
    }
}
