//! Visible text and link targets from HTML, without an HTML parser.
//!
//! A real parser (html5ever) would cost more wasm size than this whole
//! module and would build a tree we do not need: the detectors only want the
//! words a person sees, the page title, and where links point (`https:`,
//! `tel:`, `mailto:`). So this is a single forward scan that
//!
//! * drops tags, comments, `<script>`, `<style>` and `<template>` contents,
//! * turns block elements into line breaks and collapses other whitespace,
//! * decodes character references (`&amp;`, `&#x200B;`, `&nbsp;`...),
//! * collects the `href` of every `<a>` and `<area>` with the position of
//!   its anchor text in the output.
//!
//! It keeps no element stack, so 100,000 nested `<div>`s cost what 100,000
//! sibling ones do, and every loop moves forward: time is linear in the
//! input. Page text is hostile; nothing here indexes without a bounds check.
//!
//! [`normalize`] then folds the text the detectors read: NFKC per character
//! (fullwidth letters and digits, ligatures, mathematical alphanumerics),
//! Unicode decimal digits to ASCII, invisible characters (zero-width, bidi
//! controls, soft hyphen) removed.

// A path from this file's folder, so that the verify-only build, which
// includes this file from `lib.rs`, finds it too.
#[path = "text/swar.rs"]
mod swar;

/// Most links kept from one page; a page with more is not a support page a
/// person reads, and the evidence must stay small.
pub const MAX_LINKS: usize = 2_000;

/// A link target found in the HTML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The `href` value, character references decoded, trimmed.
    pub href: String,
    /// Byte offset in [`Extracted::text`] where the anchor text starts.
    pub at: usize,
}

/// What a person sees of a page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Visible text: blocks separated by `\n`, other whitespace collapsed.
    pub text: String,
    /// The `<title>` text.
    pub title: String,
    /// Link targets, in document order (at most [`MAX_LINKS`]).
    pub links: Vec<Link>,
    /// Byte ranges of [`Extracted::text`] inside `<blockquote>`: someone
    /// else's words, quoted (a forum post quoting a scam email).
    pub quoted: Vec<(usize, usize)>,
}

/// Whether `input` looks like HTML rather than plain text: it has a tag
/// such as `<html`, `<body`, `<div`, `<p>` or `<a ` near the start, or a
/// doctype.
pub fn looks_like_html(input: &str) -> bool {
    let head = prefix(input, 4096).to_ascii_lowercase();
    [
        "<!doctype",
        "<html",
        "<head",
        "<body",
        "<div",
        "<p>",
        "<p ",
        "<a ",
        "<table",
        "<span",
        "<br",
        "<meta",
        "<title",
        "<h1",
        "<h2",
        "<ul",
        "<img",
        "<strong",
        "<b>",
        "<font",
    ]
    .iter()
    .any(|t| head.contains(t))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a
/// character boundary.
pub(crate) fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

/// Plain text, kept as it is (no links).
pub fn plain(text: &str) -> Extracted {
    Extracted {
        text: text.to_string(),
        title: String::new(),
        links: Vec::new(),
        quoted: quoted_lines(text),
    }
}

/// Byte ranges of lines that start with `>`: quoted mail (at most 1,000).
pub fn quoted_lines(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let end = at + line.len();
        if line.trim_start().starts_with('>') {
            let full = out.len() >= 1_000;
            match out.last_mut() {
                Some(last) if last.1 == at => last.1 = end,
                _ if !full => out.push((at, end)),
                _ => {}
            }
        }
        at = end;
    }
    out
}

/// Elements whose content is never shown.
#[cfg(test)]
const HIDDEN: [&str; 4] = ["script", "style", "template", "svg"];

/// Elements that start a new line in the rendered page.
#[cfg(test)]
const BLOCKS: [&str; 33] = [
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "table",
    "ul",
    "ol",
    "hr",
    "blockquote",
    "pre",
    "form",
    "dd",
    "dt",
    "dl",
    "nav",
    "main",
    "aside",
    "address",
    "figure",
    "figcaption",
    "title",
    "body",
];

struct Out {
    text: String,
    /// Whether the last thing written was whitespace (or nothing).
    space: bool,
}

impl Out {
    fn push_char(&mut self, c: char) {
        if c.is_whitespace() {
            if !self.space {
                self.text.push(' ');
                self.space = true;
            }
        } else {
            self.text.push(c);
            self.space = false;
        }
    }

    /// Appends the run of ordinary text of `html` that starts at `at`, up
    /// to the next `<` or `&` (or the end), collapsing whitespace, and
    /// returns where the run ends. Eight bytes are looked at at once
    /// ([`swar`]) and skipped when none of them needs a look: a byte that
    /// needs one is `<`, `&`, ASCII whitespace other than a plain space,
    /// a plain space after whitespace (a single plain space after text is
    /// what collapsing writes, so it stays in the stretch copied at once),
    /// or a lead byte a whitespace character beyond ASCII can start with.
    /// That byte is then classed exactly, as the former one-byte-at-a-time way
    /// (kept for the tests) classes every byte; the stretches between whitespace that needs
    /// changing are copied at once. `<` and `&` are ASCII, so they never
    /// occur inside a multi-byte character and the run always ends on a
    /// boundary.
    fn push_run(&mut self, html: &str, at: usize) -> usize {
        let bytes = html.as_bytes();
        let mut from = at;
        let mut i = at;
        // Whether the text written, followed by `html[from..i]`, ends with
        // whitespace: then a plain space is collapsed, otherwise kept.
        let mut after_space = self.space;
        while let Some(&b) = bytes.get(i) {
            let space = match RUN_CLASS[usize::from(b)] {
                ORDINARY => {
                    (i, after_space) = skip_plain(bytes, i + 1, false);
                    continue;
                }
                STOP => break,
                ASCII_SPACE if b == b' ' && !after_space => {
                    (i, after_space) = skip_plain(bytes, i + 1, true);
                    continue;
                }
                ASCII_SPACE => 1,
                _ => html
                    .get(i..)
                    .and_then(|r| r.chars().next())
                    .filter(|c| c.is_whitespace())
                    .map_or(0, char::len_utf8),
            };
            if space == 0 {
                i += 1;
                after_space = false;
                continue;
            }
            if from < i {
                self.text.push_str(html.get(from..i).unwrap_or(""));
                self.space = after_space;
            }
            self.push_char(' ');
            i += space;
            from = i;
            after_space = true;
        }
        if from < i {
            self.text.push_str(html.get(from..i).unwrap_or(""));
            self.space = after_space;
        }
        i
    }

    /// The former way of appending a run, one byte at a time, kept as the
    /// reference [`Out::push_run`] (which skips eight plain bytes at a
    /// time) is checked against. Each byte is classed once by a table,
    /// finding the end of the run and the whitespace together; the
    /// stretches between whitespace that needs changing are copied at once
    /// (a single plain space after text needs none); a character is decoded
    /// only where a whitespace character beyond ASCII can start. `<` and
    /// `&` are ASCII, so they never occur inside a multi-byte character and
    /// the run always ends on a boundary.
    #[cfg(test)]
    fn push_run_bytewise(&mut self, html: &str, at: usize) -> usize {
        let bytes = html.as_bytes();
        let mut from = at;
        let mut i = at;
        // Whether `html[from..i]` ends with a space kept as it is: a single
        // plain space after other text is what collapsing would write, so
        // it stays in the stretch copied at once (one copy per run of
        // ordinary prose, not one per word).
        let mut kept_space = false;
        while let Some(&b) = bytes.get(i) {
            let space = match RUN_CLASS[usize::from(b)] {
                ORDINARY => {
                    i += 1;
                    kept_space = false;
                    continue;
                }
                STOP => break,
                ASCII_SPACE if b == b' ' && from < i && !kept_space => {
                    i += 1;
                    kept_space = true;
                    continue;
                }
                ASCII_SPACE => 1,
                _ => html
                    .get(i..)
                    .and_then(|r| r.chars().next())
                    .filter(|c| c.is_whitespace())
                    .map_or(0, char::len_utf8),
            };
            if space == 0 {
                i += 1;
                kept_space = false;
                continue;
            }
            if from < i {
                self.text.push_str(html.get(from..i).unwrap_or(""));
                self.space = kept_space;
            }
            self.push_char(' ');
            i += space;
            from = i;
            kept_space = false;
        }
        if from < i {
            self.text.push_str(html.get(from..i).unwrap_or(""));
            self.space = kept_space;
        }
        i
    }

    /// The former way of appending a run, kept as the reference the
    /// one-pass [`Out::push_run`] is checked against: appends text,
    /// collapsing whitespace, decoding a character only where a whitespace
    /// character can start (ASCII whitespace, or the lead bytes of U+0085,
    /// U+00A0, U+1680, U+2000 to U+205F and U+3000).
    #[cfg(test)]
    fn push_str(&mut self, s: &str) {
        let bytes = s.as_bytes();
        let mut from = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let space = match b {
                b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => 1,
                0xC2 | 0xE1 | 0xE2 | 0xE3 => s
                    .get(i..)
                    .and_then(|r| r.chars().next())
                    .filter(|c| c.is_whitespace())
                    .map_or(0, char::len_utf8),
                _ => 0,
            };
            if space == 0 {
                i += 1;
                continue;
            }
            if from < i {
                self.text.push_str(s.get(from..i).unwrap_or(""));
                self.space = false;
            }
            self.push_char(' ');
            i += space;
            from = i;
        }
        if from < s.len() {
            self.text.push_str(s.get(from..).unwrap_or(""));
            self.space = false;
        }
    }

    fn newline(&mut self) {
        while self.text.ends_with(' ') {
            self.text.pop();
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.space = true;
    }
}

