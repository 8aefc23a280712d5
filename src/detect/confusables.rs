//! The UTS #39 confusable skeleton, from tables of the engine's own.
//!
//! Brand matching and look-alike domains compare skeletons: two strings
//! with the same skeleton look the same to a reader. `unicode_security`
//! computes the same skeleton, but keeps its 6,712 prototypes as
//! `(char, &[char])` pairs, 12 bytes an entry plus 4 a character on wasm32,
//! pointers that barely compress; that table was the largest single item
//! in the extension's package. `confusables_table.rs` holds the same data
//! packed (a sorted `u32` code point, a `u16` end offset and one UTF-8
//! string of prototypes), generated from the crate's tables by
//! `scripts/gen-confusables.py`. The tests check that this skeleton equals
//! the crate's on every code point, so nothing detection compares moves.

use unicode_normalization::UnicodeNormalization;

#[path = "confusables_table.rs"]
mod table;

/// The skeleton of `s` as UTS #39 defines it: NFD, default-ignorable code
/// points dropped, each character replaced by its prototype, NFD again.
pub fn skeleton(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .nfd()
        .filter(|&c| !default_ignorable(c))
        .flat_map(prototype)
        .nfd()
}

/// One character's prototype: itself when it has none.
enum Prototype {
    Itself(Option<char>),
    Mapped(core::str::Chars<'static>),
}

impl Iterator for Prototype {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        match self {
            Prototype::Itself(c) => c.take(),
            Prototype::Mapped(chars) => chars.next(),
        }
    }
}

fn prototype(c: char) -> Prototype {
    let Ok(i) = table::KEYS.binary_search(&u32::from(c)) else {
        return Prototype::Itself(Some(c));
    };
    let start = match i.checked_sub(1) {
        Some(p) => table::ENDS.get(p).copied().unwrap_or(0),
        None => 0,
    };
    let end = table::ENDS.get(i).copied().unwrap_or(0);
    match table::PROTOTYPES.get(usize::from(start)..usize::from(end)) {
        Some(p) => Prototype::Mapped(p.chars()),
        // Unreachable with the generated table (the tests read every entry);
        // a broken table leaves the character as it is.
        None => Prototype::Itself(Some(c)),
    }
}

fn default_ignorable(c: char) -> bool {
    let c = u32::from(c);
    table::DEFAULT_IGNORABLE
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                core::cmp::Ordering::Less
            } else if lo > c {
                core::cmp::Ordering::Greater
            } else {
                core::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The engine's skeleton is the crate's on every code point, one at a
    /// time (every prototype, every default-ignorable, every character
    /// NFD changes) and in the strings detection folds.
    #[test]
    fn skeleton_equals_unicode_security_on_every_code_point() {
        let mut differ = Vec::new();
        let mut buf = [0u8; 4];
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let s = c.encode_utf8(&mut buf);
            if !skeleton(s).eq(unicode_security::skeleton(s)) {
                differ.push(c);
            }
        }
        assert!(differ.is_empty(), "skeletons differ for {differ:X?}");
    }

    #[test]
    fn skeleton_equals_unicode_security_on_strings() {
        for s in [
            "",
            "northwind",
            "Nоrthwіnd Supроrt",
            "paypa\u{217C}.com",
            "\u{13AA}\u{13A2}\u{13B5}",
            "a\u{200B}b\u{00AD}c",
            "ﬁnance ℌello 𝐍𝐨𝐫𝐭𝐡",
            "公式サイト",
            "Ǆ\u{0301}é\u{0327}",
        ] {
            assert!(
                skeleton(s).eq(unicode_security::skeleton(s)),
                "skeletons differ for {s:?}"
            );
        }
    }

    #[test]
    fn table_is_sorted_and_offsets_grow() {
        assert!(table::KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(table::ENDS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(
            table::ENDS.last().map(|&e| usize::from(e)),
            Some(table::PROTOTYPES.len())
        );
        assert!(table::KEYS.iter().all(|&k| char::from_u32(k).is_some()));
    }
}
