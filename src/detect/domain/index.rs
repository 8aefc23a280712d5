//! Which vendors a host could concern, without classifying it against each.
//!
//! A customer may trust a hundred vendors; classifying every host on a
//! page against a hundred [`DomainMatcher`]s is a hundred times the work of
//! one. [`HostIndex`] keeps what every matcher compares a host with (official
//! domains and their skeletons, registrable domains, email hosts, brand
//! names) in maps, and answers in a few lookups which vendors a host
//! *could* be official for, imitate, or otherwise say something about.
//!
//! The answer is a superset, never a guess: every test of
//! [`DomainMatcher::classify_host`] that can find something needs a
//! condition the index checks more loosely.
//!
//! * Official, owned, shared and email hosts, an official domain embedded in
//!   the subdomains, the whole host spelled with look-alikes: some run of
//!   the host's labels (as written or folded) *is* one of those names.
//! * A brand split across labels: a run of labels, joined, is a brand.
//! * A label that contains a brand (as written, folded, without hyphens,
//!   with digits for letters): a window of the label is the brand.
//! * One letter changed, added, dropped or swapped (in the label without
//!   hyphens, or in one hyphenated token): the two share a spelling with at
//!   most one letter deleted from each.
//! * Up to two look-alike letters or letter pairs ([`super::lookalike`]'s
//!   `looks_like`): of the same length, at most two letters differ, so one
//!   of the name's three thirds is in the label, in its place; of a length
//!   one or two apart, the longer holds a letter pair that reads as one
//!   letter for each letter more.
//!
//! No key is a string: each spelling of a label is read once into
//! polynomial numbers ([`Spelling`]), from which the number of any window,
//! deletion or run of labels takes a multiplication or two, so a lookup
//! builds nothing. Equal spellings give equal numbers; two spellings that
//! share a number only add a vendor whose engine then finds nothing.
//!
//! Most lookups find nothing, so the index first asks cheaper questions:
//! whether any key has the length of the run or token, starts with the
//! window's first two letters, or has its bit set in a small bit set of
//! every key; look-alike letters are compared only with names within two
//! letters of the label's length. Each of these is exact (a key that fails
//! it is in no map), so the answer stays a superset.
//!
//! Hosts that are not plain ASCII names (IDN labels, full-width or invisible
//! characters) and links with userinfo are rare and are what look-alike
//! tricks are made of: for those every vendor is a candidate.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lookalike::{looks_like, MIN_LOOKALIKE_LEN, SIMILAR_PAIRS};
use super::{DomainMatcher, ParsedHost};

/// Most labels looked at; a longer host concerns every vendor.
const MAX_LABELS: usize = 16;

/// A fast hash for the short keys of the index (a multiply-rotate per
/// byte): the keys are the vendors' own names, not chosen by an attacker,
/// and a lookup per window of every label is the index's main cost.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Maps keyed by spellings as numbers ([`Spelling`], [`segment_key`]),
/// hashed with [`KeyHasher`].
type Keyed = HashMap<u64, Vec<u32>, BuildHasherDefault<KeyHasher>>;

/// What a host says about the vendors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Every vendor could be concerned.
    pub all: bool,
    /// The vendors (as numbered when added) the host could concern.
    pub vendors: Vec<u32>,
}

impl Candidates {
    /// Whether `vendor` is listed already.
    fn has(&self, vendor: u32) -> bool {
        self.vendors.contains(&vendor)
    }

    /// Adds vendors not yet listed.
    pub fn add_all(&mut self, vendors: &[u32]) {
        for &v in vendors {
            if !self.vendors.contains(&v) {
                self.vendors.push(v);
            }
        }
    }
}

/// A brand name of one vendor, for the look-alike letter test.
#[derive(Debug)]
struct BrandEntry {
    vendor: u32,
    name: String,
    /// Occurrences of letter pairs that read as one letter (`rn`, `lh`).
    similar_pairs: usize,
}

/// A set of lengths: a key of a length not in it is in no map.
#[derive(Debug, Default)]
struct Lengths([u64; 4]);

impl Lengths {
    fn insert(&mut self, len: usize) {
        if let Some(w) = self.0.get_mut(len / 64) {
            *w |= 1 << (len % 64);
        }
    }

