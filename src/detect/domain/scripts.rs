//! Whether a label is written in one script, as UTS #39 defines it: the
//! check that tells a name spelt wholly in look-alikes (a confusable) from
//! one that mixes alphabets (`pаypal` with a Cyrillic `а`).
//!
//! A string is single-script when its resolved script set is not empty:
//! the intersection, over its characters, of each character's augmented
//! script set, which is its Script_Extensions (Common and Inherited
//! characters belong to every script) with the three writing systems that
//! combine scripts added (Han with Bopomofo, Japanese, Korean). This is
//! what `unicode_security::MixedScript::is_single_script` computes; that
//! crate brought `unicode-script`'s tables with it, 12 bytes a range for
//! the Script and 40 for Script_Extensions. `scripts_table.rs` (generated
//! by `scripts/gen-scripts.py` from the same tables) holds the same two
//! properties in a few kilobytes, and a test compares the sets here with
//! the crate's on every code point.
//!
//! The packed maps are read into sorted ranges on first use (some 2,000
//! ranges, 16 KB); the check runs only on a label whose fold matched a
//! vendor's name, and stops at the first character that leaves no script
//! in common.

#[path = "scripts_table.rs"]
mod table;

/// A set of scripts: bits 0 to 191 are the scripts by their number in the
/// table, 192 to 194 Han with Bopomofo, Japanese and Korean. Every bit set
/// is "every script" (Common and Inherited).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct ScriptSet([u64; 4]);

const ALL: ScriptSet = ScriptSet([u64::MAX; 4]);
const HAN_WITH_BOPOMOFO: u32 = 192;
const JAPANESE: u32 = 193;
const KOREAN: u32 = 194;

impl ScriptSet {
    fn insert(&mut self, bit: u32) {
        if let Some(word) = self.0.get_mut((bit / 64) as usize) {
            *word |= 1 << (bit % 64);
        }
    }

    #[cfg(test)]
    fn contains(&self, bit: u32) -> bool {
        self.0
            .get((bit / 64) as usize)
            .is_some_and(|word| word & (1 << (bit % 64)) != 0)
    }

    fn is_empty(&self) -> bool {
        self.0 == [0; 4]
    }

    fn intersect(self, other: Self) -> Self {
        let [a, b, c, d] = self.0;
        let [e, f, g, h] = other.0;
        ScriptSet([a & e, b & f, c & g, d & h])
    }

    /// The scripts `scripts` with the writing systems UTS #39 adds:
    /// anything with Han is also Japanese, Korean and Han with Bopomofo;
    /// Hiragana and Katakana are Japanese, Hangul is Korean, Bopomofo is
    /// Han with Bopomofo.
    fn augmented(scripts: &[u8]) -> Self {
        let mut set = ScriptSet([0; 4]);
        for &s in scripts {
            set.insert(u32::from(s));
        }
        let has = |s: u8| scripts.contains(&s);
        if has(table::HAN) {
            set.insert(HAN_WITH_BOPOMOFO);
            set.insert(JAPANESE);
            set.insert(KOREAN);
        }
        if has(table::HIRAGANA) || has(table::KATAKANA) {
            set.insert(JAPANESE);
        }
        if has(table::HANGUL) {
            set.insert(KOREAN);
        }
        if has(table::BOPOMOFO) {
            set.insert(HAN_WITH_BOPOMOFO);
        }
        set
    }
}

/// Whether `s` is single-script: its characters' augmented script sets
/// have a script in common (an empty string is).
pub(super) fn is_single_script(s: &str) -> bool {
    let mut set = ALL;
    for c in s.chars() {
        set = set.intersect(script_set(c));
        if set.is_empty() {
            return false;
        }
    }
    true
}

/// `c`'s augmented script set.
fn script_set(c: char) -> ScriptSet {
    let (scripts, extensions) = maps();
    let ext = lookup(extensions, c);
    if ext != table::NO_EXTENSION {
        return ScriptSet::augmented(extension_set(ext));
    }
    match lookup(scripts, c) {
        table::COMMON | table::INHERITED => ALL,
        // Unassigned: no script at all.
        u8::MAX => ScriptSet([0; 4]),
        script => ScriptSet::augmented(&[script]),
    }
}

/// The two packed maps read once into (start, value) ranges, sorted.
#[allow(clippy::type_complexity)]
fn maps() -> &'static (Vec<(u32, u8)>, Vec<(u32, u8)>) {
    static MAPS: std::sync::OnceLock<(Vec<(u32, u8)>, Vec<(u32, u8)>)> = std::sync::OnceLock::new();
    MAPS.get_or_init(|| {
        (
            unpack(&table::SCRIPT_STARTS, &table::SCRIPTS),
            unpack(&table::EXTENSION_STARTS, &table::EXTENSIONS),
        )
    })
}

