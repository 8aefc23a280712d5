//! Support and scam context: the words around a brand mention or a phone
//! number that say what the text is doing.
//!
//! A page that says "Northwind Security" is not a problem; one that says
//! "Northwind Security Support: call now, do not shut down your computer,
//! install AnyDesk" is. Cues are whole-word phrases ("do not shut down",
//! "gift card") matched on the ASCII-lowercased words of the normalised text
//! through a table keyed by the first word, so the cost is one lookup per
//! word whatever the number of phrases.
//!
//! Besides English, German, French, Spanish, Dutch and Japanese cues are
//! read (their tables are in [`super::lang`]). Words that are not ASCII are
//! folded (lower case, accents removed) before the lookup, and so are the
//! tables, so "ARNAQUE" and "Téléphone" match; Japanese, written without
//! spaces, is searched for its cues as substrings of each run of text.
//!
//! Commentary cues ("scammers", "posing as", "review") and neutral cues
//! ("press", "advertising", "switching from") mark text that talks *about*
//! the vendor rather than speaking *as* it: news, reviews, a competitor's
//! page. They weaken the other cues near them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lang;
use super::text::{self, Word};
use crate::directory::{policy_ids, Directory};

/// What a phrase signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cue {
    /// Support, helpline, customer service...
    Support,
    /// Refund, renewal, billing, subscription...
    Billing,
    /// Call, dial, phone, contact...
    CallToAction,
    /// "Official", "authorised": a claim of being the real thing.
    OfficialClaim,
    /// "Your computer is infected", "virus detected".
    Infected,
    /// "Do not shut down", "do not close this window".
    DoNotShutDown,
    /// AnyDesk, TeamViewer, "remote access".
    RemoteAccess,
    /// Gift cards, crypto, wire transfers.
    GiftCards,
    /// Passwords, card numbers, licence keys, bank logins.
    Secrets,
    /// "Immediately", "suspended", "final notice".
    Urgency,
    /// "We will call you", "scheduled call".
    ScheduledCall,
    /// Talk about scams, reviews, reporting: text about the vendor.
    Commentary,
    /// Press, advertising, comparisons: numbers that are someone else's.
    Neutral,
}

impl Cue {
    /// The signal name in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Cue::Support => "support",
            Cue::Billing => "billing",
            Cue::CallToAction => "call-to-action",
            Cue::OfficialClaim => "official-claim",
            Cue::Infected => "infection-alarm",
            Cue::DoNotShutDown => "do-not-shut-down",
            Cue::RemoteAccess => "remote-access",
            Cue::GiftCards => "gift-cards",
            Cue::Secrets => "asks-for-secrets",
            Cue::Urgency => "urgency",
            Cue::ScheduledCall => "scheduled-call",
            Cue::Commentary => "commentary",
            Cue::Neutral => "neutral",
        }
    }

    /// Whether the cue is a scam tactic (as opposed to ordinary support talk).
    pub fn is_scam_tactic(self) -> bool {
        matches!(
            self,
            Cue::Infected | Cue::DoNotShutDown | Cue::RemoteAccess | Cue::GiftCards | Cue::Secrets
        )
    }

    /// What the tactic looks like, for a reason shown to a person.
    pub fn describe(self) -> &'static str {
        match self {
            Cue::Infected => "claims your computer is infected",
            Cue::DoNotShutDown => "tells you not to turn off or close anything",
            Cue::RemoteAccess => "asks for remote access to your computer",
            Cue::GiftCards => "asks for payment in gift cards, crypto or wire transfers",
            Cue::Secrets => "asks for a password, card number or licence key",
            Cue::Urgency => "pressures you to act immediately",
            Cue::ScheduledCall => "announces a phone call",
            _ => "",
        }
    }

    /// The directory policy this tactic contradicts, if any.
    pub fn policy(self) -> Option<&'static str> {
        match self {
            Cue::RemoteAccess => Some(policy_ids::NO_REMOTE_ACCESS),
            Cue::GiftCards => Some(policy_ids::NO_GIFT_CARDS),
            Cue::Secrets => Some(policy_ids::NO_SECRETS),
            Cue::ScheduledCall => Some(policy_ids::NO_UNSOLICITED_CALLS),
            _ => None,
        }
    }
}

