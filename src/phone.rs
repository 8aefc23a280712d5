//! E.164 phone numbers as the directory and notices store them.
//!
//! Only the canonical form (`+` and 8 to 15 digits, first digit not zero) is
//! stored or compared. Finding numbers written for people in running text is
//! the detection engine's job (`detect::phone`).

/// Whether `text` is a canonical E.164 number.
pub fn is_e164(text: &str) -> bool {
    let Some(digits) = text.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Turns an international number as a person writes it (`+1 (202) 555-0143`,
/// `+44 20 7946 0321`) into canonical E.164, or `None` if it is not one.
/// Only spaces, dots, hyphens and parentheses may separate digits.
pub fn normalize_e164(text: &str) -> Option<String> {
    let rest = text.trim().strip_prefix('+')?;
    let mut out = String::from("+");
    for c in rest.chars() {
        match c {
            '0'..='9' => out.push(c),
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return None,
        }
    }
    is_e164(&out).then_some(out)
}

/// How a country writes its numbers nationally: its calling code and the
/// trunk prefix dialled before a national number (`0` in most of Europe,
/// `1` in the North American plan, none in Spain or Italy, where the leading
/// digit is part of the number).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct NationalPlan {
    country: &'static str,
    calling_code: &'static str,
    trunk: &'static str,
}

const fn plan(
    country: &'static str,
    calling_code: &'static str,
    trunk: &'static str,
) -> NationalPlan {
    NationalPlan {
        country,
        calling_code,
        trunk,
    }
}

/// The countries whose national numbers can be read. A vendor in another
/// country writes its numbers internationally (`+…`), which always works.
const PLANS: &[NationalPlan] = &[
    // North American Numbering Plan.
    plan("US", "1", "1"),
    plan("CA", "1", "1"),
    plan("PR", "1", "1"),
    // Trunk prefix 0.
    plan("GB", "44", "0"),
    plan("IE", "353", "0"),
    plan("DE", "49", "0"),
    plan("AT", "43", "0"),
    plan("CH", "41", "0"),
    plan("FR", "33", "0"),
    plan("BE", "32", "0"),
    plan("NL", "31", "0"),
    plan("SE", "46", "0"),
    plan("FI", "358", "0"),
    plan("AU", "61", "0"),
    plan("NZ", "64", "0"),
    plan("JP", "81", "0"),
    plan("KR", "82", "0"),
    plan("IN", "91", "0"),
    plan("IL", "972", "0"),
    plan("ZA", "27", "0"),
    plan("TR", "90", "0"),
    plan("CN", "86", "0"),
    // No trunk prefix: the national number is dialled as written.
    plan("ES", "34", ""),
    plan("IT", "39", ""),
    plan("PT", "351", ""),
    plan("DK", "45", ""),
    plan("NO", "47", ""),
    plan("PL", "48", ""),
    plan("SG", "65", ""),
    plan("HK", "852", ""),
    plan("LU", "352", ""),
    plan("MX", "52", ""),
];

/// Why a number as written could not be made canonical.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum NumberError {
    /// Letters or symbols other than spaces, dots, hyphens and parentheses.
    BadCharacters,
    /// A national number, and no country to read it in.
    NeedsCountry,
    /// A national number in a country whose plan this version does not know.
    UnknownCountry(String),
    /// The digits do not make a number of that country (or any country).
    NotANumber,
}

impl core::fmt::Display for NumberError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            NumberError::BadCharacters => f.write_str(
                "only digits, a leading +, spaces, dots, hyphens and parentheses are allowed",
            ),
            NumberError::NeedsCountry => f.write_str(
                "this is a national number: say which country it is in (country = \"US\"), \
                 or write it in international form, e.g. +1 202 555 0143",
            ),
            NumberError::UnknownCountry(c) => write!(
                f,
                "national numbers of country {c} are not known here; write it in international \
                 form, e.g. +1 202 555 0143"
            ),
            NumberError::NotANumber => f.write_str(
                "the digits do not make a valid number; write it in international form, \
                 e.g. +1 202 555 0143",
            ),
        }
    }
}

impl std::error::Error for NumberError {}