/// From `i`, where `after_space` says whether the byte before was a
/// plain space kept as it is, skips eight bytes at a time over bytes
/// [`Out::push_run`] copies as they are, and returns where the first byte
/// that may need a look is (or the last eight bytes start) and whether
/// the byte before it is a kept space. A byte needs a look if it is `<`,
/// `&`, ASCII whitespace other than a plain space, a plain space after a
/// space, or a lead byte whitespace beyond ASCII can start with (0xC2,
/// 0xE0 to 0xE3; 0xE0 only to keep the test to one mask). The masks may
/// mark a byte after the first that needs a look; the first is exact,
/// and the caller classes it again.
#[inline(always)]
fn skip_plain(bytes: &[u8], mut i: usize, after_space: bool) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SPACES: u64 = ONES * 0x20;
    const LTS: u64 = ONES * 0x3C;
    const AMPS: u64 = ONES * 0x26;
    // The high bit of the byte before the eight, in the lowest byte: set
    // if it is a kept space.
    let mut carry = u64::from(after_space) << 7;
    for chunk in bytes.get(i..).unwrap_or(&[]).chunks_exact(8) {
        let w = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        // The searches of `swar` (`equal_first`, `below_first`) with their
        // common `& !w & HIGH` done once: for an ASCII target the two are
        // the same mask.
        let ascii = !w & HIGH;
        let spaces = (w ^ SPACES).wrapping_sub(ONES) & ascii;
        let mut look = (((w ^ LTS).wrapping_sub(ONES)
            | (w ^ AMPS).wrapping_sub(ONES)
            | w.wrapping_sub(SPACES))
            & ascii)
            | (spaces & ((spaces << 8) | carry));
        if ascii != HIGH {
            look |= swar::equal_first(w, 0xC2) | swar::equal_first(w & 0xFCFC_FCFC_FCFC_FCFC, 0xE0);
        }
        if look == 0 {
            // No space here was marked wrongly: a wrong mark follows a
            // space and would have been a second space above.
            carry = spaces >> 56;
            i += 8;
            continue;
        }
        let k = swar::first(look);
        if k > 0 {
            // The bytes before the first marked one are marked exactly.
            return (i + k, (spaces >> (8 * k - 1)) & 1 != 0);
        }
        break;
    }
    (i, carry != 0)
}

/// The former [`skip_plain`], each search its own `swar` call: the
/// reference it is checked against.
#[cfg(test)]
fn skip_plain_former(bytes: &[u8], mut i: usize, mut after_space: bool) -> (usize, bool) {
    while let Some(w) = swar::word_at(bytes, i) {
        let spaces = swar::equal_first(w, b' ');
        let mut look = swar::equal_first(w, b'<')
            | swar::equal_first(w, b'&')
            | swar::below_first(w, 0x20)
            | (spaces & ((spaces << 8) | u64::from(after_space) << 7));
        if swar::beyond_ascii(w) != 0 {
            look |= swar::equal_first(w, 0xC2) | swar::equal_first(w & 0xFCFC_FCFC_FCFC_FCFC, 0xE0);
        }
        if look == 0 {
            after_space = spaces >> 63 != 0;
            i += 8;
            continue;
        }
        let k = swar::first(look);
        if k > 0 {
            after_space = (spaces >> (8 * k - 1)) & 1 != 0;
            i += k;
        }
        break;
    }
    (i, after_space)
}

/// How [`Out::push_run`] treats a byte: part of the run, the end of the
/// run (`<`, `&`), ASCII whitespace, or a lead byte a whitespace character
/// beyond ASCII can start with (U+0085, U+00A0, U+1680, U+2000 to U+205F,
/// U+3000).
const ORDINARY: u8 = 0;
const STOP: u8 = 1;
const ASCII_SPACE: u8 = 2;
const MAYBE_SPACE: u8 = 3;

const RUN_CLASS: [u8; 256] = {
    let mut t = [ORDINARY; 256];
    t[b'<' as usize] = STOP;
    t[b'&' as usize] = STOP;
    t[b'\t' as usize] = ASCII_SPACE;
    t[b'\n' as usize] = ASCII_SPACE;
    t[0x0B] = ASCII_SPACE;
    t[0x0C] = ASCII_SPACE;
    t[b'\r' as usize] = ASCII_SPACE;
    t[b' ' as usize] = ASCII_SPACE;
    t[0xC2] = MAYBE_SPACE;
    t[0xE1] = MAYBE_SPACE;
    t[0xE2] = MAYBE_SPACE;
    t[0xE3] = MAYBE_SPACE;
    t
};

/// Extracts the visible text, the title and the links of an HTML document.
pub fn extract(html: &str) -> Extracted {
    extract_with(html, Out::push_run, parse_tag, skip_hidden)
}

/// [`extract`] with the way a run of ordinary text is appended, a tag is
/// read and a hidden element's contents are skipped given, so that tests
/// can run the former ways beside the fast ones. `run` appends the run
/// starting at the given offset and returns its end; `tag` reads the tag
/// at a `<`; `hide` returns the end of the close tag of the named element
/// from the given offset (or the end of the page).
fn extract_with<'h>(
    html: &'h str,
    mut run: impl FnMut(&mut Out, &str, usize) -> usize,
    tag: impl Fn(&'h str, usize) -> Tag<'h>,
    hide: impl Fn(&str, usize, &str) -> usize,
) -> Extracted {
    let bytes = html.as_bytes();
    let mut out = Out {
        // The text is never longer than the HTML (references and runs of
        // whitespace only shrink), so it is never moved while it grows.
        text: String::with_capacity(html.len()),
        space: true,
    };
    let mut title = String::new();
    let mut in_title = false;
    let mut links = Vec::new();
    let mut quoted: Vec<(usize, usize)> = Vec::new();
    let mut quote_depth = 0usize;
    let mut quote_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'<' {
            match tag(html, i) {
                Tag::Comment(end) | Tag::Other(end) => i = end,
                Tag::Text => {
                    out.push_char('<');
                    if in_title {
                        title.push('<');
                    }
                    i += 1;
                }
                Tag::Element {
                    name,
                    closing,
                    end,
                    href,
                    class,
                } => {
                    i = end;
                    if !closing && class & HIDE != 0 {
                        // Skip to the matching close tag (or the end).
                        i = hide(html, i, name);
                        continue;
                    }
                    if class & TITLE != 0 {
                        in_title = !closing;
                    }
                    if class & QUOTE != 0 {
                        if !closing {
                            if quote_depth == 0 {
                                quote_start = out.text.len();
                            }
                            quote_depth += 1;
                        } else if quote_depth > 0 {
                            quote_depth -= 1;
                            if quote_depth == 0 && quoted.len() < 1_000 {
                                quoted.push((quote_start, out.text.len()));
                            }
                        }
                    }
                    if class & BLOCK != 0 {
                        out.newline();
                    } else if class & CELL != 0 {
                        out.push_char(' ');
                    }
                    if let Some(href) = href {
                        if links.len() < MAX_LINKS && !href.is_empty() {
                            links.push(Link {
                                href,
                                at: out.text.len(),
                            });
                        }
                    }
                }
            }
        } else if b == b'&' {
            let (decoded, len) = decode_entity(html, i);
            match decoded {
                Some(c) => {
                    out.push_char(c);
                    if in_title && title.len() < 1024 {
                        title.push(c);
                    }
                }
                None => {
                    out.push_char('&');
                    if in_title && title.len() < 1024 {
                        title.push('&');
                    }
                }
            }
            i += len;
        } else {
            // Copy a run of ordinary text at once.
            let run_end = run(&mut out, html, i);
            let run = html.get(i..run_end).unwrap_or("");
            if in_title && title.len() < 1024 {
                title.push_str(prefix(run, 1024));
            }
            i = run_end.max(i + 1);
        }
    }
    while out.text.ends_with(char::is_whitespace) {
        out.text.pop();
    }
    if quote_depth > 0 && quoted.len() < 1_000 {
        quoted.push((quote_start, out.text.len()));
    }
    let len = out.text.len();
    for q in &mut quoted {
        q.0 = q.0.min(len);
        q.1 = q.1.min(len);
    }
    // A link whose text was only trailing whitespace starts at the end
    // (found by fuzzing: its offset pointed past the trimmed text).
    for link in &mut links {
        link.at = link.at.min(len);
    }
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    Extracted {
        text: out.text,
        title,
        links,
        quoted,
    }
}

