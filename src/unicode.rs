//! Every Unicode normalisation the crate does, in one place.
//!
//! Natively (the CLI, the tests, the benchmarks) normalisation comes from
//! Rust's own tables (`unicode-normalization`, cargo feature `nfc-tables`).
//! The wasm packages run where `String.prototype.normalize` exists (the
//! extension's service worker or event page, the verify page), so they are
//! built without the feature and ask the host instead: the tables were some
//! 64 KB of the gzipped extension package (docs/benchmarks.md). Both
//! implement the same algorithm, and the normalisation stability policy
//! makes them agree on every character both Unicode versions assign; a
//! character newer than the browser knows passes through unchanged, so it
//! can only fail to match a vendor name, never match one wrongly.
//!
//! Crossing into JavaScript costs far more than a table look-up, and a page
//! of Japanese holds hundreds of thousands of non-ASCII characters. So the
//! per-character forms the detection engine asks for (NFKC and canonical
//! decomposition of one character, whether a character is a combining mark)
//! are memoised: each is a pure function of the character, and a page uses
//! a few thousand distinct characters at most. Whole-string forms (NFC of a
//! message body, NFKC and NFD of a host label) are asked once per string,
//! and ASCII, which every form leaves alone, never crosses.

/// Unicode NFC (the body digest and the recipient binding,
/// `src/notice/canon.rs`).
pub(crate) fn nfc(text: &str) -> String {
    imp::nfc(text)
}

/// Unicode NFKC of a whole string (host labels, `detect::domain::idn`).
#[cfg(feature = "detect")]
pub(crate) fn nfkc(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    imp::nfkc(text)
}

/// Unicode NFD of a whole string (look-alike labels, the confusable
/// skeleton). One character at a time is memoised in the wasm build.
#[cfg(feature = "detect")]
pub(crate) fn nfd(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_ascii() {
        return std::borrow::Cow::Borrowed(text);
    }
    imp::nfd(text)
}

/// Calls `f` with each character of the NFKC form of `c` (the text the
/// detectors read, `detect::text::normalize`).
#[cfg(feature = "detect")]
pub(crate) fn nfkc_char(c: char, f: impl FnMut(char)) {
    if c.is_ascii() {
        let mut f = f;
        f(c);
        return;
    }
    imp::nfkc_char(c, f);
}

/// Calls `f` with each character of the full canonical decomposition of `c`
/// (accent-insensitive cue matching, `detect::lang`).
#[cfg(feature = "detect")]
pub(crate) fn decompose_canonical(c: char, f: impl FnMut(char)) {
    if c.is_ascii() {
        let mut f = f;
        f(c);
        return;
    }
    imp::decompose_canonical(c, f);
}

/// Whether `c` is a combining mark (general category M).
#[cfg(feature = "detect")]
pub(crate) fn is_combining_mark(c: char) -> bool {
    !c.is_ascii() && imp::is_combining_mark(c)
}

#[cfg(feature = "nfc-tables")]
mod imp {
    use unicode_normalization::UnicodeNormalization as _;

    pub(super) fn nfc(text: &str) -> String {
        text.nfc().collect()
    }

    #[cfg(feature = "detect")]
    pub(super) fn nfkc(text: &str) -> String {
        text.nfkc().collect()
    }

    #[cfg(feature = "detect")]
    pub(super) fn nfd(text: &str) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Owned(text.nfd().collect())
    }

    #[cfg(feature = "detect")]
    pub(super) fn nfkc_char(c: char, f: impl FnMut(char)) {
        core::iter::once(c).nfkc().for_each(f);
    }

    #[cfg(feature = "detect")]
    pub(super) fn decompose_canonical(c: char, f: impl FnMut(char)) {
        unicode_normalization::char::decompose_canonical(c, f);
    }

    #[cfg(feature = "detect")]
    pub(super) fn is_combining_mark(c: char) -> bool {
        unicode_normalization::char::is_combining_mark(c)
    }
}

