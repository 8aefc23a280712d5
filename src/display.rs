//! The one rule for showing text that came from outside: a notice, a
//! directory, a page or an email.
//!
//! Such text reaches terminals (the CLI), web pages (the verify page, the
//! extension) and JSON that other programs print. Control characters in it
//! can rewrite a terminal (ANSI escapes erase "NOT GENUINE" and draw a fake
//! "GENUINE" block), line breaks can forge extra lines (`sender: ...`) inside
//! a genuine result, bidi overrides reorder what a person reads (`moc.dniwhtron`
//! shown as `northwind.com`), and invisible characters make two different
//! strings look the same. A very long string can push the real result off
//! screen.
//!
//! So every such string goes through [`shown`] (or [`shown_within`]) before
//! it is printed or displayed: every character that is not plainly visible is
//! written as a visible escape (`\u{202e}`, `\n`, `\u{1b}`), and the result is
//! cut to a bounded length with `…`. The escape makes the trick visible to
//! the person rather than hiding it: they see that something odd is there.
//! Ordinary text, including non-Latin scripts, accents and emoji, is left
//! as it is.

/// Longest shown string, in characters, when the caller names no bound.
pub const MAX_SHOWN: usize = 200;

/// Whether `c` is shown as an escape rather than as itself.
///
/// That is: every control character (C0, DEL, C1), every whitespace
/// character other than the ASCII space (line and paragraph separators,
/// tabs, ideographic and other wide or narrow spaces), bidi controls,
/// zero-width and other default-ignorable or format characters, private-use
/// and unassigned-looking specials, and the replacement character (it hides
/// what was there).
pub fn is_hidden(c: char) -> bool {
    if c == ' ' {
        return false;
    }
    c.is_control()
        || c.is_whitespace()
        || matches!(c,
            '\u{00AD}' // soft hyphen
            | '\u{034F}' // combining grapheme joiner
            | '\u{061C}' // Arabic letter mark
            | '\u{115F}' | '\u{1160}' // Hangul fillers
            | '\u{17B4}' | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' // zero-width, LRM, RLM
            | '\u{2028}'..='\u{202E}' // separators, bidi embeddings and overrides
            | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' // variation selectors
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFFD}' // specials, including the replacement character
            | '\u{E000}'..='\u{F8FF}' // private use
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E0FFF}' // tags, variation selectors supplement
            | '\u{F0000}'..='\u{10FFFF}') // private use planes
}

/// `text` as it is safe to show, cut to [`MAX_SHOWN`] characters.
pub fn shown(text: &str) -> String {
    shown_within(text, MAX_SHOWN)
}

/// `text` as it is safe to show: hidden characters (see [`is_hidden`])
/// written as escapes, cut to `max_chars` characters of output (an escape
/// counts as the characters it takes) with `…` when cut.
pub fn shown_within(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut used = 0usize;
    for c in text.chars() {
        let piece = escape(c);
        let len = piece.as_ref().map_or(1, |p| p.chars().count());
        if used + len > max_chars {
            out.push('…');
            return out;
        }
        match piece {
            Some(p) => out.push_str(&p),
            None => out.push(c),
        }
        used += len;
    }
    out
}

/// Whether `text` would be shown unchanged (nothing hidden, not too long).
pub fn is_plain(text: &str, max_chars: usize) -> bool {
    text.chars().count() <= max_chars && !text.chars().any(is_hidden)
}

fn escape(c: char) -> Option<String> {
    if !is_hidden(c) {
        return None;
    }
    Some(match c {
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        _ => format!("\\u{{{:x}}}", u32::from(c)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_line_breaks_are_made_visible() {
        assert_eq!(
            shown("a\u{1b}[2K\u{1b}[1A\rGENUINE\nsender: x"),
            "a\\u{1b}[2K\\u{1b}[1A\\rGENUINE\\nsender: x"
        );
        assert_eq!(shown("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(shown("\u{7f}"), "\\u{7f}");
    }

    #[test]
    fn bidi_and_invisible_characters_are_made_visible() {
        assert_eq!(
            shown("support@\u{202e}elpmaxe.dniwhtron"),
            "support@\\u{202e}elpmaxe.dniwhtron"
        );
        assert_eq!(shown("Da\u{200b}na"), "Da\\u{200b}na");
        assert_eq!(shown("x\u{2028}y\u{3000}"), "x\\u{2028}y\\u{3000}");
        assert_eq!(shown("\u{2066}a\u{2069}"), "\\u{2066}a\\u{2069}");
        assert_eq!(shown("\u{e0041}"), "\\u{e0041}");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for text in [
            "Dana Whitfield",
            "José Ñúñez-O'Brien",
            "李小龙",
            "Дана",
            "+1 202 555 0143",
            "✓ 👍",
            "",
        ] {
            assert_eq!(shown(text), text);
            assert!(is_plain(text, MAX_SHOWN));
        }
    }

    #[test]
    fn length_is_bounded_and_escapes_count() {
        let long = "x".repeat(10_000);
        let s = shown(&long);
        assert_eq!(s.chars().count(), MAX_SHOWN + 1);
        assert!(s.ends_with('…'));
        assert_eq!(shown_within("abcdef", 3), "abc…");
        assert_eq!(shown_within("ab\ncd", 4), "ab\\n…");
        // Many escapes cannot make the output longer than the bound.
        let s = shown_within(&"\u{202e}".repeat(1000), 50);
        assert!(s.chars().count() <= 51);
        assert!(!s.contains('\u{202e}'));
    }
}
