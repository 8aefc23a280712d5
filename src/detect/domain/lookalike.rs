//! Look-alike tests on a single DNS label against a single brand name.
//!
//! The rules follow what Chromium's lookalike-URL checks learned in the field:
//! compare UTS #39 skeletons rather than raw characters (after dropping
//! accents and reading hooked, stroked and small-capital letters as their
//! letter, which the skeleton leaves alone), allow edit-distance
//! matches only for names long enough that one letter is not a different
//! word (and never for short ones), and treat "brand + word" as an attack
//! only when the word is one scammers actually pair with a brand (support,
//! billing, login...). `northwindtraders` is somebody else's name; its
//! `northwind` is reported as a mention, not as an imitation.
//!
//! One edit away counts on any suffix (`northwimd.example`, `northwing.com`):
//! the neighbours of a long brand name are nearly all typo-squats. The one
//! exception is the plain plural on another suffix (`northwinds.com`),
//! which is as often someone's ordinary business name; on the vendor's own
//! suffix it counts, and so it does for a brand of several words
//! (`acmeguards.com` for "Acme Guard").

use std::borrow::Cow;

use super::letters::LETTERS;
use super::Technique;

/// Brand names shorter than this are only matched whole: as a substring,
/// four letters turn up inside ordinary words.
pub(super) const MIN_CONTAINED_LEN: usize = 4;

/// Brand names shorter than this get no edit-distance matching: every
/// one-letter change of a short name is somebody else's word.
pub(super) const MIN_EDIT_LEN: usize = 5;

/// Brand names shorter than this are not matched by two look-alike letters
/// (`morthwimd` for `northwind`): in a short name two changed letters make
/// another word.
pub(super) const MIN_LOOKALIKE_LEN: usize = 7;

/// Words scammers pair with a brand (`northwind-support`, `mynorthwind`,
/// `northwindbilling`). Generic words of the vendor's brand terms and the
/// official suffixes are added to these per directory.
pub(super) const COMBO_WORDS: &[&str] = &[
    "support",
    "help",
    "helpdesk",
    "helpline",
    "desk",
    "billing",
    "bill",
    "bills",
    "refund",
    "refunds",
    "renew",
    "renewal",
    "renewals",
    "login",
    "logon",
    "signin",
    "sign",
    "secure",
    "security",
    "safe",
    "account",
    "accounts",
    "acct",
    "verify",
    "verification",
    "verified",
    "validate",
    "service",
    "services",
    "svc",
    "care",
    "contact",
    "contacts",
    "customer",
    "customers",
    "client",
    "clients",
    "center",
    "centre",
    "team",
    "online",
    "official",
    "update",
    "updates",
    "portal",
    "payment",
    "payments",
    "pay",
    "invoice",
    "invoices",
    "subscription",
    "subscriptions",
    "subscribe",
    "cancel",
    "cancellation",
    "unlock",
    "recovery",
    "recover",
    "reset",
    "alert",
    "alerts",
    "auth",
    "id",
    "my",
    "www",
    "web",
    "app",
    "apps",
    "tech",
    "technical",
    "assist",
    "assistance",
    "chat",
    "call",
    "phone",
    "number",
    "hotline",
    "activate",
    "activation",
    "download",
    "downloads",
    "install",
    "license",
    "licence",
    "key",
    "store",
    "shop",
    "buy",
    "order",
    "orders",
    "claim",
    "protect",
    "protection",
    "antivirus",
    "av",
    "hq",
    "us",
    "usa",
    "uk",
    "info",
    "mail",
    "email",
    "agent",
    "live",
    "now",
    "desk",
    "team",
    "the",
    "get",
    "go",
    "net",
    "site",
    "page",
    "home",
    "cloud",
    "inc",
    "corp",
    "co",
    "com",
    "org",
    "new",
    "helpcenter",
    "mobile",
    "access",
    "member",
    "members",
    "user",
    "users",
    "password",
    "pass",
    "confirm",
    "notice",
    "notify",
    "warning",
    "fix",
    "repair",
    "remote",
];