    /// Lengths of 256 bytes and more are always "maybe".
    fn has(&self, len: usize) -> bool {
        self.0
            .get(len / 64)
            .map_or(true, |w| w & (1 << (len % 64)) != 0)
    }
}

/// A set of byte pairs.
#[derive(Debug)]
struct Bigrams(Vec<u64>);

impl Default for Bigrams {
    fn default() -> Self {
        Bigrams(vec![0; 1024])
    }
}

impl Bigrams {
    /// A character as a byte for this set: beyond U+00FF all share one
    /// slot, which only lets more windows through.
    fn byte(c: char) -> usize {
        usize::from(u8::try_from(u32::from(c)).unwrap_or(u8::MAX))
    }

    /// The slot of a spelling starting `a`, `b` (`b` absent at the end).
    fn at(a: char, b: Option<char>) -> usize {
        Self::byte(a) << 8 | b.map_or(0, Self::byte)
    }

    fn insert(&mut self, k: usize) {
        if let Some(w) = self.0.get_mut(k / 64) {
            *w |= 1 << (k % 64);
        }
    }

    /// Adds the start of `key`; a key of one character is found by its
    /// first character alone, whatever follows it.
    fn insert_start(&mut self, key: &[char]) {
        match key {
            [a, b, ..] => self.insert(Self::at(*a, Some(*b))),
            [a] => {
                for b in 0..=usize::from(u8::MAX) {
                    self.insert(Self::byte(*a) << 8 | b);
                }
            }
            [] => {}
        }
    }

    fn has(&self, a: char, b: Option<char>) -> bool {
        let k = Self::at(a, b);
        self.0
            .get(k / 64)
            .map_or(true, |w| w & (1 << (k % 64)) != 0)
    }
}

/// Host names and brand names of many vendors, indexed.
///
/// Every key is a [`Spelling`] number, not a string: a host is looked up
/// without building a string for any run, window or deletion.
#[derive(Debug, Default)]
pub struct HostIndex {
    /// Official domains (ASCII and folded), their hyphenated forms,
    /// registrable domains owned or shared, email hosts.
    names: Keyed,
    /// Brand names as written and folded, their reading with digits for
    /// letters ([`canon`]) and without hyphens: for whole runs of labels.
    brands: Keyed,
    /// Brand names read with digits for letters and without hyphens: for
    /// windows of a label read the same way. Whatever window of the label
    /// as written, without hyphens or read with digits is a brand or one
    /// of its readings, the label read both ways has a window that is the
    /// brand read both ways (both readings keep the others' windows), so
    /// one reading of the label is scanned, not four.
    windows: Keyed,
    /// Lengths (characters) of the keys of `windows`.
    window_lens: Vec<usize>,
    /// Brand names and every spelling with one letter deleted.
    deletions: Keyed,
    /// The long names' thirds ([`segment_key`]), to the entries of `long`.
    segments: Keyed,
    /// Every key of the five maps above, as bits: most lookups find
    /// nothing, and the bit says so before the map is probed.
    maybe: KeyBits,
    /// The first two characters of the keys of `windows`: a window that
    /// starts otherwise is no brand, and is not looked up.
    window_starts: Bigrams,
    /// Lengths (characters) of the keys of `names`, `brands` and
    /// `deletions`: a run or token of another length is not looked up.
    name_lens: Lengths,
    brand_run_lens: Lengths,
    deletion_lens: Lengths,
    /// Brand names long enough for the look-alike letter test.
    long: Vec<BrandEntry>,
    /// The entries of `long` by length in characters (up to 66).
    long_by_len: Vec<Vec<u32>>,
    /// The most `similar_pairs` of an entry of each length: a label
    /// shorter by more letters than that cannot look like any of them.
    most_pairs_by_len: Vec<usize>,
}

/// A set of numbers kept as bits of their hashes: a number not in it is in
/// no map of the index; one in it may be.
#[derive(Debug)]
struct KeyBits(Vec<u64>);

/// `KeyBits` holds 2^17 bits (16 KiB): a vendor has some tens to a few
/// hundred keys (most of them one-letter deletions), so with a hundred
/// vendors most bits stay clear.
const KEY_BITS: u32 = 17;

