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
//!   `looks_like`): lengths within two, and each such change breaks at most
//!   three of the brand's letter pairs, so all but six of them are in the
//!   label.
//!
//! Most lookups find nothing, so the index first asks cheaper questions:
//! whether any key has the length of the run or token, or starts with the
//! window's first two letters; look-alike letters are compared only with
//! names within two letters of the label's length. Each of these is exact
//! (a key that fails it is in no map), so the answer stays a superset.
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

/// Maps keyed by names, hashed with [`KeyHasher`].
pub(crate) type Names = HashMap<String, Vec<u32>, BuildHasherDefault<KeyHasher>>;

/// Maps keyed by [`MaskedKeys`], hashed with [`KeyHasher`].
type Masked = HashMap<u64, Vec<u32>, BuildHasherDefault<KeyHasher>>;

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
    fn at(s: &[u8]) -> usize {
        match s {
            [a, b, ..] => usize::from(*a) << 8 | usize::from(*b),
            [a] => usize::from(*a) << 8,
            [] => 0,
        }
    }

    fn insert(&mut self, s: &[u8]) {
        let k = Self::at(s);
        if let Some(w) = self.0.get_mut(k / 64) {
            *w |= 1 << (k % 64);
        }
    }

    fn has(&self, s: &[u8]) -> bool {
        let k = Self::at(s);
        self.0
            .get(k / 64)
            .map_or(true, |w| w & (1 << (k % 64)) != 0)
    }
}

/// Host names and brand names of many vendors, indexed.
#[derive(Debug, Default)]
pub struct HostIndex {
    /// Official domains (ASCII and folded), their hyphenated forms,
    /// registrable domains owned or shared, email hosts.
    names: Names,
    /// Brand names as written and folded, and their reading with digits
    /// for letters ([`canon`]): for whole runs of labels and for windows.
    brands: Names,
    /// Lengths (bytes) of the keys of `brands`.
    brand_lens: Vec<usize>,
    /// Brand names and every spelling with one letter deleted.
    deletions: Names,
    /// The first two bytes of the keys of `brands`: a window that starts
    /// otherwise is no brand, and is not looked up.
    brand_starts: Bigrams,
    /// Lengths (bytes) of the keys of `names` and `brands`, and of
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
    /// The names of `long` with two of their letters masked, to the
    /// entries: a label of the same length with at most two letters
    /// changed has one of these spellings. Keyed by [`MaskedKeys`].
    masked: Masked,
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
    s.chars()
        .map(|c| match c {
            '0' => 'o',
            '1' | 'l' | '|' => 'i',
            '3' => 'e',
            '4' => 'a',
            '5' => 's',
            '7' => 't',
            '8' => 'b',
            '9' => 'g',
            c => c,
        })
        .collect()
}

fn without_separators(s: &str) -> String {
    s.chars().filter(|c| !matches!(c, '-' | '_')).collect()
}

/// `s` and every spelling of it with one character deleted.
fn with_deletions(s: &str) -> Vec<String> {
    let mut out = vec![s.to_owned()];
    for (i, c) in s.char_indices() {
        let mut d = String::with_capacity(s.len());
        d.push_str(s.get(..i).unwrap_or_default());
        d.push_str(s.get(i + c.len_utf8()..).unwrap_or_default());
        out.push(d);
    }
    out
}

/// How many adjacent letter pairs of `s` read as one letter.
fn similar_pairs(s: &str) -> usize {
    SIMILAR_PAIRS
        .iter()
        .map(|&(p0, p1, _)| {
            s.chars()
                .zip(s.chars().skip(1))
                .filter(|&(x, y)| x == p0 && y == p1)
                .count()
        })
        .sum()
}

/// The spellings of a name with two of its characters masked, as numbers
/// rather than strings.
///
/// A label of `n` characters has `n(n-1)/2` such spellings, and building
/// each as a string to look it up was the index's largest cost with many
/// vendors. Here a spelling is the sum of `c_k * B^(k+1)` over its
/// characters (wrapping, `B` odd) plus its length, with a masked character
/// counting as zero: the whole sum is taken once, and each spelling is
/// that sum less two terms. Equal spellings give equal numbers, so every
/// name the string keys found is still found; two different spellings
/// may give the same number, which only adds a name that
/// [`looks_like`] then rejects. The answer stays a superset.
struct MaskedKeys {
    /// `c_k * B^(k+1)` for each character.
    terms: Vec<u64>,
    /// The sum of `terms` and the length.
    whole: u64,
}