#[cfg(all(not(feature = "nfc-tables"), target_arch = "wasm32"))]
mod imp {
    pub(super) fn nfc(text: &str) -> String {
        crate::wasm::host_nfc(text)
    }

    #[cfg(feature = "detect")]
    pub(super) use memo::{decompose_canonical, is_combining_mark, nfd, nfkc, nfkc_char};

    #[cfg(feature = "detect")]
    mod memo {
        use std::borrow::Cow;
        use std::cell::RefCell;
        use std::collections::HashMap;

        /// Distinct characters remembered per form before the memo starts
        /// again: a bound on memory for a page that uses every code point.
        const MAX_ENTRIES: usize = 1 << 16;

        #[derive(Default)]
        struct Memo {
            nfkc: HashMap<char, Box<str>>,
            nfd: HashMap<char, Box<str>>,
            marks: HashMap<char, bool>,
        }

        thread_local! {
            static MEMO: RefCell<Memo> = RefCell::new(Memo::default());
        }

        /// Calls `then` with the `form` of `c`, asking the host only the
        /// first time. `then` must not normalise (the memo is borrowed).
        fn remembered<R>(
            table: fn(&mut Memo) -> &mut HashMap<char, Box<str>>,
            c: char,
            form: &str,
            then: impl FnOnce(&str) -> R,
        ) -> R {
            MEMO.with(|memo| {
                let mut memo = memo.borrow_mut();
                let map = table(&mut memo);
                if let Some(s) = map.get(&c) {
                    return then(s);
                }
                let mut buf = [0u8; 4];
                let s = crate::wasm::host_normalize(c.encode_utf8(&mut buf), form);
                let r = then(&s);
                if map.len() >= MAX_ENTRIES {
                    map.clear();
                }
                map.insert(c, s.into());
                r
            })
        }

        pub(crate) fn nfkc(text: &str) -> String {
            crate::wasm::host_normalize(text, "NFKC")
        }

        pub(crate) fn nfd(text: &str) -> Cow<'_, str> {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => Cow::Owned(remembered(|m| &mut m.nfd, c, "NFD", str::to_string)),
                _ => Cow::Owned(crate::wasm::host_normalize(text, "NFD")),
            }
        }

        pub(crate) fn nfkc_char(c: char, f: impl FnMut(char)) {
            remembered(|m| &mut m.nfkc, c, "NFKC", |s| s.chars().for_each(f));
        }

        pub(crate) fn decompose_canonical(c: char, f: impl FnMut(char)) {
            // NFD of one character is its full canonical decomposition:
            // decomposition mappings are already in canonical order.
            remembered(|m| &mut m.nfd, c, "NFD", |s| s.chars().for_each(f));
        }

        pub(crate) fn is_combining_mark(c: char) -> bool {
            MEMO.with(|memo| {
                let mut memo = memo.borrow_mut();
                if let Some(&m) = memo.marks.get(&c) {
                    return m;
                }
                let m = crate::wasm::host_is_mark(c);
                if memo.marks.len() >= MAX_ENTRIES {
                    memo.marks.clear();
                }
                memo.marks.insert(c, m);
                m
            })
        }
    }
}

#[cfg(all(not(feature = "nfc-tables"), not(target_arch = "wasm32")))]
mod imp {
    compile_error!("native builds need the `nfc-tables` feature (on by default)");
}

#[cfg(all(test, feature = "detect"))]
mod tests {
    use super::*;

    #[test]
    fn forms_of_hostile_text() {
        assert_eq!(nfkc("ＮＯＲＴＨ𝐰𝐢𝐧𝐝"), "NORTHwind");
        assert_eq!(nfd("é"), "e\u{301}");
        assert_eq!(nfc("e\u{301}"), "é");
        let mut s = String::new();
        nfkc_char('ﬁ', |c| s.push(c));
        assert_eq!(s, "fi");
        s.clear();
        decompose_canonical('ǘ', |c| s.push(c));
        assert_eq!(s, "u\u{308}\u{301}");
        assert!(is_combining_mark('\u{301}'));
        assert!(!is_combining_mark('a') && !is_combining_mark('é'));
    }
}