impl Default for KeyBits {
    fn default() -> Self {
        KeyBits(vec![0; 1 << (KEY_BITS - 6)])
    }
}

impl KeyBits {
    fn slot(key: u64) -> usize {
        (key.wrapping_mul(0x9e6c_63d0_676a_9a99) >> (64 - KEY_BITS)) as usize
    }

    fn insert(&mut self, key: u64) {
        let k = Self::slot(key);
        if let Some(w) = self.0.get_mut(k / 64) {
            *w |= 1 << (k % 64);
        }
    }

    fn has(&self, key: u64) -> bool {
        let k = Self::slot(key);
        self.0
            .get(k / 64)
            .map_or(true, |w| w & (1 << (k % 64)) != 0)
    }
}

/// Adds `vendor` under `key`, once; an empty key names nothing.
pub(crate) fn push<S: std::hash::BuildHasher>(
    map: &mut HashMap<String, Vec<u32>, S>,
    key: String,
    vendor: u32,
) {
    if key.is_empty() {
        return;
    }
    let list = map.entry(key).or_default();
    if !list.contains(&vendor) {
        list.push(vendor);
    }
}

/// Digits read as the letters they stand for, and `i`/`l` as one letter:
/// a name found with digits for letters is found in this reading.
fn canon(s: &str) -> String {
    s.chars().map(canon_char).collect()
}

fn without_separators(s: &str) -> String {
    s.chars().filter(|&c| !is_separator(c)).collect()
}

/// `s` and every spelling of it with one character deleted.
fn with_deletions(s: &str) -> Vec<Vec<char>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = vec![chars.clone()];
    for i in 0..chars.len() {
        let mut d = chars.clone();
        d.remove(i);
        out.push(d);
    }
    out
}

/// How many adjacent letter pairs of `chars` read as one letter, in one
/// pass (a label's pairs are counted for every label of some lengths).
fn similar_pairs_in(chars: &[char]) -> usize {
    let mut count = 0;
    let mut previous: Option<char> = None;
    for &c in chars {
        if let Some(p) = previous {
            if SIMILAR_PAIRS.iter().any(|&(p0, p1, _)| p0 == p && p1 == c) {
                count += 1;
            }
        }
        previous = Some(c);
    }
    count
}

/// Where the thirds of a name of `n` characters start and end: a label
/// of the same length with at most two letters changed has at least one
/// of its three thirds exactly as the name has it.
fn thirds(n: usize) -> [(usize, usize); 3] {
    let (a, b) = (n / 3, 2 * n / 3);
    [(0, a), (a, b), (b, n)]
}

/// The key of third `k` (numbered 0 to 2, its [`Spelling`] number
/// `window`) of a name or label of `n` characters.
fn segment_key(window: u64, n: usize, k: usize) -> u64 {
    window ^ ((n as u64) << 2 | k as u64).wrapping_mul(0xd6e8_feb8_6659_fd93)
}

/// Most characters of a spelling the index reads from a label (a DNS
/// label has at most 63); a longer one concerns every vendor.
const MAX_SPELLING: usize = 64;

/// The base of [`Spelling`] numbers (odd, so no power of it is zero).
const SPELLING_BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// `SPELLING_BASE` to the powers 0 to `MAX_SPELLING`.
const POWERS: [u64; MAX_SPELLING + 1] = {
    let mut p = [1u64; MAX_SPELLING + 1];
    let mut k = 1;
    while k <= MAX_SPELLING {
        p[k] = p[k - 1].wrapping_mul(SPELLING_BASE);
        k += 1;
    }
    p
};

/// A spelling's number from the polynomial of its characters (`h`) and its
/// length.
fn spelling_key(h: u64, len: usize) -> u64 {
    h ^ (len as u64).wrapping_mul(0x2545_f491_4f6c_dd1d)
}

/// The number of a whole spelling, as [`Spelling`] gives it.
fn key_of(chars: &[char]) -> u64 {
    let h = chars.iter().fold(0u64, |h, &c| {
        h.wrapping_mul(SPELLING_BASE).wrapping_add(u64::from(c))
    });
    spelling_key(h, chars.len())
}