/// Words that are not brand names on their own even when a brand term
/// contains them ("Northwind *Security*", "Northwind *Antivirus*").
pub(super) const GENERIC_WORDS: &[&str] = &[
    "security",
    "antivirus",
    "anti",
    "virus",
    "malware",
    "software",
    "systems",
    "system",
    "technologies",
    "technology",
    "solutions",
    "group",
    "company",
    "limited",
    "global",
    "international",
    "digital",
    "network",
    "networks",
    "internet",
    "premium",
    "total",
    "free",
    "suite",
    "defender",
    "firewall",
    "shield",
    "guard",
    "business",
    "enterprise",
    "edition",
    "labs",
    "products",
    "product",
    "cyber",
    "pro",
    "plus",
    "and",
    "for",
    "with",
    "llc",
    "ltd",
    "gmbh",
    "corporation",
    "incorporated",
];

/// A successful look-alike test: which trick, and how, in plain words that
/// complete "… is not a Vendor domain; it …".
#[derive(Debug)]
pub(super) struct Hit {
    pub technique: Technique,
    pub how: String,
}

impl Hit {
    fn new(technique: Technique, how: String) -> Hit {
        Hit { technique, how }
    }
}

/// The combination words, in both their plain and folded forms.
#[derive(Debug, Default)]
pub(super) struct Keywords {
    words: Vec<String>,
}

impl Keywords {
    pub(super) fn add(&mut self, word: &str) {
        for form in [word.to_owned(), fold(word)] {
            if !form.is_empty() && !self.words.contains(&form) {
                self.words.push(form);
            }
        }
    }

    /// Whether `part` is a run of keywords, possibly with digits between.
    /// Returns `Some(true)` if it used a keyword, `Some(false)` if it is
    /// only digits, `None` if some of it is not a keyword.
    fn segment(&self, part: &str) -> Option<bool> {
        let bytes = part.as_bytes();
        if bytes.iter().all(u8::is_ascii_digit) {
            return Some(false);
        }
        // reach[i]: part[..i] is keywords and digits. Labels are at most 63
        // bytes, so this is small and bounded.
        let n = bytes.len();
        if n > 64 {
            return None;
        }
        let mut reach = [false; 65];
        reach[0] = true;
        for i in 0..n {
            if !reach.get(i).copied().unwrap_or(false) {
                continue;
            }
            let rest = bytes.get(i..).unwrap_or_default();
            if rest.first().is_some_and(u8::is_ascii_digit) {
                if let Some(r) = reach.get_mut(i + 1) {
                    *r = true;
                }
            }
            let first = rest.first();
            for w in &self.words {
                // The first byte alone rules out most words, without a
                // call to compare the rest.
                if w.as_bytes().first() == first && rest.starts_with(w.as_bytes()) {
                    if let Some(r) = reach.get_mut(i + w.len()) {
                        *r = true;
                    }
                }
            }
        }
        reach.get(n).copied().unwrap_or(false).then_some(true)
    }
}

/// Maps a label to a canonical look-alike form: what a reader sees, in
/// ASCII where it can be. Non-ASCII text goes through [`read_as_latin`]
/// (accents and other marks dropped, letters with strokes, hooks or small
/// capitals read as their letter) and then the UTS #39 skeleton, lowercased;
/// then the ASCII homoglyphs people read past (`rn`→`m`, `vv`→`w`, `cl`→`d`,
/// `0`→`o`, `1`→`l`). Two labels with the same fold look the same to a
/// reader.
pub(super) fn fold(label: &str) -> String {
    let base: Cow<'_, str> = if label.is_ascii() {
        Cow::Borrowed(label)
    } else {
        let latin = read_as_latin(label);
        if latin.is_ascii() {
            Cow::Owned(latin)
        } else {
            Cow::Owned(
                crate::detect::confusables::skeleton(&latin)
                    .chars()
                    .flat_map(char::to_lowercase)
                    .collect(),
            )
        }
    };
    let mut out = String::with_capacity(base.len());
    let mut chars = base.chars().peekable();
    while let Some(c) = chars.next() {
        let pair = match (c, chars.peek()) {
            ('r', Some('n')) => Some('m'),
            ('v', Some('v')) => Some('w'),
            ('c', Some('l')) => Some('d'),
            _ => None,
        };
        if let Some(p) = pair {
            out.push(p);
            chars.next();
            continue;
        }
        out.push(match c {
            '0' => 'o',
            '1' | '|' => 'l',
            _ => c,
        });
    }
    out
}

