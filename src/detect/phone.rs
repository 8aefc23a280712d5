//! Phone numbers written for people, found in running text and normalised to
//! E.164 so that they can be compared with the directory.
//!
//! libphonenumber knows every country's numbering plan, and its JavaScript
//! port costs a large table and a regex per candidate. Countersign only needs
//! to answer "is this one of the vendor's numbers?", so a hand-written scanner
//! is enough and is linear in the text:
//!
//! * a candidate starts at a digit (any script's decimal digits), `+` or `(`
//!   that does not follow a letter, digit, `#`, `$` or similar;
//! * it runs over digits and short runs of separators (space, `.`, `-`,
//!   `/`, parentheses, `•`, `·`, dashes), so `1 • 8 8 8 • 5 5 5 • 0 1 6 2`
//!   is one number, and `(0)` after a country code is dropped;
//! * it is read as international (`+`, `00`, `011`), North American (10
//!   digits, or 11 with a leading `1`, grouped 3-3-4), or national, in the
//!   formats of a list of countries ([`National`]).
//!
//! Which country a national number belongs to is not written on it:
//! "030 1234567" is a Berlin number to a German reader. The countries are
//! tried in this order, and the first whose format fits wins:
//!
//! 1. the country of the text's language (`super::lang::guess`), because
//!    that is how its reader dials the number: a Japanese page's
//!    "050-1234-5678" is a Japanese number whatever the vendor's directory
//!    says. Scam pages sit on `.com` hosts and free web space, and scam mail
//!    comes from free mail, so the host's country code says far less about
//!    the reader than the language does;
//! 2. the countries of the vendor's own numbers in the directory, in the
//!    directory's order (the vendor serves those countries, so its customers
//!    there write numbers that way).
//!
//! A reading is never chosen because it makes the number one of the
//! vendor's: that would show a number as official that the reader would
//! dial as another.
//!
//! Grouping rules keep dates, times, prices and order numbers out: without a
//! `+`, the groups of a North American number must break at 3-3-4, and the
//! last group of any number has at least three digits, unless every digit
//! stands alone (the spelled-out form scammers use to dodge filters) or the
//! country writes numbers in pairs (France: `01 23 45 67 89`, all five
//! pairs) or ends them with pairs (Spain: `91 234 56 78`). A national
//! reading never starts with a date's groups (`26 11 2026`, 2-2-4), and digits
//! right after a label that names them an order, invoice, customer or
//! account number (`Bestellnummer:`, `N° de commande`, `注文番号`) or inside
//! an IBAN are not read as a phone number.

use std::borrow::Cow;

use super::text::{self, digit_value};
use crate::directory::Directory;

/// Most numbers reported from one text; a page listing more is a directory
/// of numbers, not a support page, and evidence must stay small.
pub const MAX_PHONES: usize = 200;
/// Most digits in one number (15 for E.164, plus `00`/`011` prefixes).
const MAX_DIGITS: usize = 17;
/// Most digits read in one run of digits and separators; a longer run is
/// cut there, and numbers are looked for at its start.
const MAX_RUN: usize = 40;

/// A phone number found in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundPhone {
    /// Byte offset where it starts in the text.
    pub start: usize,
    /// Byte offset just after its last digit.
    pub end: usize,
    /// Canonical E.164 form.
    pub e164: String,
}

/// How one country writes its numbers nationally.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct National {
    /// ISO 3166 code.
    country: &'static str,
    /// Calling code.
    code: &'static str,
    /// Whether national numbers start with a trunk `0` that is dropped
    /// after the calling code (Spain has none: the first digit is part of
    /// the number).
    trunk: bool,
    /// Fewest and most digits of a national number, trunk included.
    min: usize,
    max: usize,
    /// Leading digits a number without a trunk may start with.
    first: &'static [u8],
    /// Groupings allowed when the last group is shorter than three digits.
    short_tail: &'static [&'static [u8]],
    /// Prefixes (trunk included) of service numbers, which are shorter or
    /// longer than the country's ordinary numbers: eight to eleven digits
    /// (Dutch "0800-1234" and "0900-1234567").
    service: &'static [&'static [u8]],
}

const fn trunk0(country: &'static str, code: &'static str) -> National {
    National {
        country,
        code,
        trunk: true,
        min: 10,
        max: 11,
        first: &[],
        short_tail: &[],
        service: &[],
    }
}

/// The formats read, by country. Countries not listed in full use the
/// common trunk-`0` reading: a `0` and nine or ten more digits.
const NATIONAL: &[National] = &[
    // Germany: area codes of 2 to 5 digits after the 0, subscriber
    // numbers of 3 to 8: "030 1234567", "07531 12345", "0171 1234567".
    National {
        min: 9,
        max: 12,
        ..trunk0("DE", "49")
    },
    // France: ten digits in five pairs, "01 23 45 67 89".
    National {
        min: 10,
        max: 10,
        short_tail: &[&[2, 2, 2, 2, 2]],
        ..trunk0("FR", "33")
    },
    // Spain: nine digits, no trunk prefix: "912 345 678", "91 234 56 78",
    // "612 34 56 78". Landlines start with 8 or 9, mobiles with 6 or 7.
    National {
        country: "ES",
        code: "34",
        trunk: false,
        min: 9,
        max: 9,
        first: &[6, 7, 8, 9],
        short_tail: &[&[2, 3, 2, 2], &[3, 2, 2, 2]],
        service: &[],
    },
    // The Netherlands: ten digits, "020-123 4567", "06-12345678"; free
    // and paid service lines have four or seven digits after their prefix
    // ("0800-1234", "0900-1234567").
    National {
        min: 10,
        max: 10,
        service: &[&[0, 8, 0, 0], &[0, 9, 0, 0], &[0, 9, 0, 6], &[0, 9, 0, 9]],
        ..trunk0("NL", "31")
    },
    // Brazil: a two-digit area code, written without the trunk 0, before
    // eight or nine digits ("(11) 91234-5678", "11 3456-7890"); toll-free
    // and shared-cost lines have six or seven digits after 0800, 0300 or
    // 0500 ("0800 123 4567").
    National {
        country: "BR",
        code: "55",
        trunk: false,
        min: 10,
        max: 11,
        first: &[1, 2, 3, 4, 5, 6, 7, 8, 9],
        short_tail: &[],
        service: &[&[0, 8, 0, 0], &[0, 3, 0, 0], &[0, 5, 0, 0]],
    },
    // Portugal: nine digits, no trunk prefix: landlines start with 2,
    // mobiles with 9, free and shared-cost lines with 8 and 7
    // ("800 123 456", "21 123 4567", "912 345 678").
    National {
        country: "PT",
        code: "351",
        trunk: false,
        min: 9,
        max: 9,
        first: &[2, 7, 8, 9],
        short_tail: &[],
        service: &[],
    },
    // Japan: ten digits for landlines and toll-free ("03-1234-5678",
    // "0120-123-456"), eleven for mobiles and IP phones ("050-1234-5678").
    trunk0("JP", "81"),
    trunk0("GB", "44"),
    trunk0("IE", "353"),
    trunk0("AU", "61"),
    trunk0("NZ", "64"),
    trunk0("BE", "32"),
    trunk0("CH", "41"),
    trunk0("AT", "43"),
    trunk0("SE", "46"),
    trunk0("IN", "91"),
    trunk0("ZA", "27"),
    trunk0("FI", "358"),
    trunk0("IL", "972"),
];