/// Whether a tag name is one of `names` (lowercase), ignoring ASCII case:
/// the former way of classing a tag, the reference [`tag_class`] is
/// checked against.
#[cfg(test)]
fn one_of(name: &str, names: &[&str]) -> bool {
    name.len() <= 10 && names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// What a tag is to the text ([`tag_class`]): its contents are hidden
/// (`HIDDEN`), it starts a line (`BLOCKS`), it is a table cell, the title,
/// a quotation.
const HIDE: u8 = 1;
const BLOCK: u8 = 2;
const CELL: u8 = 4;
const TITLE: u8 = 8;
const QUOTE: u8 = 16;

/// The class of a tag name (bits `HIDE`, `BLOCK`, `CELL`, `TITLE`,
/// `QUOTE`), ignoring ASCII case. Every tag of a page is classed: the
/// name, lowercased, is packed into two words (no listed name is longer
/// than 10 bytes) and looked up in a perfect hash of the listed names, one
/// multiplication and two table loads (comparing it ignoring case with
/// each of the forty names in turn was a sixth of the HTML scan in wasm;
/// a `match` on its bytes, `tag_class_by_match`, still cost a call to
/// compare bytes per tag).
fn tag_class(name: &str) -> u8 {
    let bytes = name.as_bytes();
    if bytes.len() > 10 {
        return 0;
    }
    let mut buf = [0u8; 16];
    for (d, s) in buf.iter_mut().zip(bytes) {
        *d = s.to_ascii_lowercase();
    }
    let packed = u128::from_le_bytes(buf);
    #[allow(clippy::cast_possible_truncation)]
    let (lo, hi) = (packed as u64, (packed >> 64) as u64);
    class_of_packed(lo, hi)
}

/// The class of a lowercased name packed into two words, first byte
/// lowest (bytes after the name zero).
#[inline(always)]
fn class_of_packed(lo: u64, hi: u64) -> u8 {
    let slot = TAG_SLOTS[tag_slot(lo, hi)];
    match TAG_KEYS.get(usize::from(slot).wrapping_sub(1)) {
        Some(&(l, h, class)) if l == lo && h == hi => class,
        _ => 0,
    }
}

/// The listed tag names (lowercase) and their classes: `HIDDEN`, the
/// cells, the title, the quotation and `BLOCKS`
/// (`tag_class_of_every_listed_name` checks this against the lists).
const TAG_NAMES: [(&[u8], u8); 39] = [
    (b"script", HIDE),
    (b"style", HIDE),
    (b"template", HIDE),
    (b"svg", HIDE),
    (b"td", CELL),
    (b"th", CELL),
    (b"title", BLOCK | TITLE),
    (b"blockquote", BLOCK | QUOTE),
    (b"p", BLOCK),
    (b"div", BLOCK),
    (b"br", BLOCK),
    (b"li", BLOCK),
    (b"tr", BLOCK),
    (b"h1", BLOCK),
    (b"h2", BLOCK),
    (b"h3", BLOCK),
    (b"h4", BLOCK),
    (b"h5", BLOCK),
    (b"h6", BLOCK),
    (b"section", BLOCK),
    (b"article", BLOCK),
    (b"header", BLOCK),
    (b"footer", BLOCK),
    (b"table", BLOCK),
    (b"ul", BLOCK),
    (b"ol", BLOCK),
    (b"hr", BLOCK),
    (b"pre", BLOCK),
    (b"form", BLOCK),
    (b"dd", BLOCK),
    (b"dt", BLOCK),
    (b"dl", BLOCK),
    (b"nav", BLOCK),
    (b"main", BLOCK),
    (b"aside", BLOCK),
    (b"address", BLOCK),
    (b"figure", BLOCK),
    (b"figcaption", BLOCK),
    (b"body", BLOCK),
];

/// The slot (0 to 127) of a packed name. The multiplier was chosen so
/// that the 39 listed names land in 39 different slots (checked when the
/// table is built: a clash fails the build).
const fn tag_slot(lo: u64, hi: u64) -> usize {
    ((lo ^ hi).wrapping_mul(0x077E_F32A_3F3F_37EB) >> 57) as usize
}

/// For each slot, 1 + the index in [`TAG_KEYS`] of the name in it, or 0.
const TAG_SLOTS: [u8; 128] = TAG_TABLE.0;
/// The packed names of [`TAG_NAMES`] (first eight bytes, next two) and
/// their classes.
const TAG_KEYS: [(u64, u64, u8); 39] = TAG_TABLE.1;

#[allow(clippy::cast_possible_truncation)]
const TAG_TABLE: ([u8; 128], [(u64, u64, u8); 39]) = {
    let mut slots = [0u8; 128];
    let mut keys = [(0u64, 0u64, 0u8); 39];
    let mut k = 0;
    while k < TAG_NAMES.len() {
        let (name, class) = TAG_NAMES[k];
        assert!(name.len() <= 10);
        let (mut lo, mut hi) = (0u64, 0u64);
        let mut j = 0;
        while j < name.len() {
            if j < 8 {
                lo |= (name[j] as u64) << (8 * j);
            } else {
                hi |= (name[j] as u64) << (8 * (j - 8));
            }
            j += 1;
        }
        let slot = tag_slot(lo, hi);
        assert!(slots[slot] == 0, "two tag names share a slot");
        slots[slot] = (k + 1) as u8;
        keys[k] = (lo, hi, class);
        k += 1;
    }
    (slots, keys)
};

/// The former [`tag_class`], a `match` on the lowercased bytes: the
/// reference the perfect hash is checked against, beside [`one_of`].
#[cfg(test)]
fn tag_class_by_match(name: &str) -> u8 {
    let mut buf = [0u8; 10];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return 0;
    };
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    // `HIDDEN` and `BLOCKS`, spelled out so that the compiler picks the
    // name by its length first (`tag_class_of_every_listed_name` checks
    // this against the lists).
    match &*lower {
        b"script" | b"style" | b"template" | b"svg" => HIDE,
        b"td" | b"th" => CELL,
        b"title" => BLOCK | TITLE,
        b"blockquote" => BLOCK | QUOTE,
        b"p" | b"div" | b"br" | b"li" | b"tr" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6"
        | b"section" | b"article" | b"header" | b"footer" | b"table" | b"ul" | b"ol" | b"hr"
        | b"pre" | b"form" | b"dd" | b"dt" | b"dl" | b"nav" | b"main" | b"aside" | b"address"
        | b"figure" | b"figcaption" | b"body" => BLOCK,
        _ => 0,
    }
}

#[cfg_attr(test, derive(Debug, PartialEq))]
enum Tag<'a> {
    /// `<!-- ... -->`; the index after it.
    Comment(usize),
    /// `<!doctype>`, `<?xml ?>`: the index after it.
    Other(usize),
    /// A `<` that does not start a tag.
    Text,
    /// A start or end tag.
    Element {
        name: &'a str,
        closing: bool,
        end: usize,
        href: Option<String>,
        /// What the tag is to the text ([`tag_class`]).
        class: u8,
    },
}

/// Reads the tag that starts at `start` (a `<`). Every tag of a page is
/// read here (43,000 on the 1 MB bench page), so nothing is built per
/// tag: the name is read, lowercased and packed into a word in one loop
/// by one table ([`NAME_LOWER`]) and classed from the word by the perfect
/// hash of [`tag_class`] (reading it eight bytes at once cost more: most
/// names are one or two bytes). Most tags are a name and `>` (`<p>`, `</td>`)
/// and return there. The attributes of a tag only matter to the text if
/// it is a link (`<a>`, `<area>`: its `href`); any other tag is skipped to
/// its end, found eight bytes at a time as the first `>` when no quote
/// comes before it (without a quote no part of a tag reads past a `>`),
/// and read by [`parse_attributes`] as before when one does (a quote may
/// open a value, and a `>` in a quoted value does not end the tag).
fn parse_tag(html: &str, start: usize) -> Tag<'_> {
    let bytes = html.as_bytes();
    let (closing, name_start) = match bytes.get(start + 1) {
        Some(b'!' | b'?') => return parse_markup(bytes, start),
        Some(b'/') => (true, start + 2),
        _ => (false, start + 1),
    };
    if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return Tag::Text;
    }
    // The name, lowercased and packed as it is read (most are one or two
    // bytes: `p`, `td`).
    let mut name_len = 0;
    let mut packed = 0u64;
    while let Some(&c) = bytes.get(name_start + name_len) {
        let lower = NAME_LOWER[usize::from(c)];
        if lower == 0 {
            break;
        }
        if name_len < 8 {
            packed |= u64::from(lower) << (8 * name_len);
        }
        name_len += 1;
    }
    let name = html.get(name_start..name_start + name_len).unwrap_or("");
    let class = if name_len <= 8 {
        class_of_packed(packed, 0)
    } else {
        tag_class(name)
    };
    let after = name_start + name_len;
    let (end, href) = match bytes.get(after) {
        Some(b'>') => (after + 1, None),
        _ if name.eq_ignore_ascii_case("a") || name.eq_ignore_ascii_case("area") => {
            parse_attributes(html, true, after)
        }
        _ => {
            let stop = swar::find_any3(bytes, after, b'>', b'"', b'\'');
            match bytes.get(stop) {
                Some(b'>') => (stop + 1, None),
                None => (bytes.len(), None),
                Some(_) => parse_attributes(html, false, after),
            }
        }
    };
    Tag::Element {
        name,
        closing,
        end,
        href,
        class,
    }
}

/// A comment (`<!-- ... -->`) or other markup (`<!doctype>`, `<?xml ?>`)
/// at `start`, its end found eight bytes at a time: a comment ends at the
/// first `>` after `--` that is at least six bytes on (the first `-->`
/// starting after `<!--`), other markup at the first `>`.
fn parse_markup(bytes: &[u8], start: usize) -> Tag<'static> {
    if bytes.get(start + 1..start + 4) == Some(b"!--") {
        let mut from = start + 6;
        loop {
            let gt = swar::find_any3(bytes, from, b'>', b'>', b'>');
            if gt >= bytes.len() {
                return Tag::Comment(bytes.len());
            }
            if bytes.get(gt - 2..gt) == Some(b"--") {
                return Tag::Comment(gt + 1);
            }
            from = gt + 1;
        }
    }
    let gt = swar::find_any3(bytes, start + 1, b'>', b'>', b'>');
    Tag::Other((gt + 1).min(bytes.len()))
}

/// Where the contents of a hidden element named `name` end, from `from`:
/// after the `>` of the first `</name` (ignoring case), or the end of the
/// page. Each `<` is found eight bytes at a time and nothing is built.
fn skip_hidden(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let name = name.as_bytes();
    let mut i = from;
    loop {
        let lt = swar::find_any3(bytes, i, b'<', b'<', b'<');
        let Some(rest) = bytes.get(lt + 1..) else {
            return bytes.len();
        };
        if rest.first() == Some(&b'/')
            && rest
                .get(1..1 + name.len())
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        {
            let gt = swar::find_any3(bytes, lt + 2 + name.len(), b'>', b'>', b'>');
            return (gt + 1).min(bytes.len());
        }
        i = lt + 1;
    }
}

/// The former [`skip_hidden`]: the close tag built as a string and found
/// with [`find_ci`], a byte at a time.
#[cfg(test)]
fn skip_hidden_former(html: &str, from: usize, name: &str) -> usize {
    let close = format!("</{}", name.to_ascii_lowercase());
    find_ci(html, from, &close).map_or(html.len(), |at| {
        html.get(at..)
            .and_then(|r| r.find('>'))
            .map_or(html.len(), |g| at + g + 1)
    })
}

