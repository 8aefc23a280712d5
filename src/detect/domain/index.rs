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
//! Hosts that are not plain ASCII names (IDN labels, full-width or invisible
//! characters) and links with userinfo are rare and are what look-alike
//! tricks are made of: for those every vendor is a candidate.

use std::collections::HashMap;

use super::host;
use super::lookalike::{fold, looks_like, MIN_LOOKALIKE_LEN};
use super::DomainMatcher;

/// Most labels looked at; a longer host concerns every vendor.
const MAX_LABELS: usize = 16;

/// What a host says about the vendors.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Every vendor could be concerned.
    pub all: bool,
    /// The vendors (as numbered when added) the host could concern.
    pub vendors: Vec<u32>,
}

impl Candidates {
    /// Adds vendors not yet listed.
    pub fn add_all(&mut self, vendors: &[u32]) {
        for &v in vendors {
            if !self.vendors.contains(&v) {
                self.vendors.push(v);
            }
        }
    }
}

/// A brand name of one vendor, for the letter-pair filter.
#[derive(Debug)]
struct BrandEntry {
    vendor: u32,
    name: String,
    chars: usize,
    /// Distinct letter pairs of the name.
    pairs: usize,
}

/// Host names and brand names of many vendors, indexed.
#[derive(Debug, Default)]
pub struct HostIndex {
    /// Official domains (ASCII and folded), their hyphenated forms,
    /// registrable domains owned or shared, email hosts.
    names: HashMap<String, Vec<u32>>,
    /// Brand names as written and folded, and their reading with digits
    /// for letters ([`canon`]): for whole runs of labels and for windows.
    brands: HashMap<String, Vec<u32>>,
    /// Lengths (bytes) of the keys of `brands`.
    brand_lens: Vec<usize>,
    /// Brand names and every spelling with one letter deleted.
    deletions: HashMap<String, Vec<u32>>,
    /// Brand names long enough for the look-alike letter test.
    long: Vec<BrandEntry>,
    /// Letter pair to the entries of `long` that hold it.
    pairs: HashMap<(char, char), Vec<u32>>,
}

fn push(map: &mut HashMap<String, Vec<u32>>, key: String, vendor: u32) {
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

fn letter_pairs(s: &str) -> Vec<(char, char)> {
    let mut out: Vec<(char, char)> = s.chars().zip(s.chars().skip(1)).collect();
    out.sort_unstable();
    out.dedup();
    out
}

impl HostIndex {
    /// Adds what `matcher` compares hosts with, for vendor number `vendor`.
    pub fn add(&mut self, vendor: u32, matcher: &DomainMatcher) {
        for o in &matcher.officials {
            push(&mut self.names, o.domain.clone(), vendor);
            push(&mut self.names, o.folded.clone(), vendor);
            push(&mut self.names, o.hyphenated.clone(), vendor);
        }
        for name in matcher
            .owned
            .iter()
            .chain(&matcher.shared)
            .chain(&matcher.email_hosts)
        {
            push(&mut self.names, name.clone(), vendor);
        }
        for b in &matcher.brands {
            for name in [&b.token, &b.folded] {
                for form in [name.clone(), canon(name), without_separators(name)] {
                    if !self.brand_lens.contains(&form.len()) {
                        self.brand_lens.push(form.len());
                    }
                    push(&mut self.brands, form, vendor);
                }
                for d in with_deletions(name) {
                    push(&mut self.deletions, d, vendor);
                }
                let chars = name.chars().count();
                if name.len() >= MIN_LOOKALIKE_LEN {
                    let pairs = letter_pairs(name);
                    let id = u32::try_from(self.long.len()).unwrap_or(u32::MAX);
                    for p in &pairs {
                        let list = self.pairs.entry(*p).or_default();
                        if !list.contains(&id) {
                            list.push(id);
                        }
                    }
                    self.long.push(BrandEntry {
                        vendor,
                        name: name.clone(),
                        chars,
                        pairs: pairs.len(),
                    });
                }
            }
        }
    }

    /// The vendors `host` (as [`DomainMatcher::classify_host`] takes it)
    /// could concern.
    pub fn host(&self, raw: &str, out: &mut Candidates) {
        if out.all {
            return;
        }
        // What the matcher refuses to read is unrelated to every vendor.
        let Ok(normal) = host::normalize(raw) else {
            return;
        };
        if normal.rewritten || normal.unicode != normal.ascii || !normal.ascii.is_ascii() {
            out.all = true;
            return;
        }
        let ascii = normal.ascii;
        let labels: Vec<&str> = ascii.split('.').collect();
        if labels.len() > MAX_LABELS || ascii.contains("xn--") {
            out.all = true;
            return;
        }
        let folded: Vec<String> = labels.iter().map(|l| fold(l)).collect();
        // Runs of labels: official names, embedded domains, split brands.
        for i in 0..labels.len() {
            for j in i + 1..=labels.len() {
                for form in [
                    labels.get(i..j).unwrap_or_default().join("."),
                    folded.get(i..j).unwrap_or_default().join("."),
                ] {
                    if let Some(v) = self.names.get(&form) {
                        out.add_all(v);
                    }
                }
                for form in [
                    labels.get(i..j).unwrap_or_default().concat(),
                    folded.get(i..j).unwrap_or_default().concat(),
                ] {
                    if let Some(v) = self.brands.get(&form) {
                        out.add_all(v);
                    }
                }
            }
        }
        for (label, folded) in labels.iter().zip(&folded) {
            for form in [*label, folded.as_str()] {
                self.label(form, out);
            }
        }
    }

    /// The brand tests on one label (as written or folded).
    fn label(&self, s: &str, out: &mut Candidates) {
        let plain = without_separators(s);
        // Windows: the brand inside the label, as written or read.
        for form in [canon(s), canon(&plain), s.to_owned(), plain.clone()] {
            for &len in &self.brand_lens {
                if len > form.len() {
                    continue;
                }
                for start in 0..=form.len() - len {
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
        let tokens = core::iter::once(plain.as_str()).chain(s.split('-').filter(|t| !t.is_empty()));
        for t in tokens {
            for d in with_deletions(t) {
                if let Some(v) = self.deletions.get(&d) {
                    out.add_all(v);
                }
            }
        }
        // Up to two look-alike letters or pairs.
        if self.long.is_empty() {
            return;
        }
        let n = plain.chars().count();
        let mut shared: HashMap<u32, usize> = HashMap::new();
        for p in letter_pairs(&plain) {
            for &id in self.pairs.get(&p).map(Vec::as_slice).unwrap_or_default() {
                *shared.entry(id).or_default() += 1;
            }
        }
        for (id, count) in shared {
            let Some(entry) = self.long.get(id as usize) else {
                continue;
            };
            if count + 6 >= entry.pairs
                && n.abs_diff(entry.chars) <= 2
                && looks_like(&plain, &entry.name)
            {
                out.add_all(&[entry.vendor]);
            }
        }
        // A brand of at most six pairs may share none with the label.
        for entry in self.long.iter().filter(|e| e.pairs <= 6) {
            if n.abs_diff(entry.chars) <= 2 && looks_like(&plain, &entry.name) {
                out.add_all(&[entry.vendor]);
            }
        }
    }
}