/// The national format of `country`, if it is read.
fn national(country: &str) -> Option<National> {
    NATIONAL.iter().find(|n| n.country == country).copied()
}

impl National {
    /// The E.164 digits of a national number written as `digits` in
    /// `groups`, if it fits this country's format. `short_tail`: the last
    /// group has fewer than three digits.
    fn read(&self, digits: &[u8], groups: &[u8], short_tail: bool) -> Option<Vec<u8>> {
        let (min, max) = if self.service.iter().any(|p| digits.starts_with(p)) {
            (8, 11)
        } else {
            (self.min, self.max)
        };
        if !(min..=max).contains(&digits.len()) {
            return None;
        }
        if short_tail && !self.short_tail.contains(&groups) {
            return None;
        }
        // A date's day, month and year (26 11 2026) start no number.
        if groups.starts_with(&[2, 2, 4]) {
            return None;
        }
        let rest = if self.trunk {
            let rest = digits.strip_prefix(&[0])?;
            if rest.first().map_or(true, |&d| d == 0) {
                return None;
            }
            rest
        } else if digits.first() == Some(&0) && self.service.iter().any(|p| digits.starts_with(p)) {
            // A service line dialled with a 0 in a country without a trunk
            // prefix (Brazil's "0800 123 4567").
            digits.get(1..)?
        } else {
            if !digits.first().is_some_and(|d| self.first.contains(d)) {
                return None;
            }
            digits
        };
        let mut d: Vec<u8> = self.code.bytes().map(|b| b - b'0').collect();
        d.extend_from_slice(rest);
        Some(d)
    }
}

/// Whether byte `b` may start a number: a digit, `+`, `(` or a byte beyond
/// ASCII (which may be a digit of another script).
fn may_start(b: u8) -> bool {
    b.is_ascii_digit() || b == b'+' || b == b'(' || b >= 0x80
}

/// The first byte at or after `from` that may start a number, read eight
/// bytes at a time: one test per eight bytes finds those from `(` to `9`
/// (digits, `+`, `(` and a few punctuation marks) and those beyond ASCII,
/// and only those are asked [`may_start`].
fn next_number_start(bytes: &[u8], mut from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    while let Some(eight) = bytes.get(from..from + 8) {
        let mut w = [0u8; 8];
        for (to, b) in w.iter_mut().zip(eight) {
            *to = *b;
        }
        let w = u64::from_le_bytes(w);
        // An ASCII byte's high bit after adding 0x80 - n says it is at
        // least n; no ASCII byte carries into the next. A byte beyond ASCII
        // is a start itself, and any carry from it only reaches the bytes
        // after it.
        let from_paren = w.wrapping_add(ONES * (0x80 - 0x28));
        let past_nine = w.wrapping_add(ONES * (0x80 - 0x3A));
        let mut maybe = ((from_paren & !past_nine) | w) & HIGH;
        while maybe != 0 {
            let at = from + (maybe.trailing_zeros() / 8) as usize;
            if bytes.get(at).is_some_and(|&b| may_start(b)) {
                return Some(at);
            }
            maybe &= maybe - 1;
        }
        from += 8;
    }
    let rest = bytes.get(from..)?;
    rest.iter().position(|&b| may_start(b)).map(|k| from + k)
}

/// Reads phone numbers with the national formats of a list of countries.
#[derive(Clone, Debug)]
pub struct PhoneScanner {
    /// The national formats numbers are read in, first match wins.
    national: Vec<National>,
}

impl Default for PhoneScanner {
    /// North American and UK national formats.
    fn default() -> Self {
        PhoneScanner {
            national: national("GB").into_iter().collect(),
        }
    }
}

/// Finds every phone number in `text` (North American and UK national
/// formats), as E.164. For benchmarks and the browser.
pub fn extract_phones(text: &str) -> Vec<String> {
    PhoneScanner::default()
        .find(text, usize::MAX)
        .into_iter()
        .map(|p| p.e164)
        .collect()
}

fn is_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '.' | '-' | '/' | '\u{A0}' | '\u{2022}' | '\u{B7}' | '\u{2010}'
            ..='\u{2015}'
                | '\u{2212}'
                | '\u{30FB}'
                | '\u{2009}'
                | '\u{202F}'
                | '\u{2027}'
                | '\u{2219}'
                | '\u{25CF}'
                | '\u{3000}'
                | '\u{FF0D}'
                | '\u{FF0E}'
                | '\u{FF0F}'
                | '\u{FE58}'
                | '\u{FE63}'
    )
}

/// What a candidate's digits were read as.
struct Candidate {
    digits: [u8; MAX_RUN],
    len: usize,
    /// Length of each group of digits between separators.
    groups: [u8; MAX_RUN],
    /// Byte offset just after each group.
    group_ends: [usize; MAX_RUN],
    ngroups: usize,
    plus: bool,
    end: usize,
}

impl Candidate {
    fn digits(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or(&[])
    }

    fn groups(&self) -> &[u8] {
        self.groups.get(..self.ngroups).unwrap_or(&[])
    }
}