/// Combining marks that sit on a letter as accents, dots, carons,
/// cedillas, strokes or overlays: the generic diacritic blocks. Marks of
/// particular scripts (Devanagari vowel signs, Hebrew points) are not
/// among them; they are part of the letters of those scripts.
fn is_diacritic(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// What a reader takes a lowercase label for, before the UTS #39 skeleton:
/// `nörthwíňd`, `nørthwind`, `ꞑorthwind` and `ɴorthwind` all read as
/// `northwind`, and Cyrillic `п` as `n`. The skeleton alone keeps the
/// accents (UTS #39 compares them as written) and has no entry for most
/// letters with strokes, hooks or descenders, nor for small capitals; so
/// this drops diacritics after NFD and reads the remaining letters through
/// the table in `letters.rs`, as browsers' spoof checks do before they take
/// the skeleton.
pub(super) fn read_as_latin(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for c in crate::unicode::nfd(label).chars() {
        if c.is_ascii() {
            out.push(c);
        } else if is_diacritic(c) {
            continue;
        } else if let Ok(i) = LETTERS.binary_search_by_key(&c, |(l, _)| *l) {
            if let Some((_, reading)) = LETTERS.get(i) {
                out.extend(reading.iter().filter(|b| **b != 0).map(|b| char::from(*b)));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether [`fold`] could change this (ASCII) text; a cheap pre-check.
///
/// One pass over the bytes: every host is asked this, for each label and
/// for the whole name, and three substring searches cost more than the
/// fold they spare.
pub(super) fn may_fold(s: &str) -> bool {
    let mut previous = 0u8;
    for &b in s.as_bytes() {
        if !b.is_ascii()
            || matches!(b, b'0' | b'1' | b'|')
            || matches!((previous, b), (b'r', b'n') | (b'v', b'v') | (b'c', b'l'))
        {
            return true;
        }
        previous = b;
    }
    false
}

/// Whether byte `h` reads as letter `b`: the same, or a digit written for
/// it (`0` for `o`, `1` for `i` or `l`...).
fn reads_as(h: u8, b: u8) -> bool {
    h == b
        || matches!(
            (h, b),
            (b'0', b'o')
                | (b'1', b'i' | b'l')
                | (b'3', b'e')
                | (b'4', b'a')
                | (b'5', b's')
                | (b'7', b't')
                | (b'8', b'b')
                | (b'9', b'g')
        )
}

/// Finds `needle` in `hay` where digits may stand for letters. Labels are
/// at most 63 bytes, so the quadratic scan is small.
fn find_reading(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    if needle.is_empty() || needle.len() > hay.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).find(|&start| {
        hay.get(start..start + needle.len())
            .is_some_and(|window| window.iter().zip(needle).all(|(h, b)| reads_as(*h, *b)))
    })
}

/// Levenshtein distance exactly one (one substitution, insertion or deletion).
pub(super) fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => a.iter().zip(b).filter(|(x, y)| x != y).count() == 1,
        1 => {
            let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short.get(prefix..) == long.get(prefix + 1..)
        }
        _ => false,
    }
}

/// Two adjacent letters swapped (`nrothwind` for `northwind`).
pub(super) fn adjacent_swap<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diffs: Vec<usize> = a
        .iter()
        .zip(b)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i)
        .take(3)
        .collect();
    match diffs.as_slice() {
        [i, j] if *j == i + 1 => a.get(*i) == b.get(*j) && a.get(*j) == b.get(*i),
        _ => false,
    }
}

/// Single letters that pass for each other at a glance (either way round).
/// The pairs folded away already (`0`/`o`, `1`/`l`) are not repeated.
const SIMILAR: &[(char, char)] = &[
    ('n', 'm'),
    ('n', 'r'),
    ('b', 'd'),
    ('c', 'e'),
    ('g', 'q'),
    ('u', 'v'),
    ('i', 'l'),
    ('i', 'j'),
    ('3', '8'),
    ('6', '9'),
];

/// Two letters that pass for one (`lh` for `h`), beyond those [`fold`]
/// merges (`rn`, `vv`, `cl`).
pub(super) const SIMILAR_PAIRS: &[(char, char, char)] = &[
    ('l', 'h', 'h'),
    ('l', 'c', 'k'),
    ('l', 'b', 'b'),
    ('d', 'l', 'd'),
    ('n', 'n', 'm'),
    ('r', 'n', 'm'),
    ('c', 'l', 'd'),
    ('v', 'v', 'w'),
];

fn similar(x: char, y: char) -> bool {
    // A letter that is not ASCII standing where the brand has an ASCII
    // letter: nothing folded it, but in a name otherwise spelt like the
    // brand it is there to look like that letter.
    (!x.is_ascii() && x.is_alphabetic() && y.is_ascii_alphanumeric())
        || SIMILAR
            .iter()
            .any(|&(a, b)| (a == x && b == y) || (a == y && b == x))
}