/// The rest of a tag after its name, from `i`: its attributes (name,
/// optional `=` value, quoted or not) until `>`. Returns the index after
/// the tag and, if `is_link`, the `href`.
fn parse_attributes(html: &str, is_link: bool, mut i: usize) -> (usize, Option<String>) {
    let bytes = html.as_bytes();
    let mut href = None;
    loop {
        while bytes
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'/')
        {
            i += 1;
        }
        match bytes.get(i) {
            None => return (bytes.len(), href),
            Some(b'>') => return (i + 1, href),
            _ => {}
        }
        let attr_start = i;
        while bytes
            .get(i)
            .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'=' && *c != b'>' && *c != b'/')
        {
            i += 1;
        }
        if i == attr_start {
            // A lone `=` or `/` that is not part of a name: step over it.
            i += 1;
            continue;
        }
        let attr = html.get(attr_start..i).unwrap_or("");
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let (value_start, value_end, next) = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let end = bytes
                    .get(i + 1..)
                    .and_then(|r| r.iter().position(|&c| c == q))
                    .map_or(bytes.len(), |p| i + 1 + p);
                (i + 1, end, end + 1)
            }
            _ => {
                let end = bytes
                    .get(i..)
                    .and_then(|r| r.iter().position(|c| c.is_ascii_whitespace() || *c == b'>'))
                    .map_or(bytes.len(), |p| i + p);
                (i, end, end)
            }
        };
        if is_link && attr.eq_ignore_ascii_case("href") {
            let raw = html.get(value_start..value_end).unwrap_or("");
            href = Some(decode_entities(prefix(raw, 8192)).trim().to_string());
        }
        i = next;
    }
}

/// The bytes of a tag name (ASCII letters and digits, `-` and `:`),
/// lowercased; 0 for any other byte.
const NAME_LOWER: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'-' || c == b':' {
            t[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// The former [`parse_tag`], the reference it is checked against: the
/// name read with `take_while` and classed by [`tag_class_by_match`],
/// every tag's attributes read by [`parse_attributes`], comments and
/// other markup ended by `str::find` and a byte loop.
#[cfg(test)]
fn parse_tag_reference(html: &str, start: usize) -> Tag<'_> {
    let bytes = html.as_bytes();
    let rest = bytes.get(start + 1..).unwrap_or(&[]);
    if rest.starts_with(b"!--") {
        let end = html
            .get(start + 4..)
            .and_then(|r| r.find("-->"))
            .map_or(bytes.len(), |p| start + 4 + p + 3);
        return Tag::Comment(end);
    }
    if matches!(rest.first(), Some(b'!') | Some(b'?')) {
        let end = rest
            .iter()
            .position(|&c| c == b'>')
            .map_or(bytes.len(), |p| start + 1 + p + 1);
        return Tag::Other(end);
    }
    let (closing, name_start) = match rest.first() {
        Some(b'/') => (true, start + 2),
        _ => (false, start + 1),
    };
    let name_len = bytes
        .get(name_start..)
        .unwrap_or(&[])
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
        .count();
    if name_len == 0 || !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return Tag::Text;
    }
    let name = html.get(name_start..name_start + name_len).unwrap_or("");
    let is_link = name.eq_ignore_ascii_case("a") || name.eq_ignore_ascii_case("area");
    let (end, href) = parse_attributes(html, is_link, name_start + name_len);
    Tag::Element {
        name,
        closing,
        end,
        href,
        class: tag_class_by_match(name),
    }
}

/// Finds `needle` (lowercase ASCII) in `hay` from `from`, ignoring ASCII case.
#[cfg(test)]
fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    let first = *n.first()?;
    let mut i = from;
    while i + n.len() <= h.len() {
        let p = h
            .get(i..)?
            .iter()
            .position(|c| c.to_ascii_lowercase() == first)?;
        i += p;
        if h.get(i..i + n.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(n))
        {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Decodes every character reference in an attribute value.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s.as_bytes().get(i) == Some(&b'&') {
            let (c, len) = decode_entity(s, i);
            out.push(c.unwrap_or('&'));
            i += len;
        } else {
            let next = s
                .get(i..)
                .and_then(|r| r.find('&'))
                .map_or(s.len(), |p| i + p);
            out.push_str(s.get(i..next).unwrap_or(""));
            i = next;
        }
    }
    out
}

/// Decodes the character reference at `at` (an `&`): the character (if it
/// is one this module knows) and how many bytes to skip.
fn decode_entity(s: &str, at: usize) -> (Option<char>, usize) {
    let bytes = s.as_bytes();
    let body_len = bytes
        .get(at + 1..)
        .unwrap_or(&[])
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'#')
        .count();
    let body = s.get(at + 1..at + 1 + body_len).unwrap_or("");
    let has_semi = bytes.get(at + 1 + body_len) == Some(&b';');
    let len = 1 + body_len + usize::from(has_semi);
    let c = if let Some(num) = body.strip_prefix('#') {
        let value = match num.strip_prefix('x').or_else(|| num.strip_prefix('X')) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse::<u32>().ok(),
        };
        value.map(|v| char::from_u32(v).unwrap_or('\u{FFFD}'))
    } else {
        named_entity(body)
    };
    match c {
        Some(c) => (Some(c), len),
        None => (None, 1),
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "shy" => '\u{AD}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "bull" => '\u{2022}',
        "middot" => '\u{B7}',
        "hellip" => '\u{2026}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "copy" => '\u{A9}',
        "reg" => '\u{AE}',
        "trade" => '\u{2122}',
        "euro" => '\u{20AC}',
        "pound" => '\u{A3}',
        "thinsp" => '\u{2009}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "colon" => ':',
        "commat" => '@',
        "period" => '.',
        "plus" => '+',
        "lpar" => '(',
        "rpar" => ')',
        "hyphen" | "dash" => '-',
        _ => return None,
    })
}

/// Whether `c` is invisible in rendered text and only serves to break up
/// words or reorder them: zero-width characters, bidi controls, soft
/// hyphen, word joiner, byte order mark, variation selectors, tag characters.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{E0000}'..='\u{E0FFF}')
}

/// A word: a maximal run of letters, digits and combining marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    /// Byte offset of its first character.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
}

/// Whether `c` continues a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && is_mark(c))
}

/// Combining marks that attach to a letter (the common blocks).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// How [`words`] treats a byte: an ASCII byte between words, an ASCII
/// letter or digit, or a byte of a character beyond ASCII (decoded).
const GAP: u8 = 0;
const WORD: u8 = 1;
const BEYOND_ASCII: u8 = 2;
const WORD_CLASS: [u8; 256] = {
    let mut t = [BEYOND_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            WORD
        } else {
            GAP
        };
        b += 1;
    }
    t
};

/// Whether the character beyond ASCII at byte `i` of `text` continues a
/// word, and its length in bytes.
fn word_char_beyond_ascii(text: &str, i: usize) -> (bool, usize) {
    let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
    (is_word_char(c), c.len_utf8())
}

/// Splits `text` into words, in order. Every stage after reads these
/// words, and the split was a tenth of page analysis. Where 64 bytes are
/// all ASCII they are split at once: each eight bytes' mask of letters
/// and digits (the `swar` helpers) is gathered into one bit a byte, so
/// the 64 bytes are one `u64` in which the bits where it changes from the
/// bit before are where words start and end, read off lowest first in
/// pairs. Elsewhere (a character beyond ASCII among the 64 bytes, the
/// last bytes of the text) [`split_eight`] reads eight ASCII bytes at
/// once and a character beyond ASCII at a time.
pub fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    // Where the word being read started, if in one.
    let mut start: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let Some(word) = bytes
            .get(i..i + 64)
            .and_then(|c| <&[u8; 64]>::try_from(c).ok())
            .and_then(ascii_word_bits)
        else {
            i = split_eight(text, &mut out, &mut start, i, i + 64);
            continue;
        };
        let before = (word << 1) | u64::from(start.is_some());
        // Bits that start a word, and bits just after one; the two
        // alternate, so they are taken in pairs.
        let mut starts = word & !before;
        let mut ends = before & !word;
        if ends != 0 {
            if let Some(s) = start.take() {
                out.push(Word {
                    start: s,
                    end: i + ends.trailing_zeros() as usize,
                });
                ends &= ends - 1;
            }
        }
        while starts != 0 {
            let s = i + starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                start = Some(s);
                break;
            }
            out.push(Word {
                start: s,
                end: i + ends.trailing_zeros() as usize,
            });
            ends &= ends - 1;
        }
        i += 64;
    }
    if let Some(s) = start {
        out.push(Word {
            start: s,
            end: bytes.len(),
        });
    }
    out
}

/// One bit per byte of `chunk`, the first byte lowest, set where the byte
/// is an ASCII letter or digit; `None` if a byte is beyond ASCII.
#[inline(always)]
fn ascii_word_bits(chunk: &[u8; 64]) -> Option<u64> {
    let lanes = chunk
        .chunks_exact(8)
        .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])));
    if swar::beyond_ascii(lanes.clone().fold(0, |a, w| a | w)) != 0 {
        return None;
    }
    Some(lanes.enumerate().fold(0, |bits, (k, w)| {
        bits | swar::gather(swar::alphanumeric_ascii(w)) << (8 * k)
    }))
}

