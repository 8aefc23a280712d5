//! What a stage found, as a value. The stages after claims (contacts,
//! tactics) return their findings instead of writing into the shared
//! [`Assessment`], so that each can be read and tested on its own and the
//! pipeline in `mod.rs` is the one place that decides the order in which
//! findings are applied (which keeps reasons in the order they are found).

use super::verdict::Assessment;

/// Weighted findings and notes of one stage, in the order found.
#[derive(Clone, Debug, Default)]
pub(super) struct Findings {
    /// The stage found the input claiming to be the vendor (a number or
    /// link presented as the vendor's, a look-alike address).
    pub claims_vendor: bool,
    /// Findings that count against the input: weight, code, message.
    pub warnings: Vec<(u32, &'static str, String)>,
    /// Findings that explain without counting (an official number).
    pub notes: Vec<(&'static str, String)>,
}

impl Findings {
    /// A finding that counts against the input.
    pub fn warn(&mut self, weight: u32, code: &'static str, message: String) {
        self.warnings.push((weight, code, message));
    }

    /// A finding that explains without counting.
    pub fn note(&mut self, code: &'static str, message: String) {
        self.notes.push((code, message));
    }

    /// Whether the stage found something with this code.
    #[cfg(test)]
    pub fn has(&self, code: &str) -> bool {
        self.warnings.iter().any(|w| w.1 == code) || self.notes.iter().any(|n| n.0 == code)
    }

    /// Adds the findings to `a`, notes and warnings each in their order.
    pub fn apply(self, a: &mut Assessment) {
        a.claims_vendor |= self.claims_vendor;
        for (code, message) in self.notes {
            a.note(code, message);
        }
        for (weight, code, message) in self.warnings {
            a.warn(weight, code, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_apply_in_order() {
        let mut f = Findings::default();
        assert!(!f.has("unofficial-phone"));
        f.warn(50, "unofficial-phone", "a".into());
        f.warn(10, "unofficial-phone", "b".into());
        f.note("official-phone", "c".into());
        f.claims_vendor = true;
        assert!(f.has("unofficial-phone") && f.has("official-phone"));
        let mut a = Assessment::default();
        f.apply(&mut a);
        assert!(a.claims_vendor);
        assert_eq!(a.score(), 60);
        let (_, _, reasons) = a.finish("Northwind");
        let codes: Vec<&str> = reasons.iter().map(|r| r.message.as_str()).collect();
        assert_eq!(codes, ["a", "b", "c"]);
        // Nothing found changes nothing.
        let mut a = Assessment::default();
        Findings::default().apply(&mut a);
        assert!(!a.claims_vendor && a.score() == 0);
    }
}