/// Whether `s` is the brand `b` with at most two letters (or letter pairs)
/// replaced by look-alikes, and nothing else changed: `morthwimd`,
/// `n0rthwlnd`, `nortlhwinb`. Each look-alike costs one, any other edit
/// more than the budget of two. Names of the same length are compared
/// letter for letter; otherwise a small table on the stack is filled, and
/// only when the longer name holds enough pairs that read as one letter.
pub(super) fn looks_like(s: &str, b: &str) -> bool {
    const BUDGET: u8 = 2;
    const MAX: usize = 64;
    let (n, m) = (s.chars().count(), b.chars().count());
    if s == b || n > MAX || m > MAX || n + 2 < m || m + 2 < n {
        return false;
    }
    // Same length: the look-alikes are letter for letter, in place.
    if n == m {
        let mut changed = 0;
        for (x, y) in s.chars().zip(b.chars()) {
            if x != y {
                if !similar(x, y) {
                    return false;
                }
                changed += 1;
            }
        }
        return changed <= BUDGET;
    }
    // Otherwise the longer one must hold a pair that stands for one letter
    // (`lh`, `rn`...) for each letter of difference: most labels do not.
    let longer = if n > m { s } else { b };
    if !holds_pairs(longer.as_bytes(), n.abs_diff(m)) {
        return false;
    }
    within_budget(s, b, n, m)
}

/// Whether `text` holds at least `wanted` [`SIMILAR_PAIRS`] (each place
/// where two neighbouring letters are one of the pairs counts once).
///
/// Read in one pass over the bytes, stopping once enough are found: every
/// letter of the table is ASCII, and in UTF-8 a byte below 0x80 is always
/// a character of its own, so two neighbouring ASCII bytes are two
/// neighbouring characters. The former count (`looks_like_former` in the
/// tests) walked the characters once for each pair of the table; on the
/// labels close enough in length to a brand to be asked at all, it was
/// most of the cost of a host check.
fn holds_pairs(text: &[u8], wanted: usize) -> bool {
    let mut found = 0;
    for pair in text.windows(2) {
        if found >= wanted {
            break;
        }
        let &[x, y] = pair else { continue };
        let (x, y) = (char::from(x), char::from(y));
        if SIMILAR_PAIRS.iter().any(|&(p0, p1, _)| p0 == x && p1 == y) {
            found += 1;
        }
    }
    found >= wanted
}

/// The table behind [`looks_like`] for names of different lengths. Kept
/// out of line: its frame is several kilobytes, which every call of the
/// caller would otherwise pay for.
#[inline(never)]
fn within_budget(s: &str, b: &str, n: usize, m: usize) -> bool {
    const BUDGET: u8 = 2;
    const OVER: u8 = BUDGET + 1;
    const MAX: usize = 64;
    let mut sv = ['\0'; MAX];
    let mut bv = ['\0'; MAX];
    for (slot, c) in sv.iter_mut().zip(s.chars()) {
        *slot = c;
    }
    for (slot, c) in bv.iter_mut().zip(b.chars()) {
        *slot = c;
    }
    let (s, b) = (
        sv.get(..n).unwrap_or_default(),
        bv.get(..m).unwrap_or_default(),
    );
    const W: usize = MAX + 1;
    // cost[i * W + j]: cheapest way to read s[..i] as b[..j]. Every step
    // moves i and j together or one of them by one more, so with a budget
    // of two only cells near the diagonal are reachable.
    let mut cost = [OVER; W * W];
    let at = |i: usize, j: usize| i * W + j;
    if let Some(c) = cost.get_mut(0) {
        *c = 0;
    }
    for i in 0..=n {
        for j in i.saturating_sub(2)..=(i + 2).min(m) {
            let here = cost.get(at(i, j)).copied().unwrap_or(OVER);
            if here >= OVER {
                continue;
            }
            let mut relax = |ni: usize, nj: usize, step: u8| {
                if let Some(c) = cost.get_mut(at(ni, nj)) {
                    *c = (*c).min(here + step);
                }
            };
            let (x, y) = (s.get(i).copied(), b.get(j).copied());
            if let (Some(x), Some(y)) = (x, y) {
                if x == y {
                    relax(i + 1, j + 1, 0);
                } else if similar(x, y) {
                    relax(i + 1, j + 1, 1);
                }
            }
            let (x2, y2) = (s.get(i + 1).copied(), b.get(j + 1).copied());
            for &(p0, p1, one) in SIMILAR_PAIRS {
                // Two letters of the label for one of the brand, or one
                // letter of the label for two of the brand.
                if x == Some(p0) && x2 == Some(p1) && y == Some(one) {
                    relax(i + 2, j + 1, 1);
                }
                if x == Some(one) && y == Some(p0) && y2 == Some(p1) {
                    relax(i + 1, j + 2, 1);
                }
            }
        }
    }
    cost.get(at(n, m)).is_some_and(|&c| c <= BUDGET)
}