/// Splits `text` from `i` until `until` (or its end) as [`words`] did
/// before the 64-byte split, and returns where it stopped (the end of a
/// character, at or after `until`, or the end of the text): eight bytes at
/// once where they are all ASCII (one mask says which are letters or
/// digits, the bytes where it changes from the byte before are where words
/// start and end), elsewhere a byte or character at a time; only
/// characters beyond ASCII are decoded. `start` is where the word being
/// read started, if in one; a word still open at the end of the text is
/// left to the caller.
fn split_eight(
    text: &str,
    out: &mut Vec<Word>,
    start: &mut Option<usize>,
    mut i: usize,
    until: usize,
) -> usize {
    let bytes = text.as_bytes();
    while i < until {
        // Up to where to go a byte or character at a time.
        let mut slow_to = i;
        if let Some(w) = swar::word_at(bytes, i) {
            let beyond = swar::beyond_ascii(w);
            if beyond == 0 {
                let word = swar::alphanumeric(w);
                let before = (word << 8) | u64::from(start.is_some()) << 7;
                // Bytes that start a word, and bytes just after one; the
                // two alternate, so they are taken in pairs.
                let mut starts = word & !before;
                let mut ends = before & !word & 0x8080_8080_8080_8080;
                if ends != 0 {
                    if let Some(s) = start.take() {
                        out.push(Word {
                            start: s,
                            end: i + swar::first(ends),
                        });
                        ends &= ends - 1;
                    }
                }
                while starts != 0 {
                    let s = i + swar::first(starts);
                    starts &= starts - 1;
                    if ends == 0 {
                        *start = Some(s);
                        break;
                    }
                    out.push(Word {
                        start: s,
                        end: i + swar::first(ends),
                    });
                    ends &= ends - 1;
                }
                i += 8;
                continue;
            }
            slow_to = i + swar::first(beyond);
        }
        // A byte or character at a time, through the first character
        // beyond ASCII of these eight bytes (or to the end).
        loop {
            let Some(&b) = bytes.get(i) else {
                return i;
            };
            let (w, len) = match WORD_CLASS[usize::from(b)] {
                GAP => (false, 1),
                WORD => (true, 1),
                _ => word_char_beyond_ascii(text, i),
            };
            match (w, *start) {
                (true, None) => *start = Some(i),
                (false, Some(s)) => {
                    out.push(Word { start: s, end: i });
                    *start = None;
                }
                _ => {}
            }
            i += len;
            if i > slow_to {
                break;
            }
        }
    }
    i
}

/// The former [`words`], eight bytes at a time all through
/// ([`split_eight`]): a reference the 64-byte split is checked against.
#[cfg(test)]
fn words_by_eight(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    let end = split_eight(text, &mut out, &mut start, 0, usize::MAX);
    if let Some(s) = start {
        out.push(Word { start: s, end });
    }
    out
}

/// The former [`words`], two tight loops (one over the gap before a
/// word, one over the word) each reading a byte at a time: a reference the
/// eight-at-a-time split is checked against, beside the byte-by-byte one.
#[cfg(test)]
fn words_two_loops(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 6);
    let mut i = 0;
    loop {
        // The gap before the next word; `i` ends after the word's first
        // character.
        let start = loop {
            let Some(&b) = bytes.get(i) else {
                return out;
            };
            match WORD_CLASS[usize::from(b)] {
                GAP => i += 1,
                WORD => {
                    i += 1;
                    break i - 1;
                }
                _ => {
                    let (w, len) = word_char_beyond_ascii(text, i);
                    i += len;
                    if w {
                        break i - len;
                    }
                }
            }
        };
        // The rest of the word.
        loop {
            let Some(&b) = bytes.get(i) else {
                out.push(Word { start, end: i });
                return out;
            };
            match WORD_CLASS[usize::from(b)] {
                WORD => i += 1,
                GAP => {
                    out.push(Word { start, end: i });
                    i += 1;
                    break;
                }
                _ => {
                    let (w, len) = word_char_beyond_ascii(text, i);
                    if !w {
                        out.push(Word { start, end: i });
                        i += len;
                        break;
                    }
                    i += len;
                }
            }
        }
    }
}

/// The first byte at or after `from` that is not ASCII (or the end),
/// found 64 bytes at a time where the text is ASCII.
fn next_beyond_ascii(bytes: &[u8], from: usize) -> usize {
    let rest = bytes.get(from..).unwrap_or(&[]);
    let mut off = 0;
    while let Some(block) = rest.get(off..off + 64) {
        if !block.is_ascii() {
            break;
        }
        off += 64;
    }
    let tail = rest.get(off..).unwrap_or(&[]);
    from + off
        + tail
            .iter()
            .position(|b| !b.is_ascii())
            .unwrap_or(tail.len())
}

/// Says whether words are all ASCII, for words asked about in order: the
/// text is read once, a block at a time, instead of each word byte by byte
/// (the stages after the split ask this of every word: ASCII words are
/// matched as they are, others are folded first).
#[derive(Clone, Debug)]
pub struct AsciiWords<'a> {
    bytes: &'a [u8],
    /// Where the last search started.
    from: usize,
    /// The first byte at or after `from` beyond ASCII (or the end).
    next: usize,
}

impl<'a> AsciiWords<'a> {
    /// A reader of `text`, which the words asked about are in.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        AsciiWords {
            bytes,
            from: 0,
            next: next_beyond_ascii(bytes, 0),
        }
    }

    /// Whether `w` is all ASCII. Fastest when words are asked about in
    /// order; any order gives the right answer.
    pub fn is_ascii(&mut self, w: Word) -> bool {
        if w.start < self.from || w.start > self.next {
            self.from = w.start;
            self.next = next_beyond_ascii(self.bytes, w.start);
        }
        w.end <= self.next
    }
}

/// How many words [`first_word_beyond_ascii`] steps over one by one before
/// it searches.
const NEAR_WORDS: usize = 8;

/// The index of the first of `words` (the words of `text`, in order) from
/// `i` on that is not all ASCII, or `words.len()`. The scanners that walk
/// every word ask this once per run of ASCII words instead of asking
/// [`AsciiWords::is_ascii`] of each: the text is searched for its next
/// byte beyond ASCII, and the words that end before that byte are stepped
/// over, the first few one by one and the rest by a binary search of the
/// words after them (words are in order and do not overlap). A byte beyond
/// ASCII between two words (a `’`, a `—`) ends a run and costs one more
/// search of the text; text all beyond ASCII stops at the first word, one
/// search each.
pub fn first_word_beyond_ascii(text: &str, words: &[Word], i: usize) -> usize {
    let bytes = text.as_bytes();
    let mut k = i;
    while let Some(w) = words.get(k) {
        let beyond = next_beyond_ascii(bytes, w.start);
        if beyond < w.end {
            return k;
        }
        // Every word ending at or before `beyond` is ASCII. Runs are often
        // short (a `’` or a `•` every few words): the next few words are
        // looked at in order, and only a longer run is searched, so a run
        // costs at most a few steps and one search of what follows it, never
        // a search of every word left in the text for each short run.
        let rest = words.get(k + 1..).unwrap_or(&[]);
        let near = rest
            .iter()
            .take(NEAR_WORDS)
            .take_while(|x| x.end <= beyond)
            .count();
        k += 1 + near;
        if near == NEAR_WORDS {
            let rest = words.get(k..).unwrap_or(&[]);
            k += rest.partition_point(|x| x.end <= beyond);
        }
    }
    words.len()
}

/// Zero code points of Unicode decimal digit blocks scripts use for phone
/// numbers (each block is ten consecutive code points).
const DIGIT_ZEROS: [u32; 24] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x17E0, 0x1810, 0x1946, 0x19D0, 0xA8D0, 0xA9D0, 0xFF10,
];

/// The value of a decimal digit in any of the common scripts.
pub fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    let v = c as u32;
    if v < 0x0660 {
        return None;
    }
    DIGIT_ZEROS
        .iter()
        .find(|&&z| v >= z && v < z + 10)
        .and_then(|&z| u8::try_from(v - z).ok())
}

#[cfg(feature = "detect")]
/// The text the detectors read: NFKC per character, Unicode digits as ASCII
/// digits, invisible characters removed, other whitespace as plain spaces
/// (line breaks kept). ASCII passes through untouched, so the common case
/// costs one copy.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

#[cfg(feature = "detect")]
/// [`normalize`], also mapping byte offsets `marks` (ascending, in `text`)
/// to offsets in the result.
pub fn normalize_marked(text: &str, marks: &[usize]) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut mapped = Vec::with_capacity(marks.len());
    let mut from = 0;
    for &m in marks {
        let mut m = m.clamp(from, text.len());
        while m > from && !text.is_char_boundary(m) {
            m -= 1;
        }
        normalize_into(text.get(from..m).unwrap_or(""), &mut out);
        mapped.push(out.len());
        from = m;
    }
    normalize_into(text.get(from..).unwrap_or(""), &mut out);
    (out, mapped)
}

#[cfg(feature = "detect")]
fn normalize_into(text: &str, out: &mut String) {
    // Pages are mostly ASCII: copy each ASCII run in one go (its end found
    // sixteen bytes a step) and look at the other characters one by one.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let run = swar::first_beyond_ascii(bytes, i);
        out.push_str(text.get(i..run).unwrap_or(""));
        let Some(c) = text.get(run..).and_then(|r| r.chars().next()) else {
            break;
        };
        normalize_char(c, out);
        i = run + c.len_utf8();
    }
}

/// The former [`normalize_into`], finding the end of each ASCII run a
/// byte at a time: the reference the faster one is checked against.
#[cfg(all(test, feature = "detect"))]
fn normalize_into_bytewise(text: &str, out: &mut String) {
    let mut rest = text;
    while !rest.is_empty() {
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        out.push_str(rest.get(..run).unwrap_or(""));
        rest = rest.get(run..).unwrap_or("");
        let mut chars = rest.chars();
        let Some(c) = chars.next() else { break };
        normalize_char(c, out);
        rest = chars.as_str();
    }
}

#[cfg(feature = "detect")]
fn normalize_char(c: char, out: &mut String) {
    {
        if c.is_ascii() {
            out.push(c);
        } else if is_invisible(c) {
        } else if let Some(d) = digit_value(c) {
            out.push(char::from(b'0' + d));
        } else if c == '\u{2028}' || c == '\u{2029}' {
            out.push('\n');
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            crate::unicode::nfkc_char(c, |n| {
                if n.is_ascii() || !is_invisible(n) {
                    out.push(n);
                }
            });
        }
    }
}