/// The base of [`MaskedKeys`] (odd, so no power of it is zero).
const MASK_BASE: u64 = 0x0000_0100_0000_01b3;

impl MaskedKeys {
    fn new(chars: &[char]) -> MaskedKeys {
        let mut power = MASK_BASE;
        let mut terms = Vec::with_capacity(chars.len());
        let mut whole = chars.len() as u64;
        for &c in chars {
            let term = u64::from(c).wrapping_mul(power);
            terms.push(term);
            whole = whole.wrapping_add(term);
            power = power.wrapping_mul(MASK_BASE);
        }
        MaskedKeys { terms, whole }
    }

    /// The key of the spelling with the characters at `i` and `j` masked.
    fn masked(&self, i: usize, j: usize) -> u64 {
        let term = |k: usize| self.terms.get(k).copied().unwrap_or(0);
        self.whole.wrapping_sub(term(i)).wrapping_sub(term(j))
    }
}

impl HostIndex {
    /// Adds what `matcher` compares hosts with, for vendor number `vendor`.
    pub fn add(&mut self, vendor: u32, matcher: &DomainMatcher) {
        for o in &matcher.officials {
            for name in [&o.domain, &o.folded, &o.hyphenated] {
                self.name_lens.insert(name.len());
                push(&mut self.names, name.clone(), vendor);
            }
        }
        for name in matcher
            .owned
            .iter()
            .chain(&matcher.shared)
            .chain(&matcher.email_hosts)
        {
            self.name_lens.insert(name.len());
            push(&mut self.names, name.clone(), vendor);
        }
        for b in &matcher.brands {
            for name in [&b.token, &b.folded] {
                for form in [name.clone(), canon(name), without_separators(name)] {
                    if !self.brand_lens.contains(&form.len()) {
                        self.brand_lens.push(form.len());
                    }
                    self.brand_run_lens.insert(form.len());
                    // A key of one byte is found by its first byte alone.
                    self.brand_starts.insert(form.as_bytes());
                    if let [first] = form.as_bytes() {
                        for b in 0..=u8::MAX {
                            self.brand_starts.insert(&[*first, b]);
                        }
                    }
                    push(&mut self.brands, form, vendor);
                }
                for d in with_deletions(name) {
                    self.deletion_lens.insert(d.len());
                    push(&mut self.deletions, d, vendor);
                }
                if name.len() >= MIN_LOOKALIKE_LEN {
                    let chars: Vec<char> = name.chars().collect();
                    let id = u32::try_from(self.long.len()).unwrap_or(u32::MAX);
                    let keys = MaskedKeys::new(&chars);
                    for j in 1..chars.len() {
                        for i in 0..j {
                            let list = self.masked.entry(keys.masked(i, j)).or_default();
                            if !list.contains(&id) {
                                list.push(id);
                            }
                        }
                    }
                    while self.long_by_len.len() <= chars.len() {
                        self.long_by_len.push(Vec::new());
                        self.most_pairs_by_len.push(0);
                    }
                    if let Some(list) = self.long_by_len.get_mut(chars.len()) {
                        list.push(id);
                    }
                    let pairs = similar_pairs(name);
                    if let Some(most) = self.most_pairs_by_len.get_mut(chars.len()) {
                        *most = (*most).max(pairs);
                    }
                    self.long.push(BrandEntry {
                        vendor,
                        name: name.clone(),
                        similar_pairs: pairs,
                    });
                }
            }
        }
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
        let labels: Vec<&str> = ascii.split('.').collect();
        if labels.len() > MAX_LABELS || ascii.contains("xn--") {
            out.all = true;
            return;
        }
        // The labels of a plain ASCII host are those of its Unicode form.
        let folded: Vec<&str> = (0..labels.len())
            .map(|k| view.folded_label(k).unwrap_or(view.label(k)))
            .collect();
        // Most hosts fold to themselves: then each run is looked up once.
        let folds = labels.iter().zip(&folded).any(|(l, f)| l != f);
        let mut key = String::new();
        // Runs of labels: official names, embedded domains, split brands.
        for i in 0..labels.len() {
            for j in i + 1..=labels.len() {
                for (sep, map, lens) in [
                    (".", &self.names, &self.name_lens),
                    ("", &self.brands, &self.brand_run_lens),
                ] {
                    // `labels` and `folded` have the same lengths.
                    let run = labels.get(i..j).unwrap_or_default();
                    let len = run.iter().map(|l| l.len()).sum::<usize>()
                        + sep.len() * (run.len().saturating_sub(1));
                    if !folds && !lens.has(len) {
                        continue;
                    }
                    join(run, sep, &mut key);
                    if let Some(v) = map.get(key.as_str()) {
                        out.add_all(v);
                    }
                    if folds {
                        join(folded.get(i..j).unwrap_or_default(), sep, &mut key);
                        if let Some(v) = map.get(key.as_str()) {
                            out.add_all(v);
                        }
                    }
                }
            }
        }
        for (label, folded) in labels.iter().zip(&folded) {
            self.label(label, out);
            if label != folded {
                self.label(folded, out);
            }
        }
    }