/// What surrounds a brand name inside a label.
enum Rest {
    /// Only keywords (and digits): `northwind-support`, `mynorthwind24`.
    Words(String),
    /// Only digits and hyphens: `northwind-1`.
    Digits,
}

/// Classifies what is left of `s` once `s[start..start + len]` is removed.
fn rest_of(s: &str, start: usize, len: usize, keywords: &Keywords) -> Option<Rest> {
    let left = s.get(..start)?;
    let right = s.get(start + len..)?;
    let mut words: Vec<&str> = Vec::new();
    for part in left.split(['-', '_']).chain(right.split(['-', '_'])) {
        if part.is_empty() {
            continue;
        }
        if keywords.segment(part)? {
            words.push(part);
        }
    }
    if words.is_empty() {
        Some(Rest::Digits)
    } else {
        Some(Rest::Words(words.join("\", \"")))
    }
}

/// Where the label stands relative to the official domain the brand comes
/// from, for telling a TLD swap from a plain use of the name.
pub(super) struct Context<'a> {
    /// The public suffix of the host being checked, e.g. `com`.
    pub host_suffix: &'a str,
    /// The suffix of the official domain whose label the brand is, if it
    /// is one (`example` for `northwind.example`).
    pub official_suffix: Option<&'a str>,
    /// The brand's plural on another suffix may be someone's ordinary
    /// business name (`northwinds.com`). Not so for a brand of several
    /// words that spell the vendor's domain (`acmeguards.com`).
    pub plural_is_a_name: bool,
}