/// Turns a number as a person writes it into canonical E.164: international
/// (`+44 20 7946 0321`, `0044 …`, `011 44 …` in North America) or national
/// in `country` (`1-888-762-8736` or `(202) 555-0143` in the US,
/// `020 7946 0321` in GB). `country` is an ISO 3166 two-letter code.
pub fn to_e164(text: &str, country: Option<&str>) -> Result<String, NumberError> {
    let text = text.trim();
    let mut digits = String::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '.' | '-' | '(' | ')' => {}
            _ => return Err(NumberError::BadCharacters),
        }
    }
    if text.starts_with('+') {
        return normalize_e164(text).ok_or(NumberError::NotANumber);
    }
    let plan = match country {
        None => None,
        Some(c) => Some(
            PLANS
                .iter()
                .find(|p| p.country.eq_ignore_ascii_case(c))
                .ok_or_else(|| NumberError::UnknownCountry(c.to_string()))?,
        ),
    };
    // The international call prefix: 011 in North America, 00 elsewhere.
    let international = match plan {
        Some(p) if p.calling_code == "1" => digits.strip_prefix("011"),
        _ => digits.strip_prefix("00"),
    };
    if let Some(rest) = international {
        let e164 = format!("+{rest}");
        return if is_e164(&e164) {
            Ok(e164)
        } else {
            Err(NumberError::NotANumber)
        };
    }
    let plan = plan.ok_or(NumberError::NeedsCountry)?;
    let national = if plan.calling_code == "1" {
        // NANP: ten digits, NXX NXX XXXX, optionally after the trunk 1.
        let ten = match digits.len() {
            11 => digits.strip_prefix('1').unwrap_or(&digits),
            _ => &digits,
        };
        let b = ten.as_bytes();
        let valid = b.len() == 10 && (b'2'..=b'9').contains(&b[0]) && (b'2'..=b'9').contains(&b[3]);
        if !valid {
            return Err(NumberError::NotANumber);
        }
        ten
    } else if plan.trunk.is_empty() {
        &digits
    } else {
        match digits.strip_prefix(plan.trunk) {
            Some(rest) if !rest.starts_with('0') => rest,
            _ => return Err(NumberError::NotANumber),
        }
    };
    let e164 = format!("+{}{national}", plan.calling_code);
    // A national significant number has at least 6 digits everywhere
    // listed above (short codes are not support lines).
    if national.len() < 6 || !is_e164(&e164) {
        return Err(NumberError::NotANumber);
    }
    Ok(e164)
}

/// The country of an E.164 number when its calling code belongs to one
/// country only among those [`to_e164`] knows (`+44` is GB; `+1` is shared
/// by the United States, Canada and others, so it has none).
pub fn sole_country(e164: &str) -> Option<&'static str> {
    let digits = e164.strip_prefix('+')?;
    let mut found = PLANS
        .iter()
        .filter(|p| digits.starts_with(p.calling_code))
        .map(|p| (p.calling_code, p.country));
    let (code, country) = found.next()?;
    // Calling codes are prefix-free, so every match has the same code.
    if found.any(|(c, _)| c == code) {
        return None;
    }
    Some(country)
}

/// Two-digit calling codes (ITU-T E.164 assignments); `1` and `7` are the
/// one-digit ones, and every other code has three digits.
const TWO_DIGIT_CODES: &[&str] = &[
    "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
];

/// The calling code of a canonical number's digits (without `+`).
fn calling_code(digits: &str) -> &str {
    let len = if digits.starts_with(['1', '7']) {
        1
    } else if digits
        .get(..2)
        .is_some_and(|p| TWO_DIGIT_CODES.contains(&p))
    {
        2
    } else {
        3
    };
    digits.get(..len).unwrap_or(digits)
}

/// Splits `digits` into groups of the given sizes (the last group takes
/// whatever is left) and joins them with spaces.
fn grouped(digits: &str, sizes: &[usize]) -> String {
    let mut out = String::with_capacity(digits.len() + sizes.len());
    let mut rest = digits;
    for &size in sizes {
        if rest.is_empty() {
            break;
        }
        let (group, tail) = rest.split_at(size.min(rest.len()));
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(group);
        rest = tail;
    }
    if !rest.is_empty() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(rest);
    }
    out
}

/// Group sizes for a national number of `n` digits where the country's own
/// grouping is not known here: threes, never leaving a group of one or two
/// at the end (`412 345 678`, `301 234 5678`, `1234 5678`).
fn generic_groups(n: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut rest = n;
    while rest > 0 {
        let take = match rest {
            0..=4 => rest,
            5 => 2,
            8 => 4,
            _ => 3,
        };
        sizes.push(take);
        rest -= take;
    }
    sizes
}

