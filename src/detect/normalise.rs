//! Stage 1, normalise: the text every later stage reads.
//!
//! Scam text hides the brand and the numbers from filters (look-alike and
//! invisible characters, fullwidth digits); [`super::text::normalize`] undoes
//! that. Link anchors and quoted ranges are byte offsets into the original
//! text, so they are carried through normalisation as marks. Plain text has
//! its soft line wraps joined so that a wrapped sentence stays one sentence.
//! The brand mentions and the context cues are found once here, for all the
//! stages after.

use std::ops::Deref;
use std::rc::Rc;

use super::brand::Mention;
use super::context::{ContextScanner, Hit};
use super::lang::{self, Lang};
use super::text::{self, Word};
use super::{Content, Engine, MAX_MENTIONS};

/// What normalisation gives that does not depend on the vendor: the text,
/// its words, the cues and the language. Many vendors judging one page
/// share one ([`super::VendorSet`]), so the page is read once, not once per
/// vendor.
#[derive(Debug)]
pub(super) struct Prepared {
    /// The normalised text.
    pub norm: String,
    /// `norm`, ASCII-lowercased (same offsets).
    pub lower: String,
    /// The words of `norm`.
    pub words: Vec<Word>,
    /// Context cues in `lower`.
    pub hits: Vec<Hit>,
    /// Quoted byte ranges of `norm`.
    pub quoted: Vec<(usize, usize)>,
    /// Offsets in `norm` of the links, in link order (empty when the links
    /// have no position in the text).
    pub link_pos: Vec<usize>,
    /// The language of the text, when it is not English and clear enough.
    pub lang: Option<Lang>,
}

impl Prepared {
    /// Whether `pos` is inside quoted text (someone else's words).
    pub fn in_quote(&self, pos: usize) -> bool {
        self.quoted.iter().any(|&(qs, qe)| pos >= qs && pos < qe)
    }
}

/// The normalised text and what was found in it: the shared part
/// ([`Prepared`], reached through `Deref`) and this vendor's brand mentions.
#[derive(Debug)]
pub(super) struct Normalised {
    base: Rc<Prepared>,
    /// Brand mentions in `norm`.
    pub mentions: Vec<Mention>,
}

impl Deref for Normalised {
    type Target = Prepared;

    fn deref(&self) -> &Prepared {
        &self.base
    }
}

/// Normalises the content's text and finds the cues in it.
pub(super) fn prepare(c: &Content<'_>, context: &ContextScanner) -> Prepared {
    // Offsets to carry through normalisation: link anchors, then the
    // bounds of quoted ranges.
    let mut marks: Vec<usize> = if c.positioned {
        c.links.iter().map(|l| l.at).collect()
    } else {
        Vec::new()
    };
    let nlinks = marks.len();
    for &(qs, qe) in c.quoted {
        marks.push(qs);
        marks.push(qe.max(qs));
    }
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| marks.get(i).copied().unwrap_or(0));
    let sorted: Vec<usize> = order
        .iter()
        .filter_map(|&i| marks.get(i).copied())
        .collect();
    let (norm, mapped_sorted) = text::normalize_marked(c.text, &sorted);
    let mut mapped = vec![0usize; marks.len()];
    for (k, &i) in order.iter().enumerate() {
        if let (Some(slot), Some(&m)) = (mapped.get_mut(i), mapped_sorted.get(k)) {
            *slot = m;
        }
    }
    let link_pos: Vec<usize> = mapped.get(..nlinks).unwrap_or(&[]).to_vec();
    let quoted: Vec<(usize, usize)> = mapped
        .get(nlinks..)
        .unwrap_or(&[])
        .chunks_exact(2)
        .filter_map(|q| Some((*q.first()?, *q.get(1)?)))
        .collect();
    let norm = if c.plain {
        text::unwrap_lines(norm)
    } else {
        norm
    };
    let lower = norm.to_ascii_lowercase();
    let words = text::words(&norm);
    let mut hits = context.scan(&lower, &words);
    super::claims::drop_commentary_in_addresses(&norm, &mut hits);
    let lang = lang::guess(&lower, &words);
    Prepared {
        norm,
        lower,
        words,
        hits,
        quoted,
        link_pos,
        lang,
    }
}

impl Engine {
    /// Normalises the content's text and finds the brand mentions and cues.
    #[cfg(test)]
    pub(super) fn normalise(&self, c: &Content<'_>) -> Normalised {
        self.normalise_with(c, None)
    }

    /// [`Engine::normalise`], with the shared part already prepared for the
    /// same content (by any engine: the cue tables are the same for all).
    pub(super) fn normalise_with(
        &self,
        c: &Content<'_>,
        prepared: Option<&Rc<Prepared>>,
    ) -> Normalised {
        let base = match prepared {
            Some(p) => Rc::clone(p),
            None => Rc::new(prepare(c, &self.context)),
        };
        let mentions = self.brand.find(&base.norm, &base.words, MAX_MENTIONS);
        Normalised { base, mentions }
    }

    /// The shared part of [`Engine::normalise`] for `c`.
    pub(super) fn prepare(&self, c: &Content<'_>) -> Rc<Prepared> {
        Rc::new(prepare(c, &self.context))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::engine;
    use super::super::text::Link;
    use super::*;

    fn content<'a>(
        text: &'a str,
        links: &'a [Link],
        quoted: &'a [(usize, usize)],
        plain: bool,
    ) -> Content<'a> {
        Content {
            text,
            title: "",
            links,
            positioned: true,
            plain,
            quoted,
            notice_text: text,
            notice_text_is_message: false,
            sender_claims: false,
            sender_official: false,
            sender: None,
            recipient: None,
            recipients: &[],
            notice_bodies: &[],
        }
    }

    #[test]
    fn marks_follow_the_text_through_normalisation() {
        // The zero-width space disappears, so everything after it moves back.
        let text = "N\u{200B}orthwind Security: call now. > quoted words";
        let at = text.find("call").unwrap_or(0);
        let q = text.find('>').unwrap_or(0);
        let links = [Link {
            href: "tel:+18445550177".into(),
            at,
        }];
        let quoted = [(q, text.len())];
        let n = engine().normalise(&content(text, &links, &quoted, false));
        assert!(n.norm.starts_with("Northwind Security"), "{}", n.norm);
        assert_eq!(n.norm.get(n.link_pos[0]..n.link_pos[0] + 4), Some("call"));
        assert!(n.in_quote(n.norm.find("quoted").unwrap_or(0)));
        assert!(!n.in_quote(0));
        assert_eq!(n.mentions.iter().filter(|m| m.counts).count(), 1);
    }

    #[test]
    fn plain_text_soft_wraps_are_joined() {
        let text = "Call Northwind Security\nsupport now.\n\nNext paragraph.";
        let n = engine().normalise(&content(text, &[], &[], true));
        assert!(n.norm.contains("Security support"), "{}", n.norm);
        assert!(n.norm.contains("\n\nNext"), "{}", n.norm);
        let html = engine().normalise(&content(text, &[], &[], false));
        assert!(html.norm.contains("Security\nsupport"), "{}", html.norm);
    }
}
