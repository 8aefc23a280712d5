//! What a notice may say: the shape of its claims.
//!
//! The signing tools ([`super::issue_notice`]) and the verifier apply the
//! same rules, and the verifier does not rely on the signer having applied
//! them: a staff key can be misused, a signing tool can have a bug, and a
//! notice whose agent name holds a line break or a bidi override would be
//! shown to a customer under a green "genuine" heading. So a notice whose
//! claims break a rule does not verify, whoever signed it.
//!
//! * a countersign phrase on call notices, and only on them;
//! * an agent name of printable text: letters, marks, digits, single spaces
//!   and a few name punctuation marks, at most [`MAX_AGENT`] characters, NFC;
//! * a ticket of at most [`MAX_TICKET`] ASCII letters, digits and `-_./#:`;
//! * a contact point in its one canonical spelling: E.164 for a number, and
//!   for an address the directory's own entry byte for byte (or a lowercase
//!   ASCII address under an official email domain).

use core::fmt;

use unicode_normalization::UnicodeNormalization as _;

use super::claims::Claims;
use super::phrase;
use crate::directory::validate::is_canonical_address;
use crate::directory::Directory;
use crate::phone;

/// Longest agent name, in characters.
pub const MAX_AGENT: usize = 80;
/// Longest ticket reference, in characters.
pub const MAX_TICKET: usize = 64;

/// A claim that breaks the rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClaimError {
    /// A phrase on an email notice.
    PhraseNotAllowed,
    /// The agent name is empty, too long, or holds characters a name does not.
    BadAgent,
    /// The ticket is empty, too long, or holds characters a ticket does not.
    BadTicket,
    /// The contact point is not written in its canonical form.
    NonCanonicalContact,
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClaimError::PhraseNotAllowed => {
                "an email notice carries a countersign phrase, which only call notices may"
            }
            ClaimError::BadAgent => "the agent's name is not a plain name of 1 to 80 letters",
            ClaimError::BadTicket => {
                "the ticket reference is not 1 to 64 letters, digits or - _ . / # :"
            }
            ClaimError::NonCanonicalContact => {
                "the contact point is not written exactly as the vendor's directory lists it"
            }
        })
    }
}

fn is_name_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | '\'' | '\u{2019}' | '-' | '(' | ')' | '&' | '/'
    )
}

/// Whether `agent` is an acceptable agent name (see the module docs).
pub fn is_valid_agent(agent: &str) -> bool {
    let count = agent.chars().count();
    (1..=MAX_AGENT).contains(&count)
        && !agent.starts_with(' ')
        && !agent.ends_with(' ')
        && !agent.contains("  ")
        && agent.chars().any(char::is_alphabetic)
        && agent.chars().all(|c| {
            c == ' ' || c.is_alphanumeric() || is_name_punctuation(c) || is_combining_mark(c)
        })
        && agent.nfc().eq(agent.chars())
}

/// Combining marks that names written in some scripts need (Devanagari vowel
/// signs, Thai tone marks, ...). Only the general combining blocks and the
/// marks inside the major scripts' blocks; never format characters.
fn is_combining_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0487}'
        | '\u{0591}'..='\u{05C7}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0900}'..='\u{0903}' | '\u{093A}'..='\u{094F}'
        | '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{3099}' | '\u{309A}')
}

/// Whether `ticket` is an acceptable ticket reference.
pub fn is_valid_ticket(ticket: &str) -> bool {
    (1..=MAX_TICKET).contains(&ticket.len())
        && ticket.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/' | b'#' | b':')
        })
}

/// The canonical spelling of an email contact point, if `address` is one:
/// the directory's listed entry when it lists the address (compared without
/// regard to case), else the lowercase address when it is under an official
/// email domain. The signer stores this; the verifier demands it.
pub fn canonical_email(directory: &Directory, address: &str) -> Option<String> {
    let lower = address.trim().to_ascii_lowercase();
    if let Some(listed) = directory.emails.iter().find(|e| e.address == lower) {
        return Some(listed.address.clone());
    }
    let (local, domain) = lower.rsplit_once('@')?;
    let official = !local.is_empty()
        && is_canonical_address(&lower)
        && directory.email_domains.iter().any(|d| d == domain);
    official.then_some(lower)
}

/// Checks the shape of signed claims (see the module docs). The contact
/// point must also be official; [`super::verify`] reports that separately.
pub fn check_claims(claims: &Claims, directory: &Directory) -> Result<(), ClaimError> {
    if !claims.channel.is_phone() && claims.phrase.is_some() {
        return Err(ClaimError::PhraseNotAllowed);
    }
    if !is_valid_agent(&claims.agent) {
        return Err(ClaimError::BadAgent);
    }
    if let Some(ticket) = &claims.ticket {
        if !is_valid_ticket(ticket) {
            return Err(ClaimError::BadTicket);
        }
    }
    let canonical = if claims.channel.is_phone() {
        phone::normalize_e164(&claims.contact)
    } else {
        canonical_email(directory, &claims.contact)
    };
    match canonical {
        // Not official at all: the verifier says so in its own words.
        None => Ok(()),
        Some(c) if c == claims.contact => Ok(()),
        Some(_) => Err(ClaimError::NonCanonicalContact),
    }
}

/// Whether the phrase is acceptable for a call notice.
pub fn is_valid_phrase(p: &str) -> bool {
    phrase::is_valid(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agent_names() {
        for ok in [
            "Dana Whitfield",
            "José Ñúñez-O'Brien",
            "李小龙",
            "Dr. A. Smith (Billing)",
            "Anaïs",
        ] {
            assert!(is_valid_agent(ok), "{ok}");
        }
        for bad in [
            "",
            " Dana",
            "Dana ",
            "Dana  W",
            "Dana\nsender: x",
            "Dana\u{1b}[2K",
            "Dana\u{202e}",
            "Da\u{200b}na",
            "Dana\u{3000}",
            "Anai\u{308}s", // decomposed: not NFC
            "12345",
            "Dana <b>",
            "Dana: call +1 900",
        ] {
            assert!(!is_valid_agent(bad), "{bad:?}");
        }
        assert!(is_valid_agent(&"a".repeat(MAX_AGENT)));
        assert!(!is_valid_agent(&"a".repeat(MAX_AGENT + 1)));
    }

    #[test]
    fn tickets() {
        assert!(is_valid_ticket("NW-482913"));
        assert!(is_valid_ticket("INC#12/3:a_b.c"));
        for bad in ["", "NW 1", "NW-1\n", "NW\u{202e}1", "Ñ-1"] {
            assert!(!is_valid_ticket(bad), "{bad:?}");
        }
        assert!(!is_valid_ticket(&"1".repeat(MAX_TICKET + 1)));
    }
}