// --- Sentences, lines and hosts in normalised text ---------------------
//
// The detection stages reason about "the same sentence", "the line above"
// and "the host a mention sits in"; these helpers are shared by all of them
// (the engine's only: the verify-only build compiles this file without it).

/// `i`, moved back to a character boundary of `s`.
#[cfg(feature = "detect")]
pub(crate) fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `i`, moved forward to a character boundary of `s`.
#[cfg(feature = "detect")]
pub(crate) fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The sentence around `start..end`: back to a line break or a sentence end
/// (at most 200 bytes), forward to the next (at most 120 bytes).
///
/// Called for every number, address and brand mention found, so it does
/// not test every byte it passes: it looks for the few bytes that can end
/// a sentence ([`SENTENCE_BYTE`]: a line break, `.`, `!`, `?`, `;` and the
/// last byte of "。") and only checks those.
#[cfg(feature = "detect")]
pub(crate) fn sentence_bounds(text: &str, start: usize, end: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let is_stop = |i: usize| -> bool {
        matches!(b.get(i), Some(b'.' | b'!' | b'?' | b';'))
            && b.get(i + 1).map_or(true, |c| c.is_ascii_whitespace())
            && !(b.get(i) == Some(&b'.') && ends_abbreviation(b, i))
    };
    // The ideographic full stop "。" (E3 80 82) ends a sentence with no space after it.
    let ideographic_stop = |i: usize| b.get(i.wrapping_sub(2)..=i) == Some(&[0xE3, 0x80, 0x82][..]);
    let marks = |c: &u8| SENTENCE_BYTE.get(usize::from(*c)).copied().unwrap_or(false);
    // Back: the sentence starts after a line break or "。" at `q`, or two
    // bytes after a stop at `q` followed by a space; the nearest start in
    // `lo + 1..=start` wins, else `lo`.
    let lo = start.saturating_sub(200);
    let floor = lo.saturating_sub(1);
    let mut s = lo;
    let mut top = start.min(b.len());
    while let Some(q) = b
        .get(floor..top)
        .and_then(|r| r.iter().rposition(marks))
        .map(|q| floor + q)
    {
        let found = match b.get(q) {
            Some(b'\n') => Some(q + 1),
            Some(0x82) => ideographic_stop(q).then_some(q + 1),
            _ => (b.get(q + 1) == Some(&b' ') && is_stop(q)).then_some(q + 2),
        };
        if let Some(at) = found.filter(|&at| at > lo && at <= start) {
            s = at;
            break;
        }
        top = q;
    }
    // Forward: up to a line break, or just after a stop or "。".
    let hi = end.saturating_add(120).min(b.len());
    let mut e = end.max(hi);
    let mut from = end;
    while let Some(q) = b
        .get(from..hi)
        .and_then(|r| r.iter().position(marks))
        .map(|q| from + q)
    {
        let found = match b.get(q) {
            Some(b'\n') => Some(q),
            Some(0x82) => ideographic_stop(q).then_some(q + 1),
            _ => is_stop(q).then_some(q + 1),
        };
        if let Some(at) = found {
            e = at;
            break;
        }
        from = q + 1;
    }
    (ceil_boundary(text, s), floor_boundary(text, e))
}

/// The bytes [`sentence_bounds`] stops to look at.
#[cfg(feature = "detect")]
static SENTENCE_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    t[b'\n' as usize] = true;
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[b';' as usize] = true;
    t[0x82] = true;
    t
};

/// Abbreviations whose full stop does not end a sentence ("Northwind Inc.
/// billing team", "e.g. a gift card"), lower case, without their last dot.
#[cfg(feature = "detect")]
const ABBREVIATIONS: &[&[u8]] = &[
    b"inc", b"ltd", b"ltda", b"co", b"corp", b"llc", b"st", b"dr", b"e.g", b"i.e", b"no", b"vs",
    b"mr", b"mrs", b"ms", b"jr", b"sr", b"sra", b"u.s", b"u.k", b"s.a",
];

