//! Internationalised host names: to ASCII (punycode) and back.
//!
//! UTS #46 (the `idna` crate's `domain_to_ascii`) brings its own mapping
//! table and the joining-type and bidi tables, over 100 KB of the gzipped
//! wasm package. Detection does not resolve names; it needs to see the name
//! a person would read and the name a browser would visit, and tell them
//! apart from the official ones. So this module does the part of UTS #46
//! that changes what a name is: compatibility mapping and case folding
//! (NFKC and lowercase, which the UTS #46 table is derived from), the four
//! dot look-alikes as label separators, dropping the characters UTS #46
//! ignores (zero-width space, soft hyphen, variation selectors...), refusing
//! joiners, direction controls and anything that is not a letter, digit,
//! mark or hyphen, and RFC 3492 punycode (the `idna` crate's small
//! `punycode` module) for non-ASCII labels.

use crate::unicode::{is_combining_mark, nfkc};

/// Why a name could not be converted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum IdnError {
    /// A character no domain name may hold.
    Disallowed,
    /// An `xn--` label that is not valid punycode.
    BadPunycode,
}

/// Characters UTS #46 maps to nothing: invisible, so a name that holds them
/// reads and resolves as the name without them.
fn is_ignored(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{200B}'
        | '\u{2060}' | '\u{2064}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{1BCA0}'..='\u{1BCA3}' | '\u{E0100}'..='\u{E01EF}')
}

/// Full stops that UTS #46 treats as the label separator.
fn is_dot(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// What a label of an internationalised name may hold.
fn is_label_char(c: char) -> bool {
    c == '-' || c == '_' || c.is_alphanumeric() || is_combining_mark(c)
}

/// Maps a host to lowercase ASCII, with punycode for non-ASCII labels.
pub(super) fn to_ascii(host: &str) -> Result<String, IdnError> {
    let mut mapped = String::with_capacity(host.len());
    for c in host.chars() {
        match c {
            c if is_ignored(c) => {}
            c if is_dot(c) => mapped.push('.'),
            // Joiners and direction controls change how a name looks
            // without being part of it: refused, as UTS #46 refuses them
            // outside the scripts that need them.
            '\u{200C}'
            | '\u{200D}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}' => return Err(IdnError::Disallowed),
            c => mapped.push(c),
        }
    }
    // NFKC then case folding, twice: lowercasing can produce characters
    // that compose differently (as UTS #46's NFKC_Casefold does).
    let folded: String = nfkc(&mapped).chars().flat_map(char::to_lowercase).collect();
    let folded: String = nfkc(&folded);
    let mut out = String::with_capacity(folded.len() + 8);
    for (i, label) in folded.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if !label.chars().all(is_label_char) {
            return Err(IdnError::Disallowed);
        }
        if label.is_ascii() {
            out.push_str(label);
        } else {
            let encoded = idna::punycode::encode_str(label).ok_or(IdnError::Disallowed)?;
            out.push_str("xn--");
            out.push_str(&encoded);
        }
    }
    Ok(out)
}

/// Decodes the `xn--` labels of a lowercase ASCII host.
pub(super) fn to_unicode(ascii: &str) -> Result<String, IdnError> {
    let mut out = String::with_capacity(ascii.len());
    for (i, label) in ascii.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        match label.strip_prefix("xn--") {
            Some(encoded) => {
                let decoded =
                    idna::punycode::decode_to_string(encoded).ok_or(IdnError::BadPunycode)?;
                // A valid label decodes to non-ASCII letters that map to
                // themselves; anything else was not made by ToASCII.
                if decoded.is_empty()
                    || decoded.is_ascii()
                    || to_ascii(&decoded).as_deref() != Ok(label)
                {
                    return Err(IdnError::BadPunycode);
                }
                out.push_str(&decoded);
            }
            None => out.push_str(label),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_like_uts46_where_it_matters() {
        assert_eq!(
            to_ascii("Northwind.Example").as_deref(),
            Ok("northwind.example")
        );
        // Full-width letters and an ideographic full stop.
        assert_eq!(
            to_ascii("ｎｏｒｔｈｗｉｎｄ。example").as_deref(),
            Ok("northwind.example")
        );
        // Zero-width space and soft hyphen vanish.
        assert_eq!(
            to_ascii("north\u{200B}wi\u{00AD}nd.example").as_deref(),
            Ok("northwind.example")
        );
        // Greek omicron: a different name, in punycode.
        assert_eq!(
            to_ascii("n\u{03BF}rthwind.example").as_deref(),
            Ok("xn--nrthwind-zdg.example")
        );
        assert_eq!(
            to_ascii("bücher.example").as_deref(),
            Ok("xn--bcher-kva.example")
        );
        assert_eq!(
            to_ascii("north\u{200D}wind.example"),
            Err(IdnError::Disallowed)
        );
        assert_eq!(
            to_ascii("north\u{202E}wind.example"),
            Err(IdnError::Disallowed)
        );
        assert_eq!(to_ascii("north wind.example"), Err(IdnError::Disallowed));
        assert_eq!(to_ascii("north/wind.example"), Err(IdnError::Disallowed));
    }

    #[test]
    fn decodes_punycode_and_refuses_what_to_ascii_would_not_make() {
        assert_eq!(
            to_unicode("xn--bcher-kva.example").as_deref(),
            Ok("bücher.example")
        );
        assert_eq!(
            to_unicode("northwind.example").as_deref(),
            Ok("northwind.example")
        );
        assert_eq!(to_unicode("xn--.example"), Err(IdnError::BadPunycode));
        assert_eq!(
            to_unicode("xn--northwind-.example"),
            Err(IdnError::BadPunycode)
        );
        // Uppercase inside punycode is not what ToASCII makes.
        assert_eq!(
            to_unicode("xn--Bcher-kva.example"),
            Err(IdnError::BadPunycode)
        );
    }
}