/// Formats a canonical number for reading: the country code, then the
/// national number in groups. Every number the project shows goes through
/// here, so a reason, a mark on the page and the directory show one number
/// one way: `+1 202 555 0143`, `+44 20 7946 0321`, `+33 1 84 88 12 34`,
/// `+61 2 9876 5432`, `+61 412 345 678`; other countries in groups of
/// three or four (`+49 301 234 567`). Text that is not a canonical number is
/// returned as it is.
pub fn display(e164: &str) -> String {
    let Some(digits) = e164.strip_prefix('+').filter(|_| is_e164(e164)) else {
        return e164.to_string();
    };
    let code = calling_code(digits);
    let national = digits.get(code.len()..).unwrap_or("");
    let n = national.len();
    let sizes: Vec<usize> = match code {
        "1" if n == 10 => vec![3, 3, 4],
        "44" if n == 10 && national.starts_with('2') => vec![2, 4, 4],
        "44" if n == 10 => vec![4, 6],
        "33" if n == 9 => vec![1, 2, 2, 2, 2],
        "61" if n == 9 && national.starts_with('4') => vec![3, 3, 3],
        "61" if n == 9 => vec![1, 4, 4],
        _ => generic_groups(n),
    };
    format!("+{code} {}", grouped(national, &sizes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_written_numbers() {
        assert_eq!(
            normalize_e164("+1 (202) 555-0143").as_deref(),
            Some("+12025550143")
        );
        assert_eq!(
            normalize_e164(" +44 20 7946 0321 ").as_deref(),
            Some("+442079460321")
        );
        assert_eq!(normalize_e164("202 555 0143"), None);
        assert_eq!(normalize_e164("+1 202 555 0143 ext 4"), None);
        assert_eq!(normalize_e164("+0123456789"), None);
        assert_eq!(normalize_e164("+1234567"), None);
        assert_eq!(display("+12025550143"), "+1 202 555 0143");
        assert_eq!(display("+442079460321"), "+44 20 7946 0321");
    }

    #[test]
    fn every_number_is_shown_grouped() {
        for (e164, shown) in [
            ("+12025550143", "+1 202 555 0143"),
            ("+442079460321", "+44 20 7946 0321"),
            ("+447700900123", "+44 7700 900123"),
            ("+33184881234", "+33 1 84 88 12 34"),
            ("+61298765432", "+61 2 9876 5432"),
            ("+61412345678", "+61 412 345 678"),
            ("+49301234567", "+49 301 234 567"),
            ("+815012345678", "+81 501 234 5678"),
            ("+81120123456", "+81 120 123 456"),
            ("+35312345678", "+353 1234 5678"),
            ("+3581234567", "+358 123 4567"),
            ("+74951234567", "+7 495 123 4567"),
        ] {
            assert_eq!(display(e164), shown, "{e164}");
            // Grouping only adds spaces.
            assert_eq!(display(e164).replace(' ', ""), e164);
        }
        // Not a canonical number: shown as it is.
        for text in [
            "",
            "+",
            "12025550143",
            "+1 202",
            "+12a4567890",
            "+1234567890123456",
        ] {
            assert_eq!(display(text), text);
        }
    }

    #[test]
    fn national_numbers_with_their_country() {
        let us = Some("US");
        assert_eq!(to_e164("1-888-762-8736", us).as_deref(), Ok("+18887628736"));
        assert_eq!(to_e164("(202) 555-0143", us).as_deref(), Ok("+12025550143"));
        assert_eq!(
            to_e164("011 44 20 7946 0321", us).as_deref(),
            Ok("+442079460321")
        );
        assert_eq!(
            to_e164("020 7946 0321", Some("GB")).as_deref(),
            Ok("+442079460321")
        );
        assert_eq!(
            to_e164("0044 20 7946 0321", Some("gb")).as_deref(),
            Ok("+442079460321")
        );
        assert_eq!(
            to_e164("0120-123-456", Some("JP")).as_deref(),
            Ok("+81120123456")
        );
        assert_eq!(
            to_e164("912 345 678", Some("ES")).as_deref(),
            Ok("+34912345678")
        );
        assert_eq!(
            to_e164("+1 202 555 0143", None).as_deref(),
            Ok("+12025550143")
        );
        // Not numbers of that country.
        assert_eq!(to_e164("1-088-762-8736", us), Err(NumberError::NotANumber));
        assert_eq!(to_e164("555-0143", us), Err(NumberError::NotANumber));
        assert_eq!(
            to_e164("20 7946 0321", Some("GB")),
            Err(NumberError::NotANumber)
        );
        assert_eq!(
            to_e164("1-888-762-8736", None),
            Err(NumberError::NeedsCountry)
        );
        assert_eq!(
            to_e164("1-888-762-8736", Some("ZZ")),
            Err(NumberError::UnknownCountry("ZZ".into()))
        );
        assert_eq!(
            to_e164("1-888-SUPPORT", us),
            Err(NumberError::BadCharacters)
        );
        assert_eq!(sole_country("+442079460321"), Some("GB"));
        assert_eq!(sole_country("+12025550143"), None);
        assert_eq!(sole_country("+999123456789"), None);
    }

    #[test]
    fn any_text_in_any_country_is_a_number_or_an_error() {
        let samples = [
            "",
            "+",
            "++1",
            "0",
            "00",
            "011",
            "1",
            "1-",
            "()",
            "٣٤٥",
            "1\u{0}2",
            "０２０",
            "+1 (202) 555-0143 ext 9",
            "1-888-762-8736-1",
            "00000000000000000000",
        ];
        for text in samples {
            for country in [
                None,
                Some("US"),
                Some("GB"),
                Some("ES"),
                Some("ZZ"),
                Some(""),
            ] {
                if let Ok(e164) = to_e164(text, country) {
                    assert!(is_e164(&e164), "{text:?} in {country:?} gave {e164}");
                }
            }
        }
    }
}