impl PhoneScanner {
    /// A scanner for the national formats of the countries the directory's
    /// numbers serve (North American formats are always read).
    pub fn new(directory: &Directory) -> PhoneScanner {
        let mut scanner = PhoneScanner {
            national: Vec::new(),
        };
        for p in &directory.phones {
            scanner.add(&p.country);
        }
        scanner
    }

    fn add(&mut self, country: &str) {
        if let Some(n) = national(country) {
            if !self.national.contains(&n) {
                self.national.push(n);
            }
        }
    }

    /// This scanner for a text whose readers are in `country` (ISO 3166,
    /// from the text's language): that country's format is tried first (see
    /// the module docs).
    pub fn for_country(&self, country: Option<&str>) -> Cow<'_, PhoneScanner> {
        let Some(n) = country.and_then(national) else {
            return Cow::Borrowed(self);
        };
        if self.national.first() == Some(&n) {
            return Cow::Borrowed(self);
        }
        let mut national = vec![n];
        national.extend(self.national.iter().filter(|x| **x != n));
        Cow::Owned(PhoneScanner { national })
    }

    /// Every phone number in `text`, at most `limit`.
    pub fn find(&self, text: &str, limit: usize) -> Vec<FoundPhone> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() && out.len() < limit {
            // Jump to the next byte that can start a number: most text
            // is letters and spaces, skipped without decoding.
            let Some(next) = next_number_start(bytes, i) else {
                break;
            };
            i = next;
            let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            let starts = c == '+' || c == '(' || digit_value(c).is_some();
            let prev = text
                .get(..i)
                .and_then(|r| r.chars().next_back())
                .unwrap_or(' ');
            if starts && !blocks_start(prev) {
                if let Some(cand) = scan(text, i) {
                    let mut end = cand.end;
                    if !text
                        .get(end..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(|c| c.is_alphanumeric() && !is_unspaced_letter(c))
                    {
                        let id = !cand.plus && (labelled_as_id(text, i) || in_iban(text, i));
                        if let Some((e164, number_end)) =
                            (!id).then(|| self.longest_number(&cand)).flatten()
                        {
                            out.push(FoundPhone {
                                start: i,
                                end: number_end,
                                e164,
                            });
                            end = number_end;
                        }
                    }
                    // Skip the whole run, found or not: its digits are not
                    // the start of another number.
                    i = end.max(i + 1);
                    while i < bytes.len() && !text.is_char_boundary(i) {
                        i += 1;
                    }
                    continue;
                }
            }
            i += c.len_utf8().max(1);
        }
        out
    }

    /// Reads one number as a person would paste it or a `tel:` link holds
    /// it; the whole text must be the number.
    pub fn parse_one(&self, text: &str) -> Option<String> {
        let text = text.trim();
        let start = text.find(|c: char| c == '+' || c == '(' || digit_value(c).is_some())?;
        // Only a label may come before it ("tel:", "Phone:").
        if text.get(..start)?.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let cand = scan(text, start)?;
        let rest = text.get(cand.end..)?.trim();
        if !rest.is_empty() {
            return None;
        }
        self.interpret(cand.digits(), cand.groups(), cand.plus, true)
    }

    /// The longest run of whole groups at the start of a candidate that is
    /// a plausible number ("202 555 0143 202 555 0144" holds two), and
    /// where it ends.
    fn longest_number(&self, cand: &Candidate) -> Option<(String, usize)> {
        let groups = cand.groups();
        let mut count: usize = groups.iter().map(|&g| usize::from(g)).sum();
        for k in (1..=groups.len()).rev() {
            if count < 7 {
                break;
            }
            if count <= MAX_DIGITS {
                let digits = cand.digits().get(..count)?;
                if let Some(e164) = self.interpret(digits, groups.get(..k)?, cand.plus, false) {
                    return Some((e164, *cand.group_ends.get(k - 1)?));
                }
            }
            count -= usize::from(*groups.get(k - 1)?);
        }
        None
    }

    /// The E.164 form of a candidate's digits, if they are a plausible number.
    fn interpret(&self, digits: &[u8], groups: &[u8], plus: bool, lenient: bool) -> Option<String> {
        let spelled = groups.iter().all(|&g| g == 1);
        if digits.len() < 7 {
            return None;
        }
        let e164 = |d: &[u8]| -> Option<String> {
            let mut s = String::with_capacity(d.len() + 1);
            s.push('+');
            s.extend(d.iter().map(|&x| char::from(b'0' + x)));
            crate::phone::is_e164(&s).then_some(s)
        };
        if digits.len() > MAX_DIGITS {
            return None;
        }
        if plus {
            if digits.first() == Some(&1) && digits.len() != 11 {
                return None;
            }
            if digits.first() == Some(&1) && !nanp_ok(digits.get(1..)?) {
                return None;
            }
            return e164(digits);
        }
        let short_tail = !lenient && !spelled && groups.last().is_some_and(|&g| g < 3);
        let national = self
            .national
            .iter()
            .find_map(|n| n.read(digits, groups, short_tail));
        if short_tail {
            return national.and_then(|d| e164(&d));
        }
        if let Some(rest) = digits.strip_prefix(&[0, 0]) {
            return (rest.len() >= 8 && rest.first() != Some(&0))
                .then(|| e164(rest))
                .flatten();
        }
        if let Some(rest) = digits.strip_prefix(&[0, 1, 1]) {
            if rest.len() >= 8 && rest.first() != Some(&1) {
                return e164(rest);
            }
        }
        // North American: 10 digits, or 11 with the leading 1.
        let (nanp, skip) = match digits.len() {
            10 => (Some(digits), 0),
            11 if digits.first() == Some(&1) => (digits.get(1..), 1),
            _ => (None, 0),
        };
        if let Some(n) = nanp {
            if nanp_ok(n) && (spelled || lenient || nanp_grouping(groups, skip)) {
                let mut d = vec![1u8];
                d.extend_from_slice(n);
                return e164(&d);
            }
        }
        // National, in the first country whose format fits.
        national.and_then(|d| e164(&d))
    }
}

