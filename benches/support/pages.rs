//! The inputs of the page benches, shared by `benches/detect.rs` and the
//! profiling example (`examples/page_profile.rs`), so that a profile and a
//! bench read the same pages. `bench/pages.mjs` builds the same page in JS.
#![allow(dead_code)]

/// A realistic mix: a scam landing page, a news article, a table of
/// numbers, repeated with variations up to `size` bytes of HTML.
pub fn page(size: usize) -> String {
    let parts = [
        include_str!("../../tests/corpus/pages/tollfree-support-landing.html"),
        include_str!("../../tests/corpus/pages/news-scam-warning.html"),
        include_str!("../../tests/corpus/pages/northwind-traders-tutorial.html"),
        include_str!("../../tests/corpus/pages/encyclopedia.html"),
        include_str!("../../tests/corpus/pages/review-antivirus.html"),
    ];
    let mut out = String::from(
        "<!DOCTYPE html><html><head><title>Northwind Security Support</title></head><body>",
    );
    let mut i = 0usize;
    while out.len() < size {
        let part = parts[i % parts.len()];
        // Keep only the body of each part so the result is one document.
        let body = part
            .split("<body")
            .nth(1)
            .and_then(|b| b.split_once('>'))
            .map_or(part, |(_, b)| b);
        let body = body.split("</body>").next().unwrap_or(body);
        out.push_str("<section>");
        out.push_str(body);
        out.push_str(&format!(
            "<p>Order {i}: call (202) 555-{:04} or +44 20 7946 {:04}.</p></section>",
            i % 10_000,
            (i * 7) % 10_000
        ));
        i += 1;
    }
    out.push_str("</body></html>");
    out
}

/// [`page`] as typeset text has it: each apostrophe between two letters a
/// right single quotation mark (`’`, three bytes beyond ASCII), each `" - "`
/// an em dash. Many pages and mail programs set these automatically, and a
/// scan that is fast on runs of ASCII words must stay fast when such
/// characters break the runs every few words.
pub fn typographic(size: usize) -> String {
    let html = page(size);
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 64);
    for (i, c) in html.char_indices() {
        let letter = |k: Option<usize>| {
            k.and_then(|k| bytes.get(k))
                .is_some_and(u8::is_ascii_alphabetic)
        };
        if c == '\'' && letter(i.checked_sub(1)) && letter(Some(i + 1)) {
            out.push('\u{2019}');
        } else {
            out.push(c);
        }
    }
    out.replace(" - ", " \u{2014} ")
}

/// Plain text with a phone number every ~120 bytes in mixed formats.
pub fn phone_text(size: usize) -> String {
    let formats = [
        "Call +1 (202) 555-0143 for help. ",
        "Our office: 202.555.0143, open daily. ",
        "Toll free 1-844-555-0177 any time. ",
        "UK: +44 (0)20 7946 0321 weekdays. ",
        "Spelled: 1 \u{2022} 8 8 8 \u{2022} 5 5 5 \u{2022} 0 1 6 2 now. ",
    ];
    let filler =
        "The quick brown fox jumps over the lazy dog on 2026-11-23 at 14:00, price $39.99. ";
    let mut out = String::with_capacity(size + 200);
    let mut i = 0;
    while out.len() < size {
        out.push_str(formats[i % formats.len()]);
        out.push_str(filler);
        i += 1;
    }
    out
}