const PHRASES: &[(Cue, &[&str])] = &[
    (
        Cue::Support,
        &[
            "support",
            "helpline",
            "help line",
            "help desk",
            "helpdesk",
            "hotline",
            "customer service",
            "customer care",
            "call center",
            "call centre",
            "technician",
            "technicians",
            "tech support",
            "service desk",
            "assistance",
            "help",
        ],
    ),
    (
        Cue::Billing,
        &[
            "refund",
            "refunds",
            "refunded",
            "renewal",
            "renewals",
            "renew",
            "renewed",
            "billing",
            "invoice",
            "subscription",
            "auto renewal",
            "charged",
            "charge",
            "cancellation",
            "cancel",
        ],
    ),
    (
        Cue::CallToAction,
        &[
            "call",
            "dial",
            "phone",
            "tel",
            "telephone",
            "toll free",
            "contact us",
            "ring",
            "reach us",
            "whatsapp",
        ],
    ),
    (
        Cue::OfficialClaim,
        &[
            "official",
            "authorized",
            "authorised",
            "certified",
            "genuine",
            "verified",
        ],
    ),
    (
        Cue::Infected,
        &[
            "is infected",
            "are infected",
            "been infected",
            "infected with",
            "virus detected",
            "viruses detected",
            "malware detected",
            "threats detected",
            "threat detected",
            "trojan",
            "spyware",
            "has been hacked",
            "have been hacked",
            "been compromised",
            "security breach",
            "is at risk",
            "infection",
        ],
    ),
    (
        Cue::DoNotShutDown,
        &[
            "do not shut down",
            "don t shut down",
            "do not restart",
            "don t restart",
            "do not close",
            "don t close",
            "do not turn off",
            "don t turn off",
            "do not power off",
            "do not reboot",
            "do not ignore",
        ],
    ),
    (
        Cue::RemoteAccess,
        &[
            "anydesk",
            "teamviewer",
            "ultraviewer",
            "remote access",
            "remote desktop",
            "logmein",
            "screenconnect",
            "connectwise",
            "rustdesk",
            "quick assist",
            "quickassist",
            "ammyy",
            "supremo",
            "remote session",
            "remote control",
            "access your computer",
            "connect to your computer",
        ],
    ),
    (
        Cue::GiftCards,
        &[
            "gift card",
            "gift cards",
            "google play card",
            "google play cards",
            "itunes card",
            "steam card",
            "apple gift",
            "bitcoin",
            "cryptocurrency",
            "crypto",
            "western union",
            "moneygram",
            "wire transfer",
            "bitcoin atm",
            "prepaid card",
            "prepaid cards",
        ],
    ),
    (
        Cue::Secrets,
        &[
            "your password",
            "your passwords",
            "card number",
            "credit card number",
            "cvv",
            "cvc",
            "security code",
            "licence key",
            "license key",
            "product key",
            "activation key",
            "online banking",
            "bank login",
            "one time code",
            "verification code",
            "sort code",
            "routing number",
            "social security number",
            "your pin",
            "bank details",
        ],
    ),
    (
        Cue::Urgency,
        &[
            "immediately",
            "within 24 hours",
            "act now",
            "final notice",
            "suspended",
            "urgent",
            "expires today",
            "right away",
            "locked",
            "last warning",
        ],
    ),
    (
        Cue::ScheduledCall,
        &[
            "will call you",
            "we will call",
            "will be calling",
            "you will receive a call",
            "receive a call",
            "scheduled call",
            "call is scheduled",
            "expect a call",
            "expect our call",
            "call you back",
            "will phone you",
            "technician will call",
            "will contact you by phone",
        ],
    ),
    (
        Cue::Commentary,
        &[
            "scam",
            "scams",
            "scammer",
            "scammers",
            "fraud",
            "fraudster",
            "fraudsters",
            "fraudulent",
            "posing as",
            "pose as",
            "poses as",
            "beware",
            "warned",
            "warns",
            "phishing",
            "victim",
            "victims",
            "police",
            "according to",
            "reported",
            "criminals",
            "review",
            "reviews",
            "reviewed",
            "our verdict",
            "pros and cons",
            "we tested",
            "rating",
            "encyclopedia",
            "wikipedia",
            "references",
            "journalist",
            "spokesperson",
            "said",
            "claiming to be",
            "claimed to be",
            "claims to be",
            "pretending to be",
            "pretended to be",
        ],
    ),
    (
        Cue::Neutral,
        &[
            "press contact",
            "press office",
            "press inquiries",
            "press enquiries",
            "press release",
            "media inquiries",
            "media enquiries",
            "media contact",
            "media relations",
            "newsroom",
            "advertise",
            "advertising",
            "advertisers",
            "editorial",
            "newsletter",
            "tip",
            "tips",
            "reporter",
            "editor",
            "classifieds",
            "switching from",
            "switch from",
            "alternative to",
            "instead of",
            "compared to",
            "compared with",
            "versus",
            "vs",
            "migrate",
            "headquarters",
            "competitor",
            "competitors",
            "recruiting",
            "recruiter",
            "careers",
            "hiring",
            "job",
            "jobs",
        ],
    ),
];

/// Prefixes that match any word starting with them ("impersonating").
const PREFIXES: &[(Cue, &str)] = &[
    (Cue::Commentary, "impersonat"),
    (Cue::Commentary, "counterfeit"),
];

/// One cue found in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    /// What it signals.
    pub cue: Cue,
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
}

/// FNV-1a, for the table of first words while the scanner is built: the
/// keys are short words the scanner chose, and SipHash would be slower.
#[derive(Clone, Copy, Debug, Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// The phrases a first word starts, longest first (so "do not shut down"
/// wins over shorter ones), each as its folded words, the key included.
type Phrases = Vec<(Cue, Vec<String>)>;

/// A first word of some phrase, and its phrases.
#[derive(Clone, Debug)]
struct Key {
    /// The word, folded.
    word: String,
    /// Its phrases, longest first.
    phrases: Phrases,
}