/// Words right before a number that make it an identifier, not a phone
/// number (lower case). This file is also compiled without the engine's
/// folding tables (the verify-only package), so accented forms are listed.
const ID_LABELS: &[&str] = &[
    "référence",
    "referencia",
    "order",
    "invoice",
    "ticket",
    "case",
    "reference",
    "ref",
    "account",
    "transaction",
    "tracking",
    "iban",
    "bic",
    "swift",
    "vat",
    "bestellung",
    "bestellnummer",
    "auftrag",
    "auftragsnummer",
    "rechnung",
    "rechnungsnummer",
    "kundennummer",
    "kundennr",
    "vorgang",
    "vorgangsnummer",
    "sendungsnummer",
    "konto",
    "kontonummer",
    "commande",
    "facture",
    "dossier",
    "siret",
    "siren",
    "tva",
    "pedido",
    "factura",
    "referencia",
    "expediente",
    "nif",
    "cif",
    "dni",
    "bestelling",
    "bestelnummer",
    "ordernummer",
    "factuur",
    "factuurnummer",
    "klantnummer",
    "dossiernummer",
    "kenmerk",
    "btw",
    "kvk",
    "plz",
    "postleitzahl",
    "fatura",
    "protocolo",
    "cpf",
    "cnpj",
    "rastreio",
    "rastreamento",
    "encomenda",
    "boleto",
    "conta",
];

/// Words between a label and its number ("Order no.", "N° de commande").
const ID_FILLERS: &[&str] = &[
    "nr", "no", "n", "o", "nro", "number", "nummer", "numero", "numéro", "número", "num", "de",
    "du", "der", "do", "da",
];

/// Japanese labels, matched at the end of the run before the number
/// ("注文番号：" order number; not "電話番号", phone number).
const ID_LABELS_JA: &[&str] = &[
    "注文番号",
    "受付番号",
    "お客様番号",
    "会員番号",
    "請求番号",
    "伝票番号",
    "管理番号",
    "郵便番号",
    "口座番号",
];

/// Whether the number starting at `start` follows a label naming it an
/// order, invoice, customer or account number, on the same line.
fn labelled_as_id(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(48);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let Some(before) = text.get(from..start) else {
        return false;
    };
    let before = match before.bytes().rposition(|b| b == b'\n') {
        Some(at) => before.get(at + 1..).unwrap_or(""),
        None => before,
    };
    if before.is_ascii() {
        return labelled_as_id_ascii(before.as_bytes());
    }
    let words = text::words(before);
    // Only punctuation may stand between the label and the number.
    let Some(last) = words.last() else {
        return false;
    };
    let gap = before.get(last.end..).unwrap_or("");
    if !gap
        .chars()
        .all(|c| matches!(c, ' ' | ':' | '#' | '.' | '-' | '\u{A0}' | '\u{B0}'))
    {
        return false;
    }
    for w in words.iter().rev().take(4) {
        let word = before.get(w.start..w.end).unwrap_or("").to_lowercase();
        if ID_FILLERS.contains(&word.as_str()) {
            continue;
        }
        return ID_LABELS.contains(&word.as_str())
            || ID_LABELS_JA.iter().any(|l| word.ends_with(l));
    }
    false
}

/// [`labelled_as_id`] on an ASCII line: the same test read from the end
/// of the bytes, without listing the words or lowercasing them into new
/// strings (it runs before every number without a `+`). On ASCII text a
/// word of [`text::words`] is a run of letters and digits, so the words are
/// the runs between other bytes; the gap may hold only ASCII punctuation;
/// and a label or filler beyond ASCII ("référence", "注文番号") can match
/// no ASCII word, so comparing without case is the lowercase comparison.
fn labelled_as_id_ascii(before: &[u8]) -> bool {
    let is_word = |i: usize| before.get(i).is_some_and(u8::is_ascii_alphanumeric);
    // Back over the gap to the end of the last word.
    let mut i = before.len();
    while i > 0 && before.get(i - 1).is_some_and(|b| b" :#.-".contains(b)) {
        i -= 1;
    }
    for _ in 0..4 {
        if i == 0 || !is_word(i - 1) {
            return false;
        }
        let end = i;
        while i > 0 && is_word(i - 1) {
            i -= 1;
        }
        let word = before.get(i..end).unwrap_or(&[]);
        let listed = |list: &[&str]| list.iter().any(|l| l.as_bytes().eq_ignore_ascii_case(word));
        if !listed(ID_FILLERS) {
            return listed(ID_LABELS);
        }
        // Back over what separates this word from the one before.
        while i > 0 && !is_word(i - 1) {
            i -= 1;
        }
    }
    false
}

/// Whether the digits at `start` continue an IBAN ("DE89 3704 0044 …"):
/// going back over groups of at most four letters and digits, one finds
/// two capital letters and two digits.
fn in_iban(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(48);
    while from > 0 && !text.is_char_boundary(from) {
        from -= 1;
    }
    let Some(before) = text.get(from..start) else {
        return false;
    };
    let Some(before) = before.strip_suffix(' ') else {
        return false;
    };
    for b in before.as_bytes().rsplit(|&b| b == b' ').take(8) {
        if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_alphanumeric) {
            return false;
        }
        if b.len() == 4
            && b.iter().take(2).all(u8::is_ascii_uppercase)
            && b.iter().skip(2).all(u8::is_ascii_digit)
        {
            return true;
        }
    }
    false
}

/// Whether the previous character prevents a number from starting here: a
/// letter or digit (part of a word or code), or a sign that makes the
/// digits an amount, an id or a path.
fn blocks_start(prev: char) -> bool {
    (prev.is_alphanumeric() && !is_unspaced_letter(prev))
        || matches!(
            prev,
            '#' | '$' | '\u{20AC}' | '\u{A3}' | '_' | '/' | '=' | '.' | ',' | '%' | '&' | '@' | '+'
        )
}

/// Kana and ideographs: Japanese writes a number right after a word
/// ("電話050-1234-5678", "フリーダイヤル（０１２０）…"), with no space.
fn is_unspaced_letter(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}')
}

/// North American area code and exchange both start with 2-9.
fn nanp_ok(n: &[u8]) -> bool {
    n.len() == 10 && n.first().is_some_and(|&d| d >= 2) && n.get(3).is_some_and(|&d| d >= 2)
}