/// Whether the full stop at `dot` ends one of [`ABBREVIATIONS`]: the word
/// before it (letters and inner dots) is one, in any case.
#[cfg(feature = "detect")]
fn ends_abbreviation(b: &[u8], dot: usize) -> bool {
    let mut s = dot;
    while s > 0
        && dot - s < 5
        && b.get(s - 1)
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'.')
    {
        s -= 1;
    }
    // A longer word ending in one ("disco.") is not the abbreviation.
    if s > 0 && b.get(s - 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    let word = b.get(s..dot).unwrap_or(&[]);
    ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// Turns the soft line breaks of plain text (single `\n` between two
/// non-empty lines) into spaces, so that a sentence wrapped at 72 columns
/// is one sentence. Blank lines still separate paragraphs. Byte offsets do
/// not change.
#[cfg(feature = "detect")]
pub(crate) fn unwrap_lines(text: String) -> String {
    let mut bytes = text.into_bytes();
    let len = bytes.len();
    let mut line_has_text = false;
    for i in 0..len {
        let Some(&b) = bytes.get(i) else { break };
        if b == b'\n' {
            let next = bytes.get(i + 1).copied();
            // Quoted lines (`>`) stay lines of their own.
            if line_has_text && next.is_some() && next != Some(b'\n') && next != Some(b'>') {
                if let Some(slot) = bytes.get_mut(i) {
                    *slot = b' ';
                }
            } else {
                line_has_text = false;
            }
        } else if !b.is_ascii_whitespace() {
            line_has_text = true;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Whether the sentence ending at `end` is a question.
#[cfg(feature = "detect")]
pub(crate) fn is_question(text: &str, end: usize) -> bool {
    text.get(..end).is_some_and(|t| t.trim_end().ends_with('?'))
}

/// The line before position `s` (which starts a line), if short.
#[cfg(feature = "detect")]
pub(crate) fn previous_line(text: &str, s: usize) -> Option<(usize, usize)> {
    let b = text.as_bytes();
    if s == 0 || b.get(s - 1) != Some(&b'\n') {
        return None;
    }
    let end = s - 1;
    let lo = end.saturating_sub(200);
    let mut start = end;
    while start > lo && b.get(start - 1) != Some(&b'\n') {
        start -= 1;
    }
    Some((ceil_boundary(text, start), end))
}

/// The line around `pos`.
#[cfg(feature = "detect")]
pub(crate) fn line_bounds(text: &str, pos: usize) -> (usize, usize) {
    let b = text.as_bytes();
    let lo = pos.saturating_sub(300);
    let mut s = pos.min(b.len());
    while s > lo && b.get(s - 1) != Some(&b'\n') {
        s -= 1;
    }
    let hi = pos.saturating_add(300).min(b.len());
    let mut e = pos.min(b.len());
    while e < hi && b.get(e) != Some(&b'\n') {
        e += 1;
    }
    (ceil_boundary(text, s), floor_boundary(text, e))
}

/// How many whitespace-separated words `s` has.
#[cfg(feature = "detect")]
pub(crate) fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The host name a brand mention is part of (`northwind-support.com`), if
/// the mention sits inside one.
#[cfg(feature = "detect")]
pub(crate) fn host_around(text: &str, start: usize, end: usize) -> Option<String> {
    let is_host_char = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    let before = text.get(..start)?;
    let s = before
        .char_indices()
        .rev()
        .take(200)
        .take_while(|(_, c)| is_host_char(*c))
        .last()
        .map_or(start, |(i, _)| i);
    let after = text.get(end..)?;
    let e = end
        + after
            .char_indices()
            .take(200)
            .take_while(|(_, c)| is_host_char(*c))
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8());
    let host = text.get(s..e)?.trim_matches(['.', '-']);
    let tld = host.rsplit('.').next()?;
    (host.contains('.') && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic))
        .then(|| host.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The former word split, byte by byte with an "in a word" state: the
    /// reference [`words`] is checked against.
    fn words_reference(text: &str) -> Vec<Word> {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(text.len() / 6);
        let mut start = None;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let (w, len) = if b < 0x80 {
                (b.is_ascii_alphanumeric(), 1)
            } else {
                let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
                (is_word_char(c), c.len_utf8())
            };
            match (w, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    out.push(Word { start: s, end: i });
                    start = None;
                }
                _ => {}
            }
            i += len;
        }
        if let Some(s) = start {
            out.push(Word {
                start: s,
                end: text.len(),
            });
        }
        out
    }

    /// The former extraction: find the end of the run, then read the run
    /// again for whitespace.
    fn extract_two_pass(html: &str) -> Extracted {
        extract_with(
            html,
            |out, html, i| {
                let bytes = html.as_bytes();
                let run_end = bytes
                    .get(i..)
                    .and_then(|r| r.iter().position(|&c| c == b'<' || c == b'&'))
                    .map_or(bytes.len(), |p| i + p);
                out.push_str(html.get(i..run_end).unwrap_or(""));
                run_end
            },
            parse_tag,
            skip_hidden,
        )
    }

    /// The former extraction whole: runs a byte at a time, tags read by
    /// [`parse_tag_reference`], hidden elements skipped by building their
    /// close tag.
    fn extract_former(html: &str) -> Extracted {
        extract_with(
            html,
            Out::push_run_bytewise,
            parse_tag_reference,
            skip_hidden_former,
        )
    }

    /// Text that puts each kind of byte the eight-at-a-time scans look
    /// for (and characters beyond ASCII cut by an eight-byte window) at
    /// every offset from a block start: `pad` ASCII letters, then `tail`.
    fn shifted(tail: &str) -> Vec<String> {
        (0..17).map(|pad| "n".repeat(pad) + tail).collect()
    }

    /// The hostile pages the references are compared on, beside the
    /// corpus: deep nesting, long runs of whitespace of every kind,
    /// references, characters beyond ASCII and cut UTF-8 windows.
    fn hostile_pages() -> Vec<String> {
        let mut pages = vec![
            "<div><span>".repeat(10_000) + "x" + &"</span></div>".repeat(10_000),
            "a\n".repeat(100_000),
            "<p>\u{a0}\u{2003} x\u{3000}&amp;\u{85}y\u{1680}</p>".repeat(1_000),
            "<title> a \u{2028} b &lt; c".to_string() + &"d ".repeat(1_000),
            "&&&<<<>>> \t\r\n\u{b}\u{c}é€😀 ".repeat(1_000),
            "word  two   three \u{a0} four\u{2003}\u{2003}five  ".repeat(500),
            "<p> x  </p> <b> y </b>\n\n <i>  z</i>".repeat(500),
            "\u{200b}\u{202e}Ｎｏｒｔｈ\u{fe0f}wind १२३ ٤٥ ｃａｌｌ\u{e0041} ".repeat(300),
            String::new(),
        ];
        for tail in [
            "  x",
            " \u{a0}y",
            "\u{a0}\u{a0}z",
            "\u{2003}a\u{3000}b",
            "\u{85}\u{1680}c",
            "é€😀\u{e000}",
            "\u{a9}\u{2122}\u{3042} d",
            "\u{200b}\u{202e}e",
            "<b>f</b>",
            "&amp;g",
            "\th\ri",
            "\u{1f600} j ",
            "ab12 cd_34",
            // Tags: quotes, `>` in values, names of every length, hidden
            // elements, comments, NULs, unterminated ends.
            "<div class=\"a>b\" id='c>d'>x</div>",
            "<p title=\">\">y</p><a href=\"x>y\">z</a><area href=u>",
            "<p x\"y=\">\" >w</p><td = \"q>r\">s<th a= =\"b>c\">",
            "<br/><hr / ><img src=a.png alt='é>ü'><input value=a\"b>",
            "<BLOCKQUOTE>q</blockquote><figcaption>f</FIGCAPTION><templates>t",
            "<a:b>c</a:b><h1-x>d<x-y-z-w-v>e<TiTlE>t</title>",
            "<script>if(a<b&&c>d){}</scr</SCRIPT >s<style>p{}</style",
            "<svg><text>hidden</text></svg>shown<template><p>h</template>",
            "<!-->a--><!--->b--><!-- c -- > --!> -->d<!doctype html><?x?>e",
            "\0<p\0>x\0</p\0><\0a>",
            "< p><1><-x><//p>&lt;<",
            "<p class=\"abc",
            "<a href='x",
            "<!-- unterminated",
            "<script>unterminated",
            "<p",
        ] {
            pages.extend(shifted(tail));
            pages.push(shifted(tail).concat());
        }
        pages
    }

    /// The eight-at-a-time extraction gives exactly what the byte-at-a-
    /// time and the two-pass ones gave, the word split what the byte-by-
    /// byte one gave, normalisation what the byte-at-a-time one gave, on
    /// every page, webmail page and email of the corpus and on hostile
    /// pages.
    #[test]
    fn fast_paths_match_references_on_corpus_and_hostile_pages() {
        let mut pages = crate::detect::testing::corpus(&["pages", "webmail", "emails"]);
        assert!(pages.len() > 80, "corpus not found: {}", pages.len());
        pages.extend(hostile_pages());
        for page in &pages {
            let e = extract(page);
            let shown = prefix(page, 200);
            assert_eq!(e, extract_two_pass(page), "{shown}");
            assert_eq!(e, extract_former(page), "{shown}");
            for (at, _) in page.match_indices('<') {
                assert_eq!(
                    parse_tag(page, at),
                    parse_tag_reference(page, at),
                    "{shown}"
                );
            }
            if page.len() < 20_000 {
                for at in 0..page.len() {
                    for after in [false, true] {
                        assert_eq!(
                            skip_plain(page.as_bytes(), at, after),
                            skip_plain_former(page.as_bytes(), at, after),
                            "{at} {shown}"
                        );
                    }
                }
            }
            // The word split and normalisation, on the page's source and
            // on its text.
            for t in [page.as_str(), e.text.as_str()] {
                assert_eq!(words(t), words_reference(t), "{}", prefix(t, 200));
                assert_eq!(words(t), words_two_loops(t), "{}", prefix(t, 200));
                assert_eq!(words(t), words_by_eight(t), "{}", prefix(t, 200));
                #[cfg(feature = "detect")]
                {
                    let (mut fast, mut slow) = (String::new(), String::new());
                    normalize_into(t, &mut fast);
                    normalize_into_bytewise(t, &mut slow);
                    assert_eq!(fast, slow, "{}", prefix(t, 200));
                }
            }
        }
    }

    /// Every listed tag name, in any case, gets the class comparing it
    /// with each list gave.
    #[test]
    fn tag_class_of_every_listed_name() {
        let all = HIDDEN
            .iter()
            .chain(BLOCKS.iter())
            .chain(["td", "th", "blockquote", "a", "span", "scripts"].iter());
        for name in all {
            for n in [
                name.to_string(),
                name.to_ascii_uppercase(),
                format!(
                    "{}{}",
                    prefix(name, 1).to_ascii_uppercase(),
                    name.get(1..).unwrap_or("")
                ),
            ] {
                let class = tag_class(&n);
                assert_eq!(class, tag_class_by_match(&n), "{n}");
                assert_eq!(class & HIDE != 0, one_of(&n, &HIDDEN), "{n}");
                assert_eq!(class & BLOCK != 0, one_of(&n, &BLOCKS), "{n}");
                assert_eq!(class & CELL != 0, one_of(&n, &["td", "th"]), "{n}");
                assert_eq!(class & TITLE != 0, n.eq_ignore_ascii_case("title"), "{n}");
                assert_eq!(
                    class & QUOTE != 0,
                    n.eq_ignore_ascii_case("blockquote"),
                    "{n}"
                );
            }
        }
    }

    #[test]
    fn strips_tags_scripts_and_comments() {
        let html = "<html><head><title>Northwind &amp; Co</title><style>p{color:red}</style>\
            <script>var a = '<p>hidden</p>';</script></head><body><!-- note --><p>Hello&nbsp;there</p>\
            <div>Call <a href=\"tel:+1-202-555-0143\">us</a> or <a href='mailto:support@northwind.example'>mail</a></div>\
            </body></html>";
        let e = extract(html);
        assert_eq!(e.title, "Northwind & Co");
        assert!(e.text.contains("Hello there"), "{:?}", e.text);
        assert!(!e.text.contains("hidden"));
        assert!(!e.text.contains("color"));
        assert!(!e.text.contains("note"));
        assert_eq!(e.links.len(), 2);
        assert_eq!(e.links[0].href, "tel:+1-202-555-0143");
        assert_eq!(e.links[1].href, "mailto:support@northwind.example");
        assert!(e.text[e.links[0].at..].starts_with("us"));
    }

    #[test]
    fn entities_and_literal_angle_brackets() {
        let e = extract("<p>a &lt; b &#x4E; &#78; &bogus; 3 < 4 &amp</p>");
        assert_eq!(e.text, "a < b N N &bogus; 3 < 4 &");
    }

    #[test]
    fn whitespace_beyond_ascii_collapses() {
        // Text runs are scanned by byte: each kind of whitespace character
        // (ASCII, U+0085, U+00A0, U+1680, U+2000 to U+205F, U+3000) must
        // still collapse, and letters with the same lead bytes must not.
        let e = extract(
            "<p>a\u{A0}\u{A0}b\u{2003}c\u{3000}d\u{85}e\u{0B}f\u{1680}g\u{205F}h \u{A9}\u{2122}\u{3042}</p>",
        );
        assert_eq!(e.text, "a b c d e f g h \u{A9}\u{2122}\u{3042}");
    }

    #[test]
    fn blocks_make_lines() {
        let e = extract("<div>one</div><div>two<br>three</div><span>four</span>");
        assert_eq!(e.text, "one\ntwo\nthree\nfour");
    }

    #[test]
    fn unterminated_constructs_end() {
        for html in [
            "<a href=\"x",
            "<!-- open",
            "<script>never closed",
            "<p",
            "&#xFFFFFFFFF;",
            "<a =>x</a>",
        ] {
            let _ = extract(html);
        }
    }

    #[test]
    fn deep_nesting_is_linear() {
        let html = format!(
            "{}Northwind{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(extract(&html).text, "Northwind");
    }

    #[cfg(feature = "detect")]
    #[test]
    fn abbreviations_do_not_end_sentences() {
        let sentence = |t: &str, word: &str| {
            let at = t.find(word).unwrap_or(0);
            let (s, e) = sentence_bounds(t, at, at + word.len());
            t.get(s..e).unwrap_or("").to_string()
        };
        for (t, word, whole) in [
            (
                "Open a Dispute in the PayPal Inc. at billing support team.",
                "billing",
                true,
            ),
            ("Call Contoso Ltd. support now.", "support", true),
            ("Pay with e.g. a gift card today.", "gift", true),
            ("Dr. Smith at 12 Main St. will call.", "call", true),
            ("Made in the U.S. by Northwind Corp. for you.", "you", true),
            ("Ref. No. 4471 was paid.", "paid", false),
            ("We sold the disco. Call us.", "Call", false),
            ("It is done. Call us.", "Call", false),
        ] {
            let got = sentence(t, word);
            if whole {
                assert_eq!(got, t, "{t:?}");
            } else {
                assert_ne!(got, t, "{t:?}");
            }
        }
        assert_eq!(
            sentence("NORTHWIND INC. BILLING", "BILLING"),
            "NORTHWIND INC. BILLING"
        );
    }

    #[test]
    fn normalization() {
        assert_eq!(
            normalize("Ｎｏｒｔｈ\u{200B}wind ١٢٣ ＋１"),
            "Northwind 123 +1"
        );
        assert_eq!(normalize("a\u{202E}b\u{FEFF}c"), "abc");
        // ASCII runs between other characters, with marks inside them.
        let text = "Call \u{200B}Northwind ｓupport: １-844\u{2028}now é.";
        let (out, marks) = normalize_marked(text, &[0, 5, 8, text.len()]);
        assert_eq!(out, "Call Northwind support: 1-844\nnow é.");
        assert_eq!(marks, vec![0, 5, 5, out.len()]);
        assert_eq!(digit_value('\u{0665}'), Some(5));
        assert_eq!(digit_value('x'), None);
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(!looks_like_html("Dear customer, 3 < 4"));
    }

    proptest::proptest! {
        /// Copying ASCII runs whole gives what reading every character does.
        #[test]
        fn normalize_matches_per_character(s in "([a-z0-9 .:-]{0,6}|[\u{80}-\u{3000}]{0,3}|\u{200B}|\u{FF10}){0,30}") {
            let mut slow = String::new();
            for c in s.chars() {
                normalize_char(c, &mut slow);
            }
            proptest::prop_assert_eq!(normalize(&s), slow);
        }

        #[test]
        fn extract_never_panics(s in "(<[a-z/!]{0,3}[^>]{0,8}>?|&#?[a-z0-9]{0,6};?|[^<&]{0,10}){0,40}") {
            let e = extract(&s);
            let _ = normalize(&e.text);
            let _ = words(&e.text);
        }

        /// The one-pass extraction gives exactly what the former one gave
        /// on random HTML-ish input with whitespace beyond ASCII.
        #[test]
        fn one_pass_matches_two_pass(s in "(<[a-zA-Z/!]{0,6}[^>]{0,8}>?|&#?[a-z0-9]{0,6};?|[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{205f}\u{3000}]{0,3}|\\PC{0,10}){0,40}") {
            let e = extract(&s);
            proptest::prop_assert_eq!(&e, &extract_two_pass(&s));
            proptest::prop_assert_eq!(&e, &extract_former(&s));
            for (at, _) in s.match_indices('<') {
                proptest::prop_assert_eq!(parse_tag(&s, at), parse_tag_reference(&s, at));
            }
        }

        /// The eight-at-a-time scans give what the byte-at-a-time ones
        /// gave on text where the bytes they look for (spaces in twos,
        /// whitespace of every kind, `<`, `&`, lead bytes of whitespace
        /// beyond ASCII, letters sharing those lead bytes) fall anywhere
        /// in an eight-byte window, and characters beyond ASCII straddle
        /// windows.
        #[test]
        fn eight_at_a_time_matches_bytewise(s in "([a-zA-Z0-9]{0,9}|[ ]{1,3}|[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{1680}\u{2000}-\u{200f}\u{2028}\u{202e}\u{205f}\u{3000}]{1,2}|[\u{a9}\u{e0}\u{1e00}\u{2122}\u{3042}\u{fe0f}\u{1f600}\u{e0041}]|<[a-zA-Z/]{0,4}>?|&[a-z#0-9]{0,5};?|[.,'_-]){0,40}") {
            let e = extract(&s);
            proptest::prop_assert_eq!(&e, &extract_former(&s));
            for at in 0..s.len() {
                for after in [false, true] {
                    proptest::prop_assert_eq!(
                        skip_plain(s.as_bytes(), at, after),
                        skip_plain_former(s.as_bytes(), at, after)
                    );
                }
            }
            for t in [s.as_str(), e.text.as_str()] {
                proptest::prop_assert_eq!(words(t), words_reference(t));
                #[cfg(feature = "detect")]
                {
                    let (mut fast, mut slow) = (String::new(), String::new());
                    normalize_into(t, &mut fast);
                    normalize_into_bytewise(t, &mut slow);
                    proptest::prop_assert_eq!(fast, slow);
                }
            }
        }

        /// The tag reader, the hidden-element skip and the whole scan give
        /// what the former ones gave on hostile HTML: quotes where values
        /// may or may not start, `>` inside quoted values, names of every
        /// length and case, hidden elements closed or not, comments of
        /// every odd form, NULs, characters beyond ASCII, cut input.
        #[test]
        fn tags_match_former_on_hostile_html(s in "(<[a-zA-Z!/?]{0,2}[a-zA-Z0-9:-]{0,11}([ /=]{0,2}[a-zA-Z\"']{0,3}=?[ ]?(\"[^\"]{0,6}\"?|'[^']{0,6}'?|[^ >]{0,4})){0,3}[ /]?>?|<!--|-->|--!?>|</?(script|STYLE|svg|a|AREA|title|blockquote|template)[ >]?|[^<&]{0,8}|&[a-z#0-9]{0,4};?|\u{0}|é>){0,30}") {
            proptest::prop_assert_eq!(extract(&s), extract_former(&s));
            for (at, _) in s.match_indices('<') {
                proptest::prop_assert_eq!(parse_tag(&s, at), parse_tag_reference(&s, at));
                for name in ["script", "STYLE", "svg", "template"] {
                    proptest::prop_assert_eq!(
                        skip_hidden(&s, at, name),
                        skip_hidden_former(&s, at, name)
                    );
                }
            }
        }

        /// The 64-byte split gives what the byte-by-byte one gives on ASCII
        /// text long enough for it, words crossing every 64-byte boundary,
        /// with a character beyond ASCII in some chunks.
        #[test]
        fn long_ascii_words_match_reference(s in "([a-zA-Z0-9]{0,13}|[ .,'_-]{0,3}){0,60}", odd in "(é|\u{300}|\u{1F600})?", at in 0usize..400) {
            let mut t = s.repeat(3);
            let at = prefix(&t, at).len();
            t.insert_str(at, &odd);
            proptest::prop_assert_eq!(words(&t), words_reference(&t));
        }

        /// A tag's class is what comparing its name with each list
        /// ignoring case said, for listed names in any case and others.
        #[test]
        fn tag_class_matches_one_of(name in "([a-zA-Z0-9]{0,12}|(?i)(script|style|template|svg|p|div|br|td|th|title|blockquote|figcaption|body|h1|li)[a-z]?)") {
            let class = tag_class(&name);
            proptest::prop_assert_eq!(class, tag_class_by_match(&name));
            proptest::prop_assert_eq!(class & HIDE != 0, one_of(&name, &HIDDEN));
            proptest::prop_assert_eq!(class & BLOCK != 0, one_of(&name, &BLOCKS));
            proptest::prop_assert_eq!(class & CELL != 0, one_of(&name, &["td", "th"]));
            proptest::prop_assert_eq!(class & TITLE != 0, name.eq_ignore_ascii_case("title"));
            proptest::prop_assert_eq!(class & QUOTE != 0, name.eq_ignore_ascii_case("blockquote"));
        }

        /// The two-loop word split gives exactly the words the former
        /// byte-by-byte one gave: ASCII, letters and marks beyond it,
        /// whitespace and punctuation beyond it, emoji, at either end.
        #[test]
        fn words_match_reference(s in "([a-zA-Z0-9]{0,5}|[ .,'_-]{0,2}|[\u{80}-\u{3100}]{0,3}|[\u{300}-\u{36f}\u{20d0}\u{fe20}]|\u{1F600}|\\PC{0,4}){0,30}") {
            proptest::prop_assert_eq!(words(&s), words_reference(&s));
            proptest::prop_assert_eq!(words(&s), words_two_loops(&s));
            proptest::prop_assert_eq!(words(&s), words_by_eight(&s));
        }

        /// The block-wise ASCII reader says what `is_ascii` on each word
        /// says, for words asked about in order and out of order.
        #[test]
        fn ascii_words_match_is_ascii(s in "([a-z ]{0,70}|[\u{80}-\u{3100}]{0,2}|\\PC{0,3}){0,12}", order in proptest::collection::vec(0usize..1000, 0..20)) {
            let w = words(&s);
            let mut ascii = AsciiWords::new(&s);
            for word in &w {
                let slow = s.get(word.start..word.end).is_some_and(str::is_ascii);
                proptest::prop_assert_eq!(ascii.is_ascii(*word), slow);
            }
            let mut ascii = AsciiWords::new(&s);
            for k in order {
                if let Some(word) = w.get(k % w.len().max(1)) {
                    let slow = s.get(word.start..word.end).is_some_and(str::is_ascii);
                    proptest::prop_assert_eq!(ascii.is_ascii(*word), slow);
                }
            }
        }

        /// The first word beyond ASCII found by runs is the first word
        /// from each index on whose bytes are not all ASCII (gaps beyond
        /// ASCII between ASCII words, text all beyond ASCII, either end).
        #[test]
        fn first_word_beyond_ascii_matches_is_ascii(s in "([a-z ]{0,70}|[\u{80}-\u{3100}]{0,2}|[a-z]\u{2019}[a-z]|\\PC{0,3}){0,12}") {
            let w = words(&s);
            for i in 0..=w.len() {
                let slow = (i..w.len())
                    .find(|&k| !s.get(w[k].start..w[k].end).is_some_and(str::is_ascii))
                    .unwrap_or(w.len());
                proptest::prop_assert_eq!(first_word_beyond_ascii(&s, &w, i), slow);
            }
        }

        /// Script contents never reach the visible text.
        #[test]
        fn scripts_are_hidden(secret in "[a-z]{8,16}", before in "[a-z ]{0,20}") {
            let html = format!("<p>{before}</p><script>var x = '{secret}';</script><p>after</p>");
            let e = extract(&html);
            proptest::prop_assert!(!e.text.contains(&secret));
            proptest::prop_assert!(e.text.ends_with("after"));
        }

        /// Offsets mapped through normalisation land on character boundaries.
        #[test]
        fn marks_map_to_boundaries(s in "\\PC{0,60}", cut in 0usize..60) {
            let cut = prefix(&s, cut).len();
            let (n, marks) = normalize_marked(&s, &[cut]);
            proptest::prop_assert!(n.is_char_boundary(marks[0]));
        }
    }
}