/// The phrase tables, indexed by first word.
#[derive(Clone, Debug)]
pub struct ContextScanner {
    /// The first words, grouped by their bucket (`bucket_of`).
    keys: Vec<Key>,
    /// Where each bucket's keys start in `keys` (`BUCKETS + 1` entries;
    /// arrays of fixed size here, so that the lookups need no bounds
    /// checks: a bucket and a signature cannot be out of range).
    /// A word is looked for by the same multiplication its filter bit
    /// comes from (`mix`): one or two comparisons of bytes, where a hash
    /// map hashed the word again a byte at a time, then probed and
    /// compared it (about 25,000 keys are read on a 1 MB page).
    buckets: Box<[u16; BUCKETS + 1]>,
    /// The longest first word, in bytes: longer words are not looked up.
    longest: usize,
    /// Word beginnings (folded), in table order.
    prefixes: Vec<(Cue, String)>,
    /// The shortest prefix, in bytes: shorter words are not tried.
    shortest_prefix: usize,
    /// One bit per signature (`key_sig`: the length and the two bytes at
    /// either end) of the keys: most words are no key, and this says so
    /// before anything else. By the first and last bytes and the length
    /// alone a third of the words still passed ("the", "you" share them
    /// with some key of the six languages); with two bytes at each end,
    /// about one word in a hundred that is no key does.
    key_sigs: Box<[u64; SIG_BITS / 64]>,
    /// One bit per signature (`head_sig`) of the prefixes' first
    /// `PREFIX_HEAD` bytes: by their first byte alone most long words
    /// passed ("report", "contact", "every" start as prefixes of five
    /// languages do).
    prefix_heads: [u64; HEAD_BITS / 64],
}