/// Whether the groups of a North American number (after `skip` leading
/// country digits) break only at 3-3-4.
fn nanp_grouping(groups: &[u8], skip: usize) -> bool {
    let mut at = 0usize;
    let mut first = true;
    for &g in groups {
        at += usize::from(g);
        if first && skip > 0 {
            first = false;
            if at == skip {
                at = 0;
                continue;
            }
            at -= skip;
        }
        first = false;
        if !matches!(at, 3 | 6 | 10) {
            return false;
        }
    }
    true
}

/// Reads the run of digits and separators that starts at `start`.
fn scan(text: &str, start: usize) -> Option<Candidate> {
    let mut cand = Candidate {
        digits: [0; MAX_RUN],
        len: 0,
        groups: [0; MAX_RUN],
        group_ends: [0; MAX_RUN],
        ngroups: 0,
        plus: false,
        end: start,
    };
    let rest = text.get(start..)?;
    let mut chars = rest.char_indices().peekable();
    let mut seps = 0usize;
    let mut group = 0u8;
    let mut open = false;
    if rest.starts_with('+') {
        cand.plus = true;
        chars.next();
    }
    while let Some((off, c)) = chars.next() {
        if let Some(d) = digit_value(c) {
            if cand.len >= MAX_RUN {
                break;
            }
            if let Some(slot) = cand.digits.get_mut(cand.len) {
                *slot = d;
            }
            cand.len += 1;
            group = group.saturating_add(1);
            seps = 0;
            cand.end = start + off + c.len_utf8();
            continue;
        }
        let is_paren = c == '(' || c == ')';
        if !is_separator(c) && !is_paren {
            break;
        }
        if c == '(' {
            // "(0)" after a country code is a trunk prefix to drop.
            if cand.plus
                && (1..=3).contains(&cand.len)
                && rest.get(off..).is_some_and(|r| r.starts_with("(0)"))
            {
                chars.next();
                chars.next();
                seps += 1;
                close_group(&mut cand, &mut group)?;
                continue;
            }
            if open {
                break;
            }
            open = true;
        } else if c == ')' {
            if !open {
                break;
            }
            open = false;
        }
        seps += 1;
        if seps > 3 {
            break;
        }
        close_group(&mut cand, &mut group)?;
    }
    close_group(&mut cand, &mut group)?;
    (cand.len > 0).then_some(cand)
}

fn close_group(cand: &mut Candidate, group: &mut u8) -> Option<()> {
    if *group > 0 {
        let slot = cand.groups.get_mut(cand.ngroups)?;
        *slot = *group;
        *cand.group_ends.get_mut(cand.ngroups)? = cand.end;
        cand.ngroups += 1;
        *group = 0;
    }
    Some(())
}

