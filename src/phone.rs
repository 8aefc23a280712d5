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

/// Formats a canonical number for reading, grouping digits after the country
/// code: `+12025550143` becomes `+1 202 555 0143` for NANP numbers, and
/// other numbers are shown as `+44 2079460321` (the grouping rules of every
/// country are not worth their size here).
pub fn display(e164: &str) -> String {
    match e164.strip_prefix("+1") {
        Some(rest) if rest.len() == 10 && is_e164(e164) => {
            format!("+1 {} {} {}", &rest[..3], &rest[3..6], &rest[6..])
        }
        _ => match e164.strip_prefix("+44") {
            Some(rest) if rest.len() == 10 && rest.starts_with('2') && is_e164(e164) => {
                format!("+44 {} {} {}", &rest[..2], &rest[2..6], &rest[6..])
            }
            _ => e164.to_string(),
        },
    }
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
}
