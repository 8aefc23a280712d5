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
}