/// Decodes the number in a `tel:` link target (`tel:+1-844-555-0177`,
/// `tel:%2B18445550177`).
pub fn tel_target(href: &str) -> Option<String> {
    let rest = href.trim();
    let rest = rest
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case("tel:"))
        .and_then(|_| rest.get(4..))?;
    let rest = rest.split([';', '?']).next().unwrap_or(rest);
    // Most targets have no escape: one copy, not three replacements.
    if !rest.contains('%') {
        return Some(rest.to_string());
    }
    Some(
        rest.replace("%2B", "+")
            .replace("%2b", "+")
            .replace("%20", " "),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// [`labelled_as_id`] as it was: the line's words listed and each
    /// lowercased, whatever the script.
    fn labelled_as_id_reference(text: &str, start: usize) -> bool {
        let mut from = start.saturating_sub(48);
        while from > 0 && !text.is_char_boundary(from) {
            from -= 1;
        }
        let Some(before) = text.get(from..start) else {
            return false;
        };
        let before = before.rsplit('\n').next().unwrap_or("");
        let words = text::words(before);
        let Some(last) = words.last() else {
            return false;
        };
        let gap = before.get(last.end..).unwrap_or("");
        if !gap
            .chars()
            .all(|c| matches!(c, ' ' | ':' | '#' | '.' | '-' | '\u{A0}' | '\u{B0}'))
        {
            return false;
        }
        for w in words.iter().rev().take(4) {
            let word = before.get(w.start..w.end).unwrap_or("").to_lowercase();
            if ID_FILLERS.contains(&word.as_str()) {
                continue;
            }
            return ID_LABELS.contains(&word.as_str())
                || ID_LABELS_JA.iter().any(|l| word.ends_with(l));
        }
        false
    }

    /// [`tel_target`] as it was: the three escapes replaced in every target.
    fn tel_target_former(href: &str) -> Option<String> {
        let rest = href.trim();
        let rest = rest
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("tel:"))
            .and_then(|_| rest.get(4..))?;
        let rest = rest.split([';', '?']).next().unwrap_or(rest);
        Some(
            rest.replace("%2B", "+")
                .replace("%2b", "+")
                .replace("%20", " "),
        )
    }

    /// The link targets of every corpus page, webmail page and email, and
    /// targets with each escape, read as before.
    #[test]
    fn tel_target_as_the_former() {
        let mut hrefs: Vec<String> = super::super::testing::corpus(&["pages", "webmail", "emails"])
            .iter()
            .flat_map(|s| text::extract(s).links.into_iter().map(|l| l.href))
            .collect();
        let tel = hrefs.iter().filter(|h| tel_target(h).is_some()).count();
        assert!(tel >= 5, "{tel}");
        for t in [
            "+1 844",
            "%2B1%20844",
            "%2b1-844",
            "%2",
            "%",
            "1%2B",
            "%252B",
        ] {
            for p in ["tel:", "TEL:", " Tel:", "tel"] {
                hrefs.push(format!("{p}{t};ext=1"));
                hrefs.push(format!("{p}{t}?x"));
                hrefs.push(format!("{p}{t}"));
            }
        }
        for h in &hrefs {
            assert_eq!(tel_target(h), tel_target_former(h), "{h}");
        }
    }

    proptest::proptest! {
        #[test]
        fn tel_target_as_the_former_on_random_targets(t in "(tel:|TEL:| tel:)?[ %2bB0-9;?\u{e9}+-]{0,16}") {
            proptest::prop_assert_eq!(tel_target(&t), tel_target_former(&t));
        }
    }

    /// [`in_iban`] as it was: the groups split as text.
    fn in_iban_reference(text: &str, start: usize) -> bool {
        let mut from = start.saturating_sub(48);
        while from > 0 && !text.is_char_boundary(from) {
            from -= 1;
        }
        let Some(before) = text.get(from..start) else {
            return false;
        };
        let Some(before) = before.strip_suffix(' ') else {
            return false;
        };
        for group in before.rsplit(' ').take(8) {
            let b = group.as_bytes();
            if b.is_empty() || b.len() > 4 || !b.iter().all(u8::is_ascii_alphanumeric) {
                return false;
            }
            if b.len() == 4
                && b.iter().take(2).all(u8::is_ascii_uppercase)
                && b.iter().skip(2).all(u8::is_ascii_digit)
            {
                return true;
            }
        }
        false
    }

    /// The label and IBAN tests agree with the references before every
    /// position of `text`; returns how many labels were found.
    fn check_labels(text: &str) -> usize {
        let mut found = 0;
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            let fast = labelled_as_id(text, at);
            assert_eq!(fast, labelled_as_id_reference(text, at), "{at} in {text:?}");
            assert_eq!(
                in_iban(text, at),
                in_iban_reference(text, at),
                "{at} in {text:?}"
            );
            found += usize::from(fast);
        }
        found
    }

    /// On every corpus page, webmail page and email, on every label, filler
    /// and look-alike, and on random lines of them.
    #[test]
    fn labels_as_the_reference() {
        assert!(ID_LABELS.iter().all(|l| l.len() <= 32));
        // The ASCII path compares without case: the lists are lower case.
        assert!(ID_LABELS
            .iter()
            .chain(ID_FILLERS)
            .all(|l| l.to_lowercase() == *l));
        let mut texts: Vec<String> = super::super::testing::corpus(&["pages", "webmail", "emails"])
            .iter()
            .map(|s| text::normalize(&text::extract(s).text))
            .collect();
        assert!(texts.len() > 40, "{}", texts.len());
        for l in ID_LABELS.iter().chain(ID_FILLERS).chain(ID_LABELS_JA) {
            texts.push(format!(
                "{l} 12345 x {} no. 1 {l}: 2\n{l}-n\u{b0}: 3 #{l}# 4",
                l.to_uppercase()
            ));
            // Three fillers between label and number, then four.
            texts.push(format!("{l} No. nr de 5\n{l} n o de nro 6"));
        }
        texts.push("IBAN DE89 3704 0044 0532 0130 00, de89 3704 X DE8 9370 4".into());
        let found: usize = texts.iter().map(|t| check_labels(t)).sum();
        assert!(found > 100, "{found}");
    }

    proptest::proptest! {
        #[test]
        fn labels_as_the_reference_on_random_lines(parts in proptest::collection::vec((proptest::sample::select(ID_LABELS.iter().chain(ID_FILLERS).copied().chain(["Order", "NR", "x", "DE89", "3704", "\u{e9}t\u{e9}", "a-b", "0", "\u{6ce8}\u{6587}\u{756a}\u{53f7}"]).collect::<Vec<&str>>()), proptest::sample::select(vec![" ", ": ", "#", ". ", "\n", "-", "\u{a0}", "\u{b0}", ", ", ""])), 0..12)) {
            let text: String = parts.iter().map(|(w, sep)| format!("{w}{sep}")).collect::<String>() + "123";
            check_labels(&text);
        }
    }

    /// Labels in any case before every separator the gap test must turn
    /// away or accept (tab, carriage return, comma, slash, bracket, control
    /// characters...), after fillers, at the start of a line or not: the
    /// ASCII path and the reference agree.
    #[test]
    fn labels_as_the_reference_by_separator() {
        let mut n = 0;
        for l in [
            "order", "ORDER", "oRdEr", "Ticket", "id", "ID", "Id", "no", "NO", "case", "ref",
            "invoice",
        ] {
            for sep in [
                " ", "  ", "\t", "\r", "\r\n", "\n", ",", ";", ":", "#", "-", "/", ".", "(", " (",
                ": #", "\u{a0}", "\u{b0}", "", "_", "'", "\u{0}", "\u{7f}", "\u{b}", "\u{c}",
            ] {
                for pre in [
                    "", " ", "x ", "\n", "\r", "12", "a1", "\u{e9} ", "no ", "NR. ",
                ] {
                    for mid in [
                        "",
                        " no",
                        " No.",
                        " nr de",
                        " n o de nro",
                        " 12",
                        "12",
                        " x",
                    ] {
                        let t = format!("{pre}{l}{mid}{sep}123 \u{e9}");
                        n += check_labels(&t);
                        let t = format!("{pre}{l}{mid}{sep}12\u{e9}3");
                        n += check_labels(&t);
                    }
                }
            }
        }
        assert!(n > 0);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn labels_as_the_reference_on_any_ascii(t in "[\\x00-\\x7f]{0,70}") {
            check_labels(&t);
        }
        #[test]
        fn labels_as_the_reference_on_random_tokens(parts in proptest::collection::vec(proptest::sample::select(vec!["order", "ORDER", "oRdEr", "Id", "ID", "no", "No", "nr", "de", "o", "n", "x", "12", "a1", "1a", " ", "  ", "\t", "\r", "\n", ",", ";", ":", "#", "-", "/", ".", "(", "\u{a0}", "\u{b0}", "\u{e9}", "_", "\u{0}", "numero", "n\u{fa}mero", "ref", "case", "ticket", "invoice"]), 0..24)) {
            let t: String = parts.concat() + "123";
            check_labels(&t);
        }
        #[test]
        fn tel_target_as_the_former_on_escapes(t in "[ \t%2bB0-9a-fA-F;?\u{e9}+:TtEeLl-]{0,24}") {
            proptest::prop_assert_eq!(tel_target(&t), tel_target_former(&t));
        }
        #[test]
        fn tel_target_as_the_former_on_any_text(t in ".{0,24}") {
            proptest::prop_assert_eq!(tel_target(&t), tel_target_former(&t));
            let u = format!("tel:{t}");
            proptest::prop_assert_eq!(tel_target(&u), tel_target_former(&u));
        }
    }

    /// The eight-byte search finds the byte the table does, from every
    /// offset of every corpus text and of text with each byte at each place
    /// of an eight-byte read.
    #[test]
    fn next_number_start_as_the_byte_loop() {
        let check = |t: &[u8]| {
            for from in 0..=t.len() + 1 {
                let expected = t
                    .get(from..)
                    .and_then(|r| r.iter().position(|&b| may_start(b)))
                    .map(|k| from + k);
                assert_eq!(next_number_start(t, from), expected, "{from} in {t:?}");
            }
        };
        for b in 0..=255u8 {
            for at in 0..17 {
                let mut t = vec![b'a'; 24];
                t[at] = b;
                check(&t);
                t[at + 1] = 0xFF;
                check(&t);
            }
        }
        for s in super::super::testing::corpus(&["pages", "webmail", "emails"]) {
            check(s.as_bytes());
        }
    }

    use crate::detect::lang::Lang;

    fn found(text: &str) -> Vec<String> {
        PhoneScanner::default()
            .find(text, 100)
            .into_iter()
            .map(|p| p.e164)
            .collect()
    }

    #[test]
    fn common_formats() {
        for (text, want) in [
            ("Call +1 (202) 555-0143 now", "+12025550143"),
            ("Call 202.555.0143.", "+12025550143"),
            ("Call 1-202-555-0143", "+12025550143"),
            ("Call (202) 555-0143", "+12025550143"),
            ("Call 2025550143", "+12025550143"),
            ("Call +44 (0)20 7946 0321", "+442079460321"),
            ("Call +44 20 7946 0321", "+442079460321"),
            ("Call 020 7946 0321", "+442079460321"),
            ("Call 0044 20 7946 0321", "+442079460321"),
            ("Call 1 \u{2022} 8 8 8 \u{2022} 5 5 5 \u{2022} 0 1 6 2 now", "+18885550162"),
            ("Call 1-8-8-8-5-5-5-0-1-6-2", "+18885550162"),
            ("Call \u{FF11}\u{FF0D}\u{FF18}\u{FF18}\u{FF18}\u{FF0D}\u{FF15}\u{FF15}\u{FF15}\u{FF0D}\u{FF10}\u{FF11}\u{FF16}\u{FF12}", "+18885550162"),
            ("اتصل ١-٨٨٨-٥٥٥-٠١٦٢", "+18885550162"),
            ("Call 1\u{2013}888\u{2013}555\u{2013}0162", "+18885550162"),
            ("Tel:+1 844 555 0177", "+18445550177"),
        ] {
            assert_eq!(found(text), vec![want.to_string()], "{text}");
        }
    }

    #[test]
    fn not_numbers() {
        for text in [
            "On 2026-11-23 14:00 we met",
            "Price $2025550143",
            "Ticket #2025550143",
            "Order NW2025550143",
            "IP 192.168.100.200",
            "pi is 3.14159265358979",
            "call 555-0143",
            "on 01/12/2026 14:30",
            "card 4111 1111 1111 1111",
            "version 1.2.3.4.5.6.7.8",
            "id 12345678901234567890123",
            "(1) (2) (3) (4) (5) (6) (7)",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    fn found_in(lang: Lang, text: &str) -> Vec<String> {
        PhoneScanner::default()
            .for_country(Some(lang.country()))
            .find(text, 100)
            .into_iter()
            .map(|p| p.e164)
            .collect()
    }

    #[test]
    fn portuguese_numbers() {
        let pt = PhoneScanner::default();
        let pt = pt.for_country(Some("PT"));
        for (text, want) in [
            ("Linha gratuita 800 123 456", "+351800123456"),
            ("Lisboa 21 123 4567", "+351211234567"),
            ("telemóvel 912 345 678", "+351912345678"),
        ] {
            let got: Vec<String> = pt.find(text, 10).into_iter().map(|p| p.e164).collect();
            assert_eq!(got, vec![want.to_string()], "{text}");
        }
        // Not a Portuguese number: a first digit no line starts with.
        assert!(pt.find("Pedido 512 345 678", 10).is_empty());
        // Brazilian text: numbers of other lengths are not numbers.
        assert!(found_in(Lang::Pt, "Pedido 0800 12").is_empty());
        assert!(found_in(Lang::Pt, "CPF 123.456.789-09").is_empty());
    }

    #[test]
    fn national_formats() {
        let mut wrong = Vec::new();
        for (lang, text, want) in [
            (Lang::De, "Rufen Sie 030 1234567 an", "+49301234567"),
            (Lang::De, "Tel.: 030/2312 5123", "+49302312512 3"),
            (Lang::De, "Hotline 0800 123 4567", "+498001234567"),
            (Lang::De, "mobil 0171 1234567", "+491711234567"),
            (Lang::Fr, "Appelez le 01 23 45 67 89", "+33123456789"),
            (Lang::Fr, "Appelez le 01.99.00.12.34", "+33199001234"),
            (Lang::Fr, "Appelez le 0199001234", "+33199001234"),
            (Lang::Es, "Llame al 912 345 678", "+34912345678"),
            (Lang::Es, "Llame al 91 234 56 78", "+34912345678"),
            (Lang::Es, "Llame al 612 34 56 78", "+34612345678"),
            (Lang::Es, "Llame al 900123456", "+34900123456"),
            (Lang::Nl, "Bel 020-123 4567", "+31201234567"),
            (Lang::Nl, "Bel 06-12345678", "+31612345678"),
            (Lang::Ja, "電話 050-1234-5678 まで", "+815012345678"),
            (Lang::Ja, "フリーダイヤル 0120-123-456", "+81120123456"),
            (Lang::Ja, "東京 03-1234-5678", "+81312345678"),
            (Lang::Pt, "Ligue grátis 0800 123 4567", "+558001234567"),
            (Lang::Pt, "Ligue 0800-891-2345 agora", "+558008912345"),
            (Lang::Pt, "Ligue para (11) 91234-5678", "+5511912345678"),
            (Lang::Pt, "Central: 11 3456-7890", "+551134567890"),
            (
                Lang::Ja,
                "電話：\u{FF10}\u{FF15}\u{FF10}\u{FF0D}1234\u{FF0D}5678",
                "+815012345678",
            ),
            // Forms seen in real mail and pages of each country.
            (Lang::De, "Hotline: +49 (0)30 23125 417", "+493023125417"),
            (Lang::De, "Tel. +49 (0) 800 123 4567", "+498001234567"),
            (Lang::Fr, "Service client : 09 70 12 34 56", "+33970123456"),
            (Lang::Fr, "Tél. : +33 (0)1 99 00 12 34", "+33199001234"),
            (Lang::Es, "Llame gratis al 900 123 456", "+34900123456"),
            (Lang::Es, "Teléfono: 900 12 34 56", "+34900123456"),
            (Lang::Nl, "Bel gratis 0800-1234", "+318001234"),
            (Lang::Nl, "Bel 0800-0221234", "+318000221234"),
            (Lang::Nl, "Bel 0900 1234", "+319001234"),
            (
                Lang::Ja,
                "フリーダイヤル（０１２０）１２３－４５６",
                "+81120123456",
            ),
            (Lang::Ja, "電話 0120(123)456 まで", "+81120123456"),
            (
                Lang::Ja,
                "サポート窓口電話050-1234-5678まで",
                "+815012345678",
            ),
            (Lang::Ja, "ナビダイヤル 0570-012-345", "+81570012345"),
            // North American and international numbers read as before.
            (Lang::De, "Call 1-888-555-0162", "+18885550162"),
            (Lang::Ja, "+1 202 555 0143", "+12025550143"),
            (Lang::Fr, "+44 20 7946 0321", "+442079460321"),
        ] {
            let want = want.replace(' ', "");
            let text = text::normalize(text);
            let got = found_in(lang, &text);
            if got != vec![want.clone()] {
                wrong.push(format!("{lang:?} {text}: {got:?}, want {want}"));
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    #[test]
    fn national_not_numbers() {
        for lang in [Lang::De, Lang::Fr, Lang::Es, Lang::Nl, Lang::Ja, Lang::Pt] {
            for text in [
                "am 26.11.2026 um 14:30",
                "am 06.11.2026 103 Besucher",
                "Preis: 1.234,56 €",
                "Betrag 912.345,67 EUR",
                "IBAN DE89 3704 0044 0532 0130 00",
                "IBAN: NL91 ABNA 0417 1643 00",
                "IBAN FR76 3000 6000 0112 3456 7890 189",
                "ES91 2100 0418 4502 0005 1332",
                "IBAN CH93 0076 2011 6238 5295 7",
                "Bestellnummer: 0301234567",
                "Rechnungsnummer 030 1234567",
                "N° de commande : 01 23 45 67 89",
                "Numéro de facture 0123456789",
                "Pedido n.º 912 345 678",
                "Factura: 912345678",
                "CPF: 123.456.789-09",
                "Protocolo 11912345678",
                "Nº do pedido: 11 91234-5678",
                "Bestelnummer 020-123 4567",
                "注文番号：050-1234-5678",
                "Order number: 0301234567",
                "PLZ 10115",
                "〒100-0001 東京都",
                "2026年11月26日10時30分",
                "注文番号0301234567",
                "会員番号050-1234-5678です",
                "第0120号",
                "型番ABC12345678の",
                "01 23 45 67",
                "12 34 56 78 90",
            ] {
                let text = text::normalize(text);
                assert!(
                    found_in(lang, &text).is_empty(),
                    "{lang:?} {text}: {:?}",
                    found_in(lang, &text)
                );
            }
        }
        // A label for the phone line itself does not hide the number.
        assert_eq!(
            found_in(Lang::De, "Telefonnummer: 030 1234567"),
            vec!["+49301234567"]
        );
        assert_eq!(
            found_in(Lang::Ja, "電話番号：03-1234-5678"),
            vec!["+81312345678"]
        );
        assert_eq!(
            found_in(Lang::Fr, "Service client : 01 23 45 67 89"),
            vec!["+33123456789"]
        );
    }

    #[test]
    fn language_country_comes_first() {
        let dir = crate::detect::testing::directory();
        let s = PhoneScanner::new(&dir);
        // The demo vendor serves the UK: a national number is British...
        assert_eq!(
            s.parse_one("020 7946 0321").as_deref(),
            Some("+442079460321")
        );
        // ...unless the text is German, whose readers dial it in Germany.
        assert_eq!(
            s.for_country(Some("DE"))
                .parse_one("020 7946 0321")
                .as_deref(),
            Some("+492079460321")
        );
        // A format the language's country does not have falls back to the
        // directory's countries.
        assert_eq!(
            s.for_country(Some("ES"))
                .parse_one("020 7946 0321")
                .as_deref(),
            Some("+442079460321")
        );
        assert!(matches!(s.for_country(None), Cow::Borrowed(_)));
    }

    #[test]
    fn several_and_positions() {
        let text = "US: +1 202 555 0143, UK: +44 20 7946 0321 and fake 1-844-555-0177.";
        let f = PhoneScanner::default().find(text, 10);
        assert_eq!(f.len(), 3);
        assert_eq!(&text[f[2].start..f[2].end], "1-844-555-0177");
    }

    #[test]
    fn parse_one_and_tel() {
        let s = PhoneScanner::default();
        assert_eq!(
            s.parse_one("+1 (844) 555-0177").as_deref(),
            Some("+18445550177")
        );
        assert_eq!(s.parse_one("844 555 0177").as_deref(), Some("+18445550177"));
        assert_eq!(s.parse_one("hello"), None);
        assert_eq!(s.parse_one("+1 844 555 0177 ext 5"), None);
        assert_eq!(
            tel_target("tel:%2B1-844-555-0177").as_deref(),
            Some("+1-844-555-0177")
        );
        assert_eq!(tel_target("mailto:x@y"), None);
    }

    #[test]
    fn many_digit_runs_are_bounded() {
        let text = "2025550143 ".repeat(100_000);
        assert_eq!(
            PhoneScanner::default().find(&text, MAX_PHONES).len(),
            MAX_PHONES
        );
        let text = "1".repeat(1_000_000);
        assert!(PhoneScanner::default().find(&text, MAX_PHONES).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,200}") {
            let _ = PhoneScanner::default().find(&s, 50);
            let _ = PhoneScanner::default().parse_one(&s);
        }

        #[test]
        fn formatted_nanp_round_trips(a in 200u32..999, b in 200u32..999, c in 0u32..9999, sep in "[ .-]") {
            let text = format!("call {a}{sep}{b}{sep}{c:04} today");
            let want = format!("+1{a}{b}{c:04}");
            proptest::prop_assert_eq!(found(&text), vec![want]);
        }
    }
}