/// A spelling of a label (as written, without hyphens, with digits read
/// as letters) and the numbers of its windows and one-letter deletions.
///
/// Looking each window and each deletion up by a string built for it was
/// most of the index's cost with many vendors. Here the spelling's prefix
/// polynomials (`c_0 B^(k-1) + ... + c_(k-1)`, wrapping) are taken once, in
/// arrays on the stack, and the number of any window or deletion is two
/// of them and a power of `B` ([`Self::window`], [`Self::deletion`]), equal
/// to [`key_of`] on that spelling. Equal spellings give equal numbers, so
/// every name the strings found is found; two different spellings may
/// give one number, which only adds a vendor whose engine then finds
/// nothing. The answer stays a superset.
struct Spelling {
    chars: [char; MAX_SPELLING],
    /// `prefix[k]`: the polynomial of the first `k` characters.
    prefix: [u64; MAX_SPELLING + 1],
    len: usize,
}

impl Spelling {
    fn new() -> Spelling {
        Spelling {
            chars: ['\0'; MAX_SPELLING],
            prefix: [0; MAX_SPELLING + 1],
            len: 0,
        }
    }

    /// Reads `chars`; false (and nothing read) if there are too many.
    fn set<I: Iterator<Item = char>>(&mut self, chars: I) -> bool {
        self.len = 0;
        let mut h = 0u64;
        for c in chars {
            let (Some(slot), Some(p)) = (
                self.chars.get_mut(self.len),
                self.prefix.get_mut(self.len + 1),
            ) else {
                self.len = 0;
                return false;
            };
            *slot = c;
            h = h.wrapping_mul(SPELLING_BASE).wrapping_add(u64::from(c));
            *p = h;
            self.len += 1;
        }
        true
    }

    fn chars(&self) -> &[char] {
        self.chars.get(..self.len).unwrap_or_default()
    }

    fn prefix(&self, k: usize) -> u64 {
        self.prefix.get(k).copied().unwrap_or(0)
    }

    /// The number of the `m` characters from `i`.
    fn window(&self, i: usize, m: usize) -> u64 {
        let power = POWERS.get(m).copied().unwrap_or(0);
        let h = self
            .prefix(i + m)
            .wrapping_sub(self.prefix(i).wrapping_mul(power));
        spelling_key(h, m)
    }

    /// The number of the whole spelling.
    fn whole(&self) -> u64 {
        spelling_key(self.prefix(self.len), self.len)
    }

    /// The number of the spelling without its character `i`: the
    /// characters before it, moved up one place less, and those after it.
    fn deletion(&self, i: usize) -> u64 {
        let n = self.len;
        let power = POWERS.get(n.saturating_sub(i + 1)).copied().unwrap_or(0);
        let h = self.prefix(n).wrapping_add(
            self.prefix(i)
                .wrapping_sub(self.prefix(i + 1))
                .wrapping_mul(power),
        );
        spelling_key(h, n.saturating_sub(1))
    }
}

/// A label as a [`Spelling`] polynomial and its length in characters.
#[derive(Clone, Copy, Debug, Default)]
struct Part {
    poly: u64,
    len: usize,
    /// Whether this is a fold that differs from the label as written.
    folds: bool,
}

impl Part {
    fn of(label: &str) -> Part {
        let mut len = 0;
        let poly = label.chars().fold(0u64, |h, c| {
            len += 1;
            h.wrapping_mul(SPELLING_BASE).wrapping_add(u64::from(c))
        });
        Part {
            poly,
            len,
            folds: false,
        }
    }
}

/// A run of labels, joined with dots (as a domain name) and without them
/// (as a brand split across labels), each as a polynomial and a length:
/// a label more is the run's polynomial moved up by the label's length
/// (and the dot's) plus the label's own.
#[derive(Debug, Default)]
struct Run {
    dotted: u64,
    dotted_len: usize,
    joined: u64,
    joined_len: usize,
    started: bool,
    /// Whether a label of the run folds.
    folds: bool,
}