impl Default for ContextScanner {
    fn default() -> Self {
        let mut by_first: HashMap<String, Phrases, BuildHasherDefault<Fnv>> = HashMap::default();
        let tables = core::iter::once(PHRASES).chain(lang::WORD_TABLES);
        for (cue, phrases) in tables.flat_map(|t| t.iter()) {
            for p in *phrases {
                let words: Vec<String> = p.split(' ').map(lang::fold).collect();
                if let Some(first) = words.first() {
                    by_first
                        .entry(first.clone())
                        .or_default()
                        .push((*cue, words));
                }
            }
        }
        // Longest phrases first (a stable sort: among equals, table order).
        for list in by_first.values_mut() {
            list.sort_by_key(|p| core::cmp::Reverse(p.1.len()));
        }
        // The keys grouped by bucket, by counting: each bucket's count
        // after its start, summed into starts, then each key put in the
        // next free place of its bucket.
        let mut buckets = Box::new([0u16; BUCKETS + 1]);
        for word in by_first.keys() {
            if let Some(n) = buckets.get_mut(bucket_of(mix(word.as_bytes())) + 1) {
                *n = n.saturating_add(1);
            }
        }
        for b in 1..buckets.len() {
            let before = buckets.get(b - 1).copied().unwrap_or(0);
            if let Some(n) = buckets.get_mut(b) {
                *n = n.saturating_add(before);
            }
        }
        let mut free: Vec<usize> = buckets.iter().map(|&b| usize::from(b)).collect();
        let mut places: Vec<Option<Key>> = (0..by_first.len()).map(|_| None).collect();
        for (word, phrases) in by_first {
            let b = bucket_of(mix(word.as_bytes()));
            if let Some(at) = free.get_mut(b) {
                if let Some(place) = places.get_mut(*at) {
                    *place = Some(Key { word, phrases });
                }
                *at += 1;
            }
        }
        let keys: Vec<Key> = places.into_iter().flatten().collect();
        let longest = keys.iter().map(|k| k.word.len()).max().unwrap_or(0);
        let all = core::iter::once(PREFIXES).chain(lang::PREFIX_TABLES);
        let prefixes: Vec<(Cue, String)> = all
            .flat_map(|t| t.iter())
            .map(|(cue, prefix)| (*cue, lang::fold(prefix)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        let shortest_prefix = prefixes
            .iter()
            .map(|(_, p)| p.len())
            .min()
            .unwrap_or(usize::MAX);
        let mut key_sigs = Box::new([0u64; SIG_BITS / 64]);
        for k in &keys {
            let sig = key_sig(k.word.as_bytes());
            if let Some(slot) = key_sigs.get_mut(sig / 64) {
                *slot |= 1 << (sig % 64);
            }
        }
        let mut prefix_heads = [0u64; HEAD_BITS / 64];
        for (_, prefix) in &prefixes {
            let sig = head_sig(prefix.as_bytes());
            if let Some(slot) = prefix_heads.get_mut(sig / 64) {
                *slot |= 1 << (sig % 64);
            }
        }
        ContextScanner {
            keys,
            buckets,
            longest,
            prefixes,
            shortest_prefix,
            key_sigs,
            prefix_heads,
        }
    }
}

/// Bits of `ContextScanner::key_sigs` (8 KB): the 792 keys of the six
/// languages set 766 of them, so a word that is no key passes by chance
/// about once in a hundred.
const SIG_BITS: usize = 1 << 16;

/// Buckets of `ContextScanner::buckets` (2 KB), a little more than the
/// keys, so most hold one key or none.
const BUCKETS: usize = 1 << 10;

/// A word's length and its first two and last two bytes, mixed by one
/// multiplication: its filter bit (`key_sig`) and its bucket (`bucket_of`)
/// are two slices of it.
#[inline(always)]
fn mix(word: &[u8]) -> u64 {
    let n = word.len() as u64 & 0xff;
    // Words of two bytes or more (all that are looked up): two loads.
    let packed = match (word.first_chunk::<2>(), word.last_chunk::<2>()) {
        (Some(&[a, b]), Some(&[c, d])) => {
            n | u64::from(a) << 8 | u64::from(b) << 16 | u64::from(c) << 24 | u64::from(d) << 32
        }
        // Shorter words are never looked up (`key_of`).
        _ => n,
    };
    packed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The bit of `key_sigs` for a word's bytes: the top 16 bits of `mix`.
fn key_sig(word: &[u8]) -> usize {
    // Truncation is the point: the top 16 bits of the product.
    (mix(word) >> 48) as usize
}

/// The bucket of a word whose `mix` is `m`: 10 bits below the signature's.
fn bucket_of(m: u64) -> usize {
    // Truncation is the point: bits 32 to 41 of the product.
    (m >> 32) as usize & (BUCKETS - 1)
}

/// Bytes of a prefix's start in its signature (`head_sig`); a word shorter
/// than this is shorter than every prefix (the shortest has five).
const PREFIX_HEAD: usize = 4;

/// Bits of `ContextScanner::prefix_heads` (128 bytes; about 30 prefixes).
const HEAD_BITS: usize = 1 << 10;

/// The bit of `prefix_heads` for the first `PREFIX_HEAD` bytes of a word
/// (fewer if it is shorter), mixed by one multiplication (the top 10 bits).
#[inline(always)]
fn head_sig(word: &[u8]) -> usize {
    // The bytes read as a little-endian number: one load for a word of
    // `PREFIX_HEAD` bytes or more (all that are tried).
    let packed = match word.first_chunk::<PREFIX_HEAD>() {
        Some(head) => u64::from(u32::from_le_bytes(*head)),
        None => word
            .iter()
            .rev()
            .fold(0u64, |acc, &b| acc << 8 | u64::from(b)),
    };
    // Truncation is the point: the top 10 bits of the product.
    (packed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize
}

/// Most hits kept per text.
pub const MAX_HITS: usize = 20_000;

impl ContextScanner {
    /// The key `word` (folded) is, if any: its length, then its filter bit,
    /// then the keys of its bucket. Most words stop at the bit.
    #[inline(always)]
    fn key_of(&self, word: &[u8]) -> Option<&Key> {
        let len = word.len();
        if len < 2 || len > self.longest {
            return None;
        }
        let m = mix(word);
        // Truncation is the point: the top 16 bits are the signature.
        let sig = (m >> 48) as usize;
        let bits = self.key_sigs.get(sig / 64).copied().unwrap_or(0);
        if bits & (1 << (sig % 64)) == 0 {
            return None;
        }
        let b = bucket_of(m);
        let from = usize::from(self.buckets.get(b).copied().unwrap_or(0));
        let to = usize::from(self.buckets.get(b + 1).copied().unwrap_or(0));
        self.keys
            .get(from..to)?
            .iter()
            .find(|k| k.word.as_bytes() == word)
    }

    /// Whether some prefix starts with `word`'s first `PREFIX_HEAD` bytes
    /// (false means none does; true means perhaps).
    #[inline(always)]
    fn may_start_prefix(&self, word: &[u8]) -> bool {
        let sig = head_sig(word);
        let bits = self.prefix_heads.get(sig / 64).copied().unwrap_or(0);
        bits & (1 << (sig % 64)) != 0
    }

    /// The first prefix `word` starts with, if any.
    #[inline(always)]
    fn prefix_of(&self, word: &[u8]) -> Option<Cue> {
        if word.len() < self.shortest_prefix || !self.may_start_prefix(word) {
            return None;
        }
        self.prefixes
            .iter()
            .find(|(_, p)| word.starts_with(p.as_bytes()))
            .map(|(cue, _)| *cue)
    }

    /// Every cue in `lower` (the ASCII-lowercased normalised text) whose
    /// words are `words`.
    ///
    /// The text is walked by runs of ASCII words
    /// ([`text::first_word_beyond_ascii`]): within a run, words that are no
    /// key are stepped over in a loop of their own ([`Self::next_key`]),
    /// and only a key, or a word beyond ASCII, comes out to the loop here.
    pub fn scan(&self, lower: &str, words: &[Word]) -> Vec<Hit> {
        let mut out = Vec::new();
        let mut folded = String::new();
        let mut next_folded = String::new();
        // Words from `i` up to `ascii_to` are all ASCII.
        let mut ascii_to = 0;
        let mut i = 0;
        while i < words.len() && out.len() < MAX_HITS {
            if i >= ascii_to {
                ascii_to = text::first_word_beyond_ascii(lower, words, i);
            }
            let key = if i < ascii_to {
                let (at, key) = self.next_key(lower, words, i, ascii_to, &mut out);
                i = at;
                let Some(key) = key else {
                    continue;
                };
                key
            } else {
                let Some(&w) = words.get(i) else {
                    break;
                };
                let raw = lower.get(w.start..w.end).unwrap_or("");
                if raw.chars().any(lang::is_unspaced) {
                    unspaced_hits(raw, w.start, &mut out);
                    i += 1;
                    continue;
                }
                folded.clear();
                lang::fold_into(raw, &mut folded);
                let Some(key) = self.key_of(folded.as_bytes()) else {
                    if let Some(cue) = self.prefix_of(folded.as_bytes()) {
                        out.push(Hit {
                            cue,
                            start: w.start,
                            end: w.end,
                        });
                    }
                    i += 1;
                    continue;
                };
                key
            };
            i += self.phrase_at(lower, words, i, key, &mut next_folded, &mut out);
        }
        out.truncate(MAX_HITS);
        out
    }

    /// From word `i` up to word `to` (all ASCII), the first that is a key:
    /// its index and key, or `to` and none. The words before it that start
    /// with a prefix are hits, pushed to `out`; if `out` is full after one,
    /// the index after it is given, with no key.
    fn next_key<'s>(
        &'s self,
        lower: &str,
        words: &[Word],
        mut i: usize,
        to: usize,
        out: &mut Vec<Hit>,
    ) -> (usize, Option<&'s Key>) {
        let bytes = lower.as_bytes();
        while i < to {
            let Some(&w) = words.get(i) else {
                break;
            };
            let word = bytes.get(w.start..w.end).unwrap_or(&[]);
            if let Some(key) = self.key_of(word) {
                return (i, Some(key));
            }
            i += 1;
            if let Some(cue) = self.prefix_of(word) {
                out.push(Hit {
                    cue,
                    start: w.start,
                    end: w.end,
                });
                if out.len() >= MAX_HITS {
                    return (i, None);
                }
            }
        }
        (to, None)
    }

    /// The phrases of `key`, which word `i` is, tried longest first: the
    /// first that follows is a hit pushed to `out`. Gives how many words
    /// it took (1 when none: the key alone is no cue then).
    fn phrase_at(
        &self,
        lower: &str,
        words: &[Word],
        i: usize,
        key: &Key,
        next_folded: &mut String,
        out: &mut Vec<Hit>,
    ) -> usize {
        let Some(&w) = words.get(i) else {
            return 1;
        };
        // The word after, as the phrases' second words are compared with
        // it: read once for all of them.
        let second = key
            .phrases
            .first()
            .is_some_and(|p| p.1.len() > 1)
            .then(|| next_word(lower, words, i + 1, next_folded))
            .flatten();
        for (cue, phrase) in &key.phrases {
            let found = match phrase.get(1) {
                None => true,
                Some(expected) => {
                    second == Some(expected.as_str()) && phrase_matches(lower, words, i, phrase, 2)
                }
            };
            if found {
                let last = words.get(i + phrase.len() - 1).map_or(w.end, |x| x.end);
                out.push(Hit {
                    cue: *cue,
                    start: w.start,
                    end: last,
                });
                return phrase.len().max(1);
            }
        }
        1
    }

    /// The former [`ContextScanner::scan`], which asked of every word
    /// whether it is ASCII and ran every word through the whole loop: the
    /// reference the scan by runs of ASCII words is checked against.
    #[cfg(test)]
    fn scan_former(&self, lower: &str, words: &[Word]) -> Vec<Hit> {
        let bytes = lower.as_bytes();
        let mut out = Vec::new();
        let mut folded = String::new();
        let mut next_folded = String::new();
        let mut ascii = text::AsciiWords::new(lower);
        let mut i = 0;
        while let Some(&w) = words.get(i) {
            if out.len() >= MAX_HITS {
                break;
            }
            let word = if ascii.is_ascii(w) {
                bytes.get(w.start..w.end).unwrap_or(&[])
            } else {
                let raw = lower.get(w.start..w.end).unwrap_or("");
                if raw.chars().any(lang::is_unspaced) {
                    unspaced_hits(raw, w.start, &mut out);
                    i += 1;
                    continue;
                }
                folded.clear();
                lang::fold_into(raw, &mut folded);
                folded.as_bytes()
            };
            let Some(key) = self.key_of(word) else {
                if let Some(cue) = self.prefix_of(word) {
                    out.push(Hit {
                        cue,
                        start: w.start,
                        end: w.end,
                    });
                }
                i += 1;
                continue;
            };
            // The word after, as the phrases' second words are compared
            // with it: read once for all of them.
            let second = key
                .phrases
                .first()
                .is_some_and(|p| p.1.len() > 1)
                .then(|| next_word(lower, words, i + 1, &mut next_folded))
                .flatten();
            let mut matched = 1;
            for (cue, phrase) in &key.phrases {
                let found = match phrase.get(1) {
                    None => true,
                    Some(expected) => {
                        second == Some(expected.as_str())
                            && phrase_matches(lower, words, i, phrase, 2)
                    }
                };
                if found {
                    let last = words.get(i + phrase.len() - 1).map_or(w.end, |x| x.end);
                    out.push(Hit {
                        cue: *cue,
                        start: w.start,
                        end: last,
                    });
                    matched = phrase.len().max(1);
                    break;
                }
            }
            i += matched;
        }
        out.truncate(MAX_HITS);
        out
    }
}

/// Word `k` of `words` as a phrase's word after word `k - 1` is compared
/// with it (as it is if ASCII, folded into `buf` if not), or `None` if
/// there is none or the gap between them does not join words of a phrase
/// (`phrase_matches`).
fn next_word<'a>(lower: &'a str, words: &[Word], k: usize, buf: &'a mut String) -> Option<&'a str> {
    let (prev, w) = (*words.get(k.checked_sub(1)?)?, *words.get(k)?);
    let gap = lower.as_bytes().get(prev.end..w.start)?;
    if gap.len() > 3 || gap.contains(&b'\n') {
        return None;
    }
    let word = lower.get(w.start..w.end).unwrap_or("");
    if word.is_ascii() {
        return Some(word);
    }
    buf.clear();
    lang::fold_into(word, buf);
    Some(buf.as_str())
}

/// The cues in `run`, a word holding text written without spaces (which
/// starts at byte `at`), in order of position: substrings, not words.
fn unspaced_hits(run: &str, at: usize, out: &mut Vec<Hit>) {
    let from = out.len();
    for (cue, phrases) in lang::ja::PHRASES {
        for p in *phrases {
            for (k, _) in run
                .match_indices(p)
                .take(MAX_HITS.saturating_sub(out.len()))
            {
                out.push(Hit {
                    cue: *cue,
                    start: at + k,
                    end: at + k + p.len(),
                });
            }
        }
    }
    if let Some(new) = out.get_mut(from..) {
        new.sort_by_key(|h| (h.start, core::cmp::Reverse(h.end)));
    }
}

/// Whether the words of `phrase` from its word `from` on follow word `i`
/// (which is its first): separated by spaces, hyphens or an apostrophe,
/// and equal once folded.
fn phrase_matches(lower: &str, words: &[Word], i: usize, phrase: &[String], from: usize) -> bool {
    for (k, expected) in phrase.iter().enumerate().skip(from) {
        let Some(w) = words.get(i + k) else {
            return false;
        };
        if k == 0 {
            // The first word is the key it was found under.
            continue;
        }
        // Words of a phrase are separated by spaces, hyphens or an apostrophe.
        let prev = words[i + k - 1];
        let gap = lower.get(prev.end..w.start).unwrap_or("\n");
        if gap.len() > 3 || gap.contains('\n') {
            return false;
        }
        let word = lower.get(w.start..w.end).unwrap_or("");
        let same = if word.is_ascii() {
            word == expected
        } else {
            lang::fold(word) == *expected
        };
        if !same {
            return false;
        }
    }
    true
}

/// The directory's policy text for a tactic, if the vendor has that policy.
pub fn policy_text(directory: &Directory, cue: Cue) -> Option<&str> {
    let id = cue.policy()?;
    directory
        .policy(id)
        .or_else(|| {
            (cue == Cue::ScheduledCall)
                .then(|| directory.policy(policy_ids::CALLS_SCHEDULED_WITH_NOTICE))
                .flatten()
        })
        .map(|p| p.text.as_str())
}

/// The cues a scanner finds in `s`, normalised as the engine does (tests
/// here and in `lang::real`).
#[cfg(test)]
pub(crate) fn cues_in(s: &str) -> Vec<Cue> {
    let t = crate::detect::text::normalize(s).to_ascii_lowercase();
    let w = crate::detect::text::words(&t);
    ContextScanner::default()
        .scan(&t, &w)
        .into_iter()
        .map(|h| h.cue)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::cues_in as cues;
    use super::*;

    #[test]
    fn finds_phrases() {
        assert_eq!(
            cues("Your computer IS INFECTED. Do not shut down!"),
            vec![Cue::Infected, Cue::DoNotShutDown]
        );
        assert_eq!(
            cues("Don't restart; install AnyDesk"),
            vec![Cue::DoNotShutDown, Cue::RemoteAccess]
        );
        assert_eq!(cues("pay with Google Play cards"), vec![Cue::GiftCards]);
        assert_eq!(
            cues("Scammers impersonating support"),
            vec![Cue::Commentary, Cue::Commentary, Cue::Support]
        );
        assert_eq!(cues("do not"), vec![]);
        assert_eq!(cues("gift\ncard"), vec![]);
    }

    #[test]
    fn other_languages() {
        use Cue::*;
        // German, with umlauts, capitals and a compound.
        assert_eq!(
            cues("BETRÜGER geben sich als Kundendienst aus: Betrugsmasche"),
            vec![Commentary, Commentary, Support, Commentary]
        );
        assert_eq!(
            cues(
                "Fahren Sie den Computer nicht herunter, installieren Sie die Fernwartungssoftware"
            ),
            vec![DoNotShutDown, RemoteAccess]
        );
        // French, with the accent written as a combining mark.
        assert_eq!(
            cues("Arnaque : des escrocs se faisant passer pour le service client"),
            vec![Commentary, Commentary, Commentary, Support]
        );
        assert_eq!(
            cues("Ne fermez pas cette page, appelez le support te\u{301}chnique"),
            vec![DoNotShutDown, CallToAction, Support]
        );
        // Spanish and Dutch.
        assert_eq!(
            cues("Llame al soporte técnico, no apague su equipo"),
            vec![CallToAction, Support, DoNotShutDown]
        );
        assert_eq!(
            cues("Oplichters doen zich voor als de klantenservice"),
            vec![Commentary, Commentary, Support]
        );
        // Japanese: substrings, with a Latin name glued on.
        assert_eq!(
            cues("サポート詐欺にご注意ください"),
            vec![Support, Commentary, Commentary]
        );
        assert_eq!(
            cues("Windowsがロックされました。AnyDeskをインストール"),
            vec![Urgency, RemoteAccess]
        );
        // Ordinary words of those languages are not cues.
        assert_eq!(cues("Der Zug fährt um acht Uhr ab"), vec![]);
        assert_eq!(cues("今日は天気がいいです"), vec![]);
    }

    #[test]
    fn policies_are_found() {
        let dir = crate::detect::testing::directory();
        assert!(policy_text(&dir, Cue::RemoteAccess).is_some_and(|t| t.contains("AnyDesk")));
        assert!(policy_text(&dir, Cue::Infected).is_none());
    }

    /// The scanner as it was before its filters and buckets: every word of
    /// two bytes or more is looked up in a hash map of the first words,
    /// every word long enough is tried against the prefixes, and each
    /// phrase is compared word by word from its second.
    fn reference_scan(lower: &str, words: &[Word]) -> Vec<Hit> {
        // The tables built again from the phrase lists as written, not
        // from the scanner's own keys and prefixes, so that a key or prefix
        // the scanner's construction lost shows up as a difference.
        let mut by_first: HashMap<String, Phrases, BuildHasherDefault<Fnv>> = HashMap::default();
        let tables = core::iter::once(PHRASES).chain(lang::WORD_TABLES);
        for (cue, phrases) in tables.flat_map(|t| t.iter()) {
            for p in *phrases {
                let words: Vec<String> = p.split(' ').map(lang::fold).collect();
                if let Some(first) = words.first() {
                    by_first
                        .entry(first.clone())
                        .or_default()
                        .push((*cue, words));
                }
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|p| core::cmp::Reverse(p.1.len()));
        }
        let longest = by_first.keys().map(|k| k.len()).max().unwrap_or(0);
        let prefixes: Vec<(Cue, String)> = core::iter::once(PREFIXES)
            .chain(lang::PREFIX_TABLES)
            .flat_map(|t| t.iter())
            .map(|(cue, p)| (*cue, lang::fold(p)))
            .collect();
        let shortest_prefix = prefixes
            .iter()
            .map(|(_, p)| p.len())
            .min()
            .unwrap_or(usize::MAX);
        let mut out = Vec::new();
        let mut folded = String::new();
        let mut i = 0;
        while i < words.len() && out.len() < MAX_HITS {
            let w = words[i];
            let raw = lower.get(w.start..w.end).unwrap_or("");
            let word = if raw.is_ascii() {
                raw
            } else {
                if raw.chars().any(lang::is_unspaced) {
                    unspaced_hits(raw, w.start, &mut out);
                    i += 1;
                    continue;
                }
                folded.clear();
                lang::fold_into(raw, &mut folded);
                folded.as_str()
            };
            let mut matched = 0;
            let lookup = word.len() >= 2 && word.len() <= longest;
            if let Some(list) = lookup.then(|| by_first.get(word)).flatten() {
                for (cue, phrase) in list.iter() {
                    if phrase_matches(lower, words, i, phrase, 0) {
                        let last = words.get(i + phrase.len() - 1).map_or(w.end, |x| x.end);
                        out.push(Hit {
                            cue: *cue,
                            start: w.start,
                            end: last,
                        });
                        matched = matched.max(phrase.len());
                        break;
                    }
                }
            } else if word.len() >= shortest_prefix {
                let first = word.as_bytes().first().copied().unwrap_or(0);
                let mine = prefixes
                    .iter()
                    .filter(|(_, p)| p.as_bytes().first() == Some(&first));
                for (cue, prefix) in mine {
                    if word.starts_with(prefix.as_str()) {
                        out.push(Hit {
                            cue: *cue,
                            start: w.start,
                            end: w.end,
                        });
                        break;
                    }
                }
            }
            i += matched.max(1);
        }
        out.truncate(MAX_HITS);
        out
    }

    /// Every phrase and prefix of every language, as written.
    fn all_phrases() -> Vec<String> {
        let words = core::iter::once(PHRASES).chain(lang::WORD_TABLES);
        let mut out: Vec<String> = words
            .flat_map(|t| t.iter())
            .flat_map(|(_, p)| p.iter().map(|p| p.to_string()))
            .collect();
        let prefixes = core::iter::once(PREFIXES).chain(lang::PREFIX_TABLES);
        out.extend(
            prefixes
                .flat_map(|t| t.iter())
                .map(|(_, p)| format!("{p}ed")),
        );
        out
    }

    /// The scan's hits on `text`, the reference's, and the former scan's.
    fn scan_both(text: &str) -> (Vec<Hit>, Vec<Hit>, Vec<Hit>) {
        let t = crate::detect::text::normalize(text).to_ascii_lowercase();
        let w = crate::detect::text::words(&t);
        let s = ContextScanner::default();
        (
            s.scan(&t, &w),
            reference_scan(&t, &w),
            s.scan_former(&t, &w),
        )
    }

    /// No key is turned away by the filter or missed in its bucket, and no
    /// word starting with a prefix by the prefix filter, whatever the
    /// language.
    #[test]
    fn every_key_passes_the_filter() {
        let s = ContextScanner::default();
        assert!(s.keys.len() > 100, "{}", s.keys.len());
        for key in &s.keys {
            if key.word.len() >= 2 {
                let found = s.key_of(key.word.as_bytes()).map(|k| k.word.as_str());
                assert_eq!(found, Some(key.word.as_str()));
            }
        }
        let mut words: Vec<&str> = s.keys.iter().map(|k| k.word.as_str()).collect();
        words.sort_unstable();
        words.dedup();
        assert_eq!(words.len(), s.keys.len(), "a first word is listed twice");
        // Nor a word that starts with a prefix: a prefix's signature is of
        // its first `PREFIX_HEAD` bytes, so none may be shorter.
        assert!(s.shortest_prefix >= PREFIX_HEAD, "{}", s.shortest_prefix);
        for (cue, prefix) in &s.prefixes {
            let word = format!("{prefix}ed");
            assert!(s.may_start_prefix(word.as_bytes()), "{prefix}");
            assert!(s.prefix_of(word.as_bytes()).is_some(), "{prefix} {cue:?}");
        }
    }

    /// The filters, the buckets and the second word read once change no
    /// hit on the corpus, and on every phrase.
    #[test]
    fn filters_change_no_hit_on_the_corpus() {
        let mut texts = vec![all_phrases().join(". ")];
        for s in crate::detect::testing::corpus(&["pages", "webmail", "emails"]) {
            texts.push(crate::detect::text::extract(&s).text);
        }
        assert!(texts.len() > 40, "corpus not found: {}", texts.len());
        let mut hits = 0;
        for t in &texts {
            let (fast, all, former) = scan_both(t);
            assert_eq!(fast, all, "{}", t.get(..200).unwrap_or(t));
            assert_eq!(fast, former, "{}", t.get(..200).unwrap_or(t));
            hits += fast.len();
        }
        assert!(hits > 200, "{hits}");
    }

    /// The scan by runs stops at `MAX_HITS` where the former scan did,
    /// whether the last hit is a phrase, a key alone or a prefix.
    #[test]
    fn max_hits_as_before() {
        let s = ContextScanner::default();
        for lead in 0..4 {
            let text = "support ".repeat(lead)
                + &"impersonated support do not shut down caf\u{e9} ".repeat(7_000);
            let t = crate::detect::text::normalize(&text).to_ascii_lowercase();
            let w = crate::detect::text::words(&t);
            let fast = s.scan(&t, &w);
            assert_eq!(fast.len(), MAX_HITS);
            assert_eq!(fast, s.scan_former(&t, &w), "{lead}");
        }
    }

    proptest::proptest! {
        /// The scanner finds what the reference does on text made of phrases
        /// of every language, in either case, between words and punctuation,
        /// some with their words apart (a line break, a long gap).
        #[test]
        fn filters_change_no_hit(parts in proptest::collection::vec((proptest::sample::select(all_phrases()), "[ ,.'\n-]{1,2}|[ ][a-zé]{1,6}[ ]", proptest::bool::ANY, proptest::sample::select(vec![" ", " ", "\n", " -- ", "'"])), 0..16)) {
            let text: String = parts
                .iter()
                .map(|(p, sep, upper, inner)| {
                    let p = p.replace(' ', inner);
                    let p = if *upper { p.to_uppercase() } else { p };
                    p + sep
                })
                .collect();
            let (fast, all, former) = scan_both(&text);
            proptest::prop_assert_eq!(&fast, &all);
            proptest::prop_assert_eq!(fast, former);
        }

        /// The scan by runs of ASCII words finds what the former one did on
        /// hostile text: phrases among words beyond ASCII and unspaced
        /// Japanese, punctuation beyond ASCII between words, hyphens.
        #[test]
        fn runs_change_no_hit(parts in proptest::collection::vec((proptest::sample::select(all_phrases()), "[ ,.\n-]{1,2}|[ ]\\PC{1,4}[ ]|\u{2019}|\u{2014}|[ ]サポート詐欺[ ]|[ ]caf\u{e9}[ ]"), 0..16)) {
            let text: String = parts.iter().map(|(p, sep)| format!("{p}{sep}")).collect();
            let (fast, _, former) = scan_both(&text);
            proptest::prop_assert_eq!(fast, former);
        }

        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = cues(&s);
        }

        /// Case and extra spaces do not matter.
        #[test]
        fn phrases_ignore_case(upper in proptest::bool::ANY, spaces in 1usize..3) {
            let gap = " ".repeat(spaces);
            let text = format!("please do{gap}not{gap}shut{gap}down");
            let text = if upper { text.to_uppercase() } else { text };
            proptest::prop_assert_eq!(cues(&text), vec![Cue::DoNotShutDown]);
        }
    }
}