/// A map of LEB128 range starts and one byte per range as (start, value).
fn unpack(starts: &[u8], values: &[u8]) -> Vec<(u32, u8)> {
    let mut out = Vec::with_capacity(values.len());
    let mut starts = crate::detect::packed::running_sums(starts);
    let mut start = 0u32;
    for &v in values {
        start = starts.next().unwrap_or(start);
        out.push((start, v));
    }
    out
}

/// The value of the range holding `c` (each range runs to the next one's
/// start, the last to the end of the code space).
fn lookup(map: &[(u32, u8)], c: char) -> u8 {
    let c = u32::from(c);
    let i = map.partition_point(|&(start, _)| start <= c);
    i.checked_sub(1)
        .and_then(|i| map.get(i))
        .map_or(u8::MAX, |&(_, v)| v)
}

/// The scripts of extension set `index` in [`table::EXTENSION_SETS`].
fn extension_set(index: u8) -> &'static [u8] {
    let sets = &table::EXTENSION_SETS[..];
    let mut at = 0usize;
    for _ in 0..index {
        at += 1 + usize::from(sets.get(at).copied().unwrap_or(0));
    }
    let n = usize::from(sets.get(at).copied().unwrap_or(0));
    sets.get(at + 1..at + 1 + n).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_security::mixed_script::AugmentedScriptSet;
    use unicode_security::MixedScript as _;

    /// `set` as the crate's: "every script", or the scripts by number with
    /// the three writing systems.
    fn as_crate(set: ScriptSet) -> (bool, Vec<u8>, [bool; 3]) {
        let aug = [
            set.contains(HAN_WITH_BOPOMOFO),
            set.contains(JAPANESE),
            set.contains(KOREAN),
        ];
        if set == ALL {
            return (true, vec![], aug);
        }
        let scripts = (0..192u8).filter(|&s| set.contains(u32::from(s))).collect();
        (false, scripts, aug)
    }

    fn of_crate(set: AugmentedScriptSet) -> (bool, Vec<u8>, [bool; 3]) {
        let aug = [set.hanb, set.jpan, set.kore];
        if set.is_all() {
            return (true, vec![], aug);
        }
        let mut scripts: Vec<u8> = set.base.iter().map(|s| s as u8).collect();
        scripts.sort_unstable();
        (false, scripts, aug)
    }

    /// Every code point's augmented script set equals the crate's, so the
    /// intersection over any string does too.
    #[test]
    fn every_code_point_has_the_crates_script_set() {
        let mut differ = Vec::new();
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let ours = as_crate(script_set(c));
            let theirs = of_crate(AugmentedScriptSet::for_char(c));
            if ours != theirs {
                differ.push(format!("U+{:04X}: {ours:?} != {theirs:?}", u32::from(c)));
            }
        }
        assert!(
            differ.is_empty(),
            "{} code points differ, first: {:?}",
            differ.len(),
            differ.iter().take(5).collect::<Vec<_>>()
        );
    }

    #[test]
    fn labels_read_as_the_crate_reads_them() {
        for label in [
            "",
            "paypal",
            "p\u{430}yp\u{430}l",    // Cyrillic а in Latin
            "\u{440}\u{430}\u{443}", // all Cyrillic
            "\u{3b1}pple",           // Greek alpha in Latin
            "北京",                  // Han
            "東京タワー",            // Han and Katakana: Japanese
            "서울시청",              // Hangul
            "한국漢字",              // Hangul and Han: Korean
            "ㄅ中",                  // Bopomofo and Han
            "ㄅあ",                  // Bopomofo and Hiragana: none
            "1-2_3",                 // Common only
            "e\u{301}t\u{e9}",       // combining mark (Inherited)
            "a\u{378}",              // unassigned
            "\u{660}\u{661}\u{627}", // Arabic-Indic digits with Arabic
            "\u{660}a",              // Arabic-Indic digit with Latin
            "\u{b7}l",               // middle dot (extensions) with Latin
            "ab\u{30fc}",            // prolonged sound mark with Latin
            "\u{30fc}\u{3042}",      // prolonged sound mark with Hiragana
        ] {
            assert_eq!(
                is_single_script(label),
                label.is_single_script(),
                "{label:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn random_strings_read_as_the_crate_reads_them(
            s in proptest::collection::vec(
                proptest::prop_oneof![
                    0x20u32..0x250,
                    0x370u32..0x530,
                    0x3000u32..0x3100,
                    0x4E00u32..0x4E20,
                    0xAC00u32..0xAC10,
                    0u32..0x110000,
                ],
                0..6,
            )
        ) {
            let s: String = s.into_iter().filter_map(char::from_u32).collect();
            proptest::prop_assert_eq!(is_single_script(&s), s.as_str().is_single_script());
        }
    }
}