impl Run {
    /// Adds a label (at most [`MAX_SPELLING`] characters) at the end.
    fn extend(&mut self, part: &Part) {
        let shift = POWERS.get(part.len).copied().unwrap_or(0);
        if self.started {
            self.dotted = self
                .dotted
                .wrapping_mul(SPELLING_BASE)
                .wrapping_add(u64::from('.'))
                .wrapping_mul(shift)
                .wrapping_add(part.poly);
            self.dotted_len += 1 + part.len;
        } else {
            self.dotted = part.poly;
            self.dotted_len = part.len;
        }
        self.joined = self.joined.wrapping_mul(shift).wrapping_add(part.poly);
        self.joined_len += part.len;
        self.started = true;
        self.folds |= part.folds;
    }
}

/// The maps of [`HostIndex`] keyed by numbers.
#[derive(Clone, Copy)]
enum Map {
    Names,
    Brands,
    Windows,
    Deletions,
    Segments,
}

/// Digits read as the letters they stand for, and `i`/`l` as one letter
/// ([`canon`] of one character).
fn canon_char(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | 'l' | '|' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        c => c,
    }
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '_')
}

impl HostIndex {
    /// Adds what `matcher` compares hosts with, for vendor number `vendor`.
    pub fn add(&mut self, vendor: u32, matcher: &DomainMatcher) {
        let officials = matcher
            .officials
            .iter()
            .flat_map(|o| [&o.domain, &o.folded, &o.hyphenated]);
        let others = matcher
            .owned
            .iter()
            .chain(&matcher.shared)
            .chain(&matcher.email_hosts);
        for name in officials.chain(others) {
            let chars: Vec<char> = name.chars().collect();
            if !chars.is_empty() {
                self.name_lens.insert(chars.len());
                self.push(Map::Names, key_of(&chars), vendor);
            }
        }
        for b in &matcher.brands {
            for name in [&b.token, &b.folded] {
                for form in [name.clone(), canon(name), without_separators(name)] {
                    let chars: Vec<char> = form.chars().collect();
                    if !chars.is_empty() {
                        self.brand_run_lens.insert(chars.len());
                        self.push(Map::Brands, key_of(&chars), vendor);
                    }
                }
                let read: Vec<char> = canon(&without_separators(name)).chars().collect();
                if !read.is_empty() {
                    if !self.window_lens.contains(&read.len()) {
                        self.window_lens.push(read.len());
                    }
                    self.window_starts.insert_start(&read);
                    self.push(Map::Windows, key_of(&read), vendor);
                }
                if !name.is_empty() {
                    for d in with_deletions(name).into_iter().filter(|d| !d.is_empty()) {
                        self.deletion_lens.insert(d.len());
                        self.push(Map::Deletions, key_of(&d), vendor);
                    }
                }
                if name.len() >= MIN_LOOKALIKE_LEN {
                    self.add_long(vendor, name);
                }
            }
        }
    }

    /// Adds a brand name long enough for the look-alike letter test.
    fn add_long(&mut self, vendor: u32, name: &str) {
        let chars: Vec<char> = name.chars().collect();
        let n = chars.len();
        let id = u32::try_from(self.long.len()).unwrap_or(u32::MAX);
        for (k, (a, b)) in thirds(n).into_iter().enumerate() {
            let third = chars.get(a..b).unwrap_or_default();
            self.push(Map::Segments, segment_key(key_of(third), n, k), id);
        }
        while self.long_by_len.len() <= n {
            self.long_by_len.push(Vec::new());
            self.most_pairs_by_len.push(0);
        }
        if let Some(list) = self.long_by_len.get_mut(n) {
            list.push(id);
        }
        let pairs = similar_pairs_in(&chars);
        if let Some(most) = self.most_pairs_by_len.get_mut(n) {
            *most = (*most).max(pairs);
        }
        self.long.push(BrandEntry {
            vendor,
            name: name.to_owned(),
            similar_pairs: pairs,
        });
    }

    /// Adds `value` (a vendor, or an entry of `long`) under `key`, once.
    fn push(&mut self, map: Map, key: u64, value: u32) {
        self.maybe.insert(key);
        let map = match map {
            Map::Names => &mut self.names,
            Map::Brands => &mut self.brands,
            Map::Windows => &mut self.windows,
            Map::Deletions => &mut self.deletions,
            Map::Segments => &mut self.segments,
        };
        let list = map.entry(key).or_default();
        if !list.contains(&value) {
            list.push(value);
        }
    }