    /// The brand tests on one label (as written or folded).
    fn label(&self, s: &str, out: &mut Candidates) {
        let plain = without_separators(s);
        // Windows: the brand inside the label, as written or read.
        let mut forms: Vec<String> = Vec::with_capacity(4);
        for form in [canon(s), canon(&plain), s.to_owned(), plain.clone()] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
        for form in &forms {
            for &len in &self.brand_lens {
                if len > form.len() {
                    continue;
                }
                let bytes = form.as_bytes();
                for start in 0..=form.len() - len {
                    if !self
                        .brand_starts
                        .has(bytes.get(start..).unwrap_or_default())
                    {
                        continue;
                    }
                    if let Some(v) = form
                        .get(start..start + len)
                        .and_then(|w| self.brands.get(w))
                    {
                        out.add_all(v);
                    }
                }
            }
        }
        // One edit or swap: in the label without hyphens, or in a token.
        let mut key = String::with_capacity(plain.len());
        let tokens = core::iter::once(plain.as_str()).chain(
            s.split('-')
                .filter(|t| !t.is_empty() && *t != plain.as_str()),
        );
        for t in tokens {
            if t.is_ascii()
                && !self.deletion_lens.has(t.len())
                && !self.deletion_lens.has(t.len().saturating_sub(1))
            {
                continue;
            }
            if let Some(v) = self.deletions.get(t) {
                out.add_all(v);
            }
            for (i, c) in t.char_indices() {
                key.clear();
                key.push_str(t.get(..i).unwrap_or_default());
                key.push_str(t.get(i + c.len_utf8()..).unwrap_or_default());
                if let Some(v) = self.deletions.get(key.as_str()) {
                    out.add_all(v);
                }
            }
        }
        // Up to two look-alike letters or pairs: of the same length, all
        // but two letters in place; of another length, the longer name
        // holds a pair that reads as one letter for each letter more.
        // Names of vendors already listed need no second look.
        if self.long.is_empty() {
            return;
        }
        let chars: Vec<char> = plain.chars().collect();
        let n = chars.len();
        let of_len = |m: usize| self.long_by_len.get(m).map_or(&[][..], Vec::as_slice);
        if (2..=64).contains(&n) && !of_len(n).is_empty() {
            let mut found: Vec<u32> = Vec::new();
            let keys = MaskedKeys::new(&chars);
            for j in 1..n {
                for i in 0..j {
                    for &id in self
                        .masked
                        .get(&keys.masked(i, j))
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                    {
                        if !found.contains(&id) {
                            found.push(id);
                        }
                    }
                }
            }
            for id in found {
                if let Some(e) = self.long.get(id as usize) {
                    if !out.has(e.vendor) && looks_like(&plain, &e.name) {
                        out.add_all(&[e.vendor]);
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
                if *own_pairs.get_or_insert_with(|| similar_pairs(&plain)) < n - m {
                    continue;
                }
            } else if self.most_pairs_by_len.get(m).copied().unwrap_or(0) < m - n {
                continue;
            }
            for e in ids.iter().filter_map(|&id| self.long.get(id as usize)) {
                let fits = m < n || e.similar_pairs >= m - n;
                if fits && !out.has(e.vendor) && looks_like(&plain, &e.name) {
                    out.add_all(&[e.vendor]);
                }
            }
        }
    }
}

/// `parts` joined with `sep` into `out`.
fn join<S: AsRef<str>>(parts: &[S], sep: &str, out: &mut String) {
    out.clear();
    for (k, p) in parts.iter().enumerate() {
        if k > 0 {
            out.push_str(sep);
        }
        out.push_str(p.as_ref());
    }
}