fn without_separators(s: &str) -> Cow<'_, str> {
    if s.contains(['-', '_']) {
        Cow::Owned(s.chars().filter(|c| !matches!(c, '-' | '_')).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// Tests one label `s` (lowercase) against one brand name `b`.
pub(super) fn match_label(s: &str, b: &str, keywords: &Keywords, cx: &Context<'_>) -> Option<Hit> {
    use Technique::*;
    if b.is_empty() {
        return None;
    }
    if s == b {
        return Some(match cx.official_suffix {
            Some(official) if official != cx.host_suffix => Hit::new(
                TldSwap,
                format!(
                    "uses the name {b} with .{} instead of .{official}",
                    cx.host_suffix
                ),
            ),
            _ => Hit::new(
                Combosquat,
                format!("uses the name {b} under .{}", cx.host_suffix),
            ),
        });
    }
    // Cheap rejection: most labels share nothing with the brand.
    let close_in_length = s.len() + 2 >= b.len() && s.len() <= b.len() + 2;
    let has_tricks = s
        .bytes()
        .any(|c| c.is_ascii_digit() || c == b'-' || c == b'_');
    if !close_in_length && !has_tricks && (b.len() < MIN_CONTAINED_LEN || !s.contains(b)) {
        return None;
    }

    let plain = without_separators(s);
    if plain == b {
        return Some(Hit::new(
            HyphenOrDigit,
            format!("splits the name {b} with hyphens"),
        ));
    }
    let has_digits = plain.bytes().any(|c| c.is_ascii_digit());
    if has_digits && plain.len() == b.len() && find_reading(&plain, b) == Some(0) {
        return Some(Hit::new(
            HyphenOrDigit,
            format!("spells the name {b} with digits for letters"),
        ));
    }
    if plain.trim_matches(|c: char| c.is_ascii_digit()) == b {
        return Some(Hit::new(
            HyphenOrDigit,
            format!("adds digits to the name {b}"),
        ));
    }
    if b.len() >= MIN_EDIT_LEN {
        // Bytes for ASCII; characters when a letter nothing folds is left.
        let (swap, edit) = if plain.is_ascii() && b.is_ascii() {
            let (p, q) = (plain.as_bytes(), b.as_bytes());
            (adjacent_swap(p, q), one_edit(p, q))
        } else {
            let p: Vec<char> = plain.chars().collect();
            let q: Vec<char> = b.chars().collect();
            (adjacent_swap(&p, &q), one_edit(&p, &q))
        };
        if swap {
            return Some(Hit::new(
                Transposition,
                format!("swaps two letters of the name {b}"),
            ));
        }
        if edit {
            let same_suffix = cx.official_suffix == Some(cx.host_suffix);
            let plural = plain
                .strip_prefix(b)
                .is_some_and(|tail| tail == "s" || tail == "es");
            // `northwinds.com` is as likely a different business as a trap;
            // on the vendor's own suffix it is a trap.
            if same_suffix || !plural || !cx.plural_is_a_name {
                return Some(Hit::new(
                    Typo,
                    format!("is one letter away from the name {b}"),
                ));
            }
        }
        if b.len() >= MIN_LOOKALIKE_LEN && looks_like(&plain, b) {
            return Some(Hit::new(
                Confusable,
                format!("writes the name {b} with letters that look like its own"),
            ));
        }
    }
    if b.len() < MIN_CONTAINED_LEN {
        return None;
    }
    if let Some(start) = s.find(b) {
        return match rest_of(s, start, b.len(), keywords)? {
            Rest::Words(words) => Some(Hit::new(
                Combosquat,
                format!("adds \"{words}\" to the name {b}"),
            )),
            Rest::Digits => Some(Hit::new(
                HyphenOrDigit,
                format!("adds digits or hyphens to the name {b}"),
            )),
        };
    }
    let found = plain.find(b).or_else(|| {
        if has_digits {
            find_reading(&plain, b)
        } else {
            None
        }
    });
    if let Some(start) = found {
        if rest_of(&plain, start, b.len(), keywords).is_some() {
            return Some(Hit::new(
                HyphenOrDigit,
                format!("hides the name {b} with hyphens or digits"),
            ));
        }
    }
    // A misspelt brand plus a keyword: `nortwind-support`.
    if b.len() >= MIN_EDIT_LEN && s.contains('-') {
        let tokens: Vec<&str> = s.split('-').filter(|t| !t.is_empty()).collect();
        for (i, t) in tokens.iter().enumerate() {
            let swap = adjacent_swap(t.as_bytes(), b.as_bytes());
            if !(swap || one_edit(t.as_bytes(), b.as_bytes())) {
                continue;
            }
            let others: Option<Vec<bool>> = tokens
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, o)| keywords.segment(o))
                .collect();
            if others.is_some_and(|o| o.contains(&true)) {
                let technique = if swap { Transposition } else { Typo };
                return Some(Hit::new(
                    technique,
                    format!("misspells the name {b} as {t} and adds a support word"),
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`holds_pairs`] reads bytes: exact only while every pair is ASCII
    /// (an ASCII byte in UTF-8 is always a character of its own) and no
    /// pair is listed twice (each place matches at most one).
    #[test]
    fn similar_pairs_are_ascii_and_distinct() {
        for (k, &(a, b, one)) in SIMILAR_PAIRS.iter().enumerate() {
            assert!(a.is_ascii() && b.is_ascii() && one.is_ascii(), "{a}{b}");
            let later = SIMILAR_PAIRS.get(k + 1..).unwrap_or(&[]);
            assert!(
                !later.iter().any(|&(x, y, _)| x == a && y == b),
                "{a}{b} twice"
            );
        }
    }
    #[test]
    fn folding() {
        assert_eq!(fold("nοrthwind"), "northwind");
        assert_eq!(fold("northvvind"), "northwind");
        assert_eq!(fold("rnodern"), "modem");
        assert_eq!(fold("n0rthw1nd"), "northwlnd");
    }

    #[test]
    fn reading_as_latin() {
        assert_eq!(read_as_latin("nörthwíňd"), "northwind");
        assert_eq!(read_as_latin("nørthwinđ"), "northwind");
        assert_eq!(read_as_latin("ꞑoʀthᴡınd"), "northwind");
        assert_eq!(read_as_latin("northwi\u{043F}d"), "northwind");
        assert_eq!(read_as_latin("æther"), "aether");
        // Letters of other scripts keep their own marks.
        assert_eq!(read_as_latin("हिंदी"), "हिंदी");
        assert_eq!(fold("nörthwind"), "northwind");
        assert_eq!(fold("ɴοrthwind"), "northwind");
    }

    /// [`looks_like`] as it was, counting the pairs once per pair of the
    /// table over the characters: the reference the one-pass count is
    /// compared with.
    fn looks_like_former(s: &str, b: &str) -> bool {
        const BUDGET: u8 = 2;
        const MAX: usize = 64;
        let (n, m) = (s.chars().count(), b.chars().count());
        if s == b || n > MAX || m > MAX || n + 2 < m || m + 2 < n {
            return false;
        }
        if n == m {
            let mut changed = 0;
            for (x, y) in s.chars().zip(b.chars()) {
                if x != y {
                    if !similar(x, y) {
                        return false;
                    }
                    changed += 1;
                }
            }
            return changed <= BUDGET;
        }
        let longer = if n > m { s } else { b };
        let pairs = SIMILAR_PAIRS
            .iter()
            .map(|&(p0, p1, _)| {
                longer
                    .chars()
                    .zip(longer.chars().skip(1))
                    .filter(|&(x, y)| x == p0 && y == p1)
                    .count()
            })
            .sum::<usize>();
        if pairs < n.abs_diff(m) {
            return false;
        }
        within_budget(s, b, n, m)
    }

    /// The words (runs of letters, digits and hyphens) of every corpus
    /// page, webmail page and email and of the look-alike suites' lists,
    /// lowercased, each once.
    fn corpus_labels() -> Vec<String> {
        let mut texts = crate::detect::testing::corpus(&["pages", "webmail", "emails"]);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lookalike");
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            if let Ok(s) = std::fs::read_to_string(entry.path()) {
                texts.push(s);
            }
        }
        let mut out: Vec<String> = texts
            .iter()
            .flat_map(|t| {
                t.split(|c: char| !(c.is_alphanumeric() || c == '-'))
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect::<Vec<_>>()
            })
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Brand names to compare with: the demo's, others of the suites, one
    /// made of the pairs' letters and one beyond ASCII.
    const BRANDS: &[&str] = &[
        "northwind",
        "acmeguard",
        "contoso",
        "fabrikam",
        "microsoft",
        "paypal",
        "hellobank",
        "dlrnvvlh",
        "nərthwind",
    ];

    /// `b` with one or two letters written as look-alikes: a letter for a
    /// similar one, or a pair for the letter it passes for (`lh` for `h`),
    /// with a letter added or dropped too: the names where the pair count
    /// decides.
    fn disguises(b: &str) -> Vec<String> {
        let once = |w: &str| -> Vec<String> {
            let cs: Vec<char> = w.chars().collect();
            let mut out = Vec::new();
            for (i, &c) in cs.iter().enumerate() {
                let (head, tail) = (&cs[..i], &cs[i + 1..]);
                let mut swaps: Vec<String> = Vec::new();
                for &(p0, p1, one) in SIMILAR_PAIRS {
                    if one == c {
                        swaps.push(format!("{p0}{p1}"));
                    }
                }
                for &(x, y) in SIMILAR {
                    if x == c {
                        swaps.push(y.to_string());
                    } else if y == c {
                        swaps.push(x.to_string());
                    }
                }
                swaps.push(String::new());
                swaps.push(format!("{c}{c}"));
                for r in swaps {
                    out.push(
                        head.iter().collect::<String>() + &r + &tail.iter().collect::<String>(),
                    );
                }
            }
            out
        };
        let first = once(b);
        let mut all: Vec<String> = first.iter().flat_map(|w| once(w)).collect();
        all.extend(first);
        all.sort();
        all.dedup();
        all
    }

    #[test]
    fn looks_like_matches_former_on_disguised_brands() {
        let mut yes = 0;
        for &b in BRANDS {
            for d in disguises(b) {
                let got = looks_like(&d, b);
                assert_eq!(got, looks_like_former(&d, b), "{d} {b}");
                assert_eq!(looks_like(b, &d), looks_like_former(b, &d), "{b} {d}");
                yes += usize::from(got);
            }
        }
        assert!(yes > 100, "{yes}");
    }

    #[test]
    fn looks_like_matches_former_on_corpus_labels() {
        let labels = corpus_labels();
        assert!(labels.len() > 1000, "{}", labels.len());
        let mut yes = 0;
        for label in &labels {
            let plain = without_separators(label);
            for &b in BRANDS {
                let got = looks_like(&plain, b);
                assert_eq!(got, looks_like_former(&plain, b), "{plain} {b}");
                assert_eq!(
                    looks_like(b, &plain),
                    looks_like_former(b, &plain),
                    "{b} {plain}"
                );
                yes += usize::from(got);
            }
        }
        assert!(yes > 0, "no look-alike among the corpus labels");
    }

    #[test]
    fn look_alike_letters() {
        assert!(looks_like("morthwimd", "northwind"));
        assert!(looks_like("nortlhwinb", "northwind"));
        assert!(looks_like("northwinb", "northwind"));
        assert!(looks_like("nərthwind", "northwind"));
        assert!(!looks_like("northwind", "northwind"));
        assert!(!looks_like("northwold", "northwind"));
        assert!(!looks_like("morthwimb", "northwind"), "three look-alikes");
        assert!(
            !looks_like("nortwimd", "northwind"),
            "a dropped letter is no look-alike"
        );
        assert!(!looks_like("n", "northwind"));
    }

    #[test]
    fn distances() {
        assert!(one_edit(b"northwimd", b"northwind"));
        assert!(one_edit(b"nortwind", b"northwind"));
        assert!(one_edit(b"northwinds", b"northwind"));
        assert!(!one_edit(b"northwood", b"northwind"));
        assert!(!one_edit(b"northwind", b"northwind"));
        assert!(adjacent_swap(b"nrothwind", b"northwind"));
        assert!(!adjacent_swap(b"northwind", b"northwind"));
        assert!(!adjacent_swap(b"nrothwnid", b"northwind"));
    }

    #[test]
    fn segmenting() {
        let mut k = Keywords::default();
        for w in COMBO_WORDS {
            k.add(w);
        }
        assert_eq!(k.segment("helpdesk"), Some(true));
        assert_eq!(k.segment("accountverify"), Some(true));
        assert_eq!(k.segment("support24"), Some(true));
        assert_eq!(k.segment("2024"), Some(false));
        assert_eq!(k.segment("traders"), None);
    }

    proptest::proptest! {
        /// The one-pass pair count answers as the former count, on names
        /// made of the pairs' letters, other letters and characters beyond
        /// ASCII, against the brands and against each other.
        #[test]
        fn looks_like_matches_former(
            s in "(lh|lc|lb|dl|nn|rn|cl|vv|[a-z]|[0-9-]|é|ı|\u{0433}|\u{1F600}){0,14}",
            t in "(lh|lc|lb|dl|nn|rn|cl|vv|[a-z]|é|ı){0,12}",
        ) {
            for b in BRANDS.iter().copied().chain([t.as_str()]) {
                proptest::prop_assert_eq!(looks_like(&s, b), looks_like_former(&s, b), "{} {}", s, b);
                proptest::prop_assert_eq!(looks_like(b, &s), looks_like_former(b, &s), "{} {}", b, s);
            }
        }

        /// The same on a brand with two letters replaced at random by
        /// look-alike letters, pairs, nothing or characters beyond ASCII.
        #[test]
        fn looks_like_matches_former_on_random_disguises(
            b in proptest::sample::select(BRANDS),
            i in 0usize..12,
            j in 0usize..12,
            r in proptest::sample::select(&["lh", "lc", "lb", "dl", "nn", "rn", "cl", "vv", "m", "d", "", "é", "ı"][..]),
            q in proptest::sample::select(&["lh", "rn", "vv", "h", "l", "", "ə"][..]),
        ) {
            let put = |w: &str, k: usize, x: &str| -> String {
                w.chars().enumerate().map(|(n, c)| if n == k { x.to_owned() } else { c.to_string() }).collect()
            };
            let d = put(&put(b, i, r), j, q);
            proptest::prop_assert_eq!(looks_like(&d, b), looks_like_former(&d, b), "{} {}", d, b);
            proptest::prop_assert_eq!(looks_like(b, &d), looks_like_former(b, &d), "{} {}", b, d);
        }

        /// The one-pass pre-check says yes wherever the fold changes the
        /// text, and answers as the three substring searches it replaced.
        #[test]
        fn may_fold_is_exact(s in "(rn|vv|cl|[a-z]|[0-9|.-]){0,12}|.{0,12}") {
            let before = !s.is_ascii()
                || s.contains(['0', '1', '|'])
                || s.contains("rn")
                || s.contains("vv")
                || s.contains("cl");
            proptest::prop_assert_eq!(may_fold(&s), before, "{}", s);
            if !may_fold(&s) {
                proptest::prop_assert_eq!(fold(&s), s.clone());
            }
        }
    }
}