    /// What `map` holds under `key`: the bits first, then the map.
    fn get<'a>(&'a self, map: &'a Keyed, key: u64) -> &'a [u32] {
        if !self.maybe.has(key) {
            return &[];
        }
        map.get(&key).map_or(&[][..], Vec::as_slice)
    }

    /// The vendors `host` (as [`DomainMatcher::classify_host`] takes it)
    /// could concern.
    pub fn host(&self, raw: &str, out: &mut Candidates) {
        self.parsed(&ParsedHost::new(raw), out);
    }

    /// [`Self::host`] on a host read once for the index and the matchers.
    pub fn parsed(&self, host: &ParsedHost, out: &mut Candidates) {
        if out.all {
            return;
        }
        // What the matcher refuses to read is unrelated to every vendor.
        let Some(view) = host.view() else {
            return;
        };
        if !host.is_plain_ascii() {
            out.all = true;
            return;
        }
        let ascii = view.ascii.as_str();
        if ascii.as_bytes().windows(4).any(|w| w == b"xn--") {
            out.all = true;
            return;
        }
        // Each label's number, as written and folded. The labels of a plain
        // ASCII host are those of its Unicode form.
        let mut written = [Part::default(); MAX_LABELS];
        let mut folded = [Part::default(); MAX_LABELS];
        let mut count = 0;
        for (k, label) in ascii.split('.').enumerate() {
            let (Some(w), Some(f)) = (written.get_mut(k), folded.get_mut(k)) else {
                out.all = true;
                return;
            };
            *w = Part::of(label);
            *f = view.folded_label(k).map_or(*w, |l| Part {
                folds: true,
                ..Part::of(l)
            });
            if w.len > MAX_SPELLING || f.len > MAX_SPELLING {
                out.all = true;
                return;
            }
            count = k + 1;
        }
        let written = written.get(..count).unwrap_or_default();
        let folded = folded.get(..count).unwrap_or_default();
        // Runs of labels: official names, embedded domains, split brands.
        // A folded run is looked up only where some label of it folds.
        for i in 0..count {
            let (mut run, mut folded_run) = (Run::default(), Run::default());
            for (w, f) in written.iter().zip(folded).skip(i) {
                run.extend(w);
                self.run(&run, out);
                folded_run.extend(f);
                if folded_run.folds {
                    self.run(&folded_run, out);
                }
            }
        }
        let mut spelling = Spelling::new();
        for (k, label) in ascii.split('.').enumerate() {
            self.label(label, &mut spelling, out);
            if let Some(f) = view.folded_label(k) {
                self.label(f, &mut spelling, out);
            }
        }
    }

    /// Names a run of labels is, joined with dots or without them.
    fn run(&self, r: &Run, out: &mut Candidates) {
        if self.name_lens.has(r.dotted_len) {
            out.add_all(self.get(&self.names, spelling_key(r.dotted, r.dotted_len)));
        }
        if self.brand_run_lens.has(r.joined_len) {
            out.add_all(self.get(&self.brands, spelling_key(r.joined, r.joined_len)));
        }
    }

    /// The brand tests on one label (as written or folded).
    ///
    /// No string is built: each spelling of the label is read once into a
    /// [`Spelling`] on the stack, and its windows and deletions are looked
    /// up by number. A spelling that is the label's own (no hyphen to drop,
    /// no digit to read) is not read twice.
    fn label(&self, s: &str, spelling: &mut Spelling, out: &mut Candidates) {
        // The labels of a plain ASCII host and their folds are ASCII, read
        // byte by byte; anything else concerns every vendor.
        if !s.is_ascii() {
            out.all = true;
            return;
        }
        let letters = || s.bytes().map(char::from);
        let has_separator = letters().any(is_separator);
        let has_digit_reading = letters().any(|c| canon_char(c) != c);
        // Windows: the brand inside the label, read without hyphens and
        // with digits for letters.
        let read = letters().filter(|&c| !is_separator(c)).map(canon_char);
        if !spelling.set(read) {
            out.all = true;
            return;
        }
        self.windows(spelling, out);
        // One edit or swap: in the label without hyphens, or in a token.
        // (The reading is the label without separators when no digit or
        // `l` was read.)
        if has_digit_reading && !spelling.set(letters().filter(|&c| !is_separator(c))) {
            out.all = true;
            return;
        }
        self.deletions(spelling, out);
        if has_separator {
            let mut token = Spelling::new();
            for t in s.split('-').filter(|t| !t.is_empty()) {
                // A token that is the label without separators was looked
                // at just now.
                if token.set(t.bytes().map(char::from)) && token.chars() != spelling.chars() {
                    self.deletions(&token, out);
                }
            }
        }
        self.look_alikes(spelling, out);
    }

    /// Up to two look-alike letters or pairs in the label without
    /// separators (`spelling`): of the same length, all but two letters in
    /// place; of another length, the longer name holds a pair that reads as
    /// one letter for each letter more. Names of vendors already listed
    /// need no second look.
    fn look_alikes(&self, spelling: &Spelling, out: &mut Candidates) {
        if self.long.is_empty() {
            return;
        }
        let plain = || spelling.chars().iter();
        let chars = spelling.chars();
        let n = chars.len();
        let of_len = |m: usize| self.long_by_len.get(m).map_or(&[][..], Vec::as_slice);
        // `looks_like` reads the label without separators as a string.
        let mut plain_text: Option<String> = None;
        if (2..=MAX_SPELLING).contains(&n) && !of_len(n).is_empty() {
            let mut found: Vec<u32> = Vec::new();
            for (k, (a, b)) in thirds(n).into_iter().enumerate() {
                let key = segment_key(spelling.window(a, b - a), n, k);
                for &id in self.get(&self.segments, key) {
                    if !found.contains(&id) {
                        found.push(id);
                    }
                }
            }
            for id in found {
                if let Some(e) = self.long.get(id as usize) {
                    if !out.has(e.vendor) {
                        let plain = plain_text.get_or_insert_with(|| plain().collect());
                        if looks_like(plain, &e.name) {
                            out.add_all(&[e.vendor]);
                        }
                    }
                }
            }
        }
        // Names one or two letters shorter or longer: the longer of the
        // two needs that many look-alike pairs, which rules out whole
        // lengths at once (most labels and names have none).
        let mut own_pairs: Option<usize> = None;
        for m in [n.wrapping_sub(2), n.wrapping_sub(1), n + 1, n + 2] {
            let ids = of_len(m);
            if ids.is_empty() {
                continue;
            }
            if m < n {
                if *own_pairs.get_or_insert_with(|| similar_pairs_in(chars)) < n - m {
                    continue;
                }
            } else if self.most_pairs_by_len.get(m).copied().unwrap_or(0) < m - n {
                continue;
            }
            for e in ids.iter().filter_map(|&id| self.long.get(id as usize)) {
                let fits = m < n || e.similar_pairs >= m - n;
                if fits && !out.has(e.vendor) {
                    let plain = plain_text.get_or_insert_with(|| plain().collect());
                    if looks_like(plain, &e.name) {
                        out.add_all(&[e.vendor]);
                    }
                }
            }
        }
    }

    /// Brands inside one spelling of a label: every window of a brand's
    /// length whose first two characters start some brand.
    fn windows(&self, spelling: &Spelling, out: &mut Candidates) {
        let chars = spelling.chars();
        let n = chars.len();
        for (i, &a) in chars.iter().enumerate() {
            if !self.window_starts.has(a, chars.get(i + 1).copied()) {
                continue;
            }
            for &m in &self.window_lens {
                if i + m > n {
                    continue;
                }
                out.add_all(self.get(&self.windows, spelling.window(i, m)));
            }
        }
    }

    /// Names one edit away from a token: the token or one of its
    /// one-letter deletions is a name or one of the name's.
    fn deletions(&self, t: &Spelling, out: &mut Candidates) {
        let n = t.len;
        if self.deletion_lens.has(n) {
            out.add_all(self.get(&self.deletions, t.whole()));
        }
        if n < 2 || !self.deletion_lens.has(n - 1) {
            return;
        }
        let chars = t.chars();
        for i in 0..n {
            // Deleting either of two equal neighbours gives one spelling.
            if i > 0 && chars.get(i - 1) == chars.get(i) {
                continue;
            }
            out.add_all(self.get(&self.deletions, t.deletion(i)));
        }
    }
}
