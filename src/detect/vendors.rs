//! Many vendors at once: one engine per trusted directory, judged together.
//!
//! A customer trusts several vendors (their antivirus, their bank's app,
//! their cloud provider), and a scam page names only one of them. Every
//! input is judged against each vendor, and the answer is the one that
//! concerns the person most: a page on a vendor's own domain is that
//! vendor's; otherwise the strongest warning; otherwise a verified notice;
//! otherwise "clean", naming the vendor the text talks about, if any.
//!
//! Two vendors must never claim the same brand, domain, address or number:
//! the engine could then call one vendor's official page an impersonation
//! of the other, or vouch for one vendor's contact as the other's.
//! [`VendorSet::add`] refuses such a directory at the moment it is added,
//! saying what collides with whom.

use core::fmt;

use super::brand::fold;
use super::domain::index::Candidates;
use super::domain::ParsedUrl;
use super::relevance::Relevance;
use super::report::{NoticeFinding, Report, Verdict};
use super::scan::Scan;
use super::text;
use super::Engine;
use crate::directory::{Directory, UnixTime, VerifiedDirectory};

/// Most vendors one set holds.
pub const MAX_VENDORS: usize = 1_000;

/// Why a directory cannot join the set.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Collision {
    /// The set already trusts a directory for this vendor id; replace it
    /// with [`VendorSet::replace`] instead.
    SameVendor {
        /// The vendor id.
        id: String,
    },
    /// A brand term, domain, address or number of the new vendor belongs to
    /// a vendor already trusted.
    Claims {
        /// The vendor already trusted.
        other: String,
        /// What both claim, in words (`the brand term "northwind"`).
        what: String,
    },
    /// The set is full.
    TooMany,
}

impl fmt::Display for Collision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Collision::SameVendor { id } => write!(
                f,
                "a directory for vendor \"{id}\" is already trusted; update it instead of adding it again"
            ),
            Collision::Claims { other, what } => write!(
                f,
                "this directory claims {what}, which belongs to {other}, a vendor already trusted; two vendors cannot share it"
            ),
            Collision::TooMany => write!(f, "no more than {MAX_VENDORS} vendors can be trusted at once"),
        }
    }
}

impl std::error::Error for Collision {}

impl Collision {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Collision::SameVendor { .. } => "duplicate-vendor",
            Collision::Claims { .. } => "vendor-collision",
            Collision::TooMany => "too-many-vendors",
        }
    }
}

/// What one directory claims that another must not.
fn claims(dir: &Directory) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for term in &dir.vendor.brand_terms {
        let folded = fold(term);
        if !folded.is_empty() {
            out.push((
                format!("brand:{folded}"),
                format!("the brand name \"{term}\""),
            ));
        }
    }
    for d in &dir.domains {
        out.push((
            format!("domain:{}", d.domain.to_ascii_lowercase()),
            format!("the domain {}", d.domain),
        ));
    }
    for e in &dir.emails {
        out.push((
            format!("email:{}", e.address.to_ascii_lowercase()),
            format!("the address {}", e.address),
        ));
    }
    for p in &dir.phones {
        out.push((
            format!("phone:{}", p.number),
            format!("the number {}", crate::phone::display(&p.number)),
        ));
    }
    out
}

/// Whether `a` is `b` or under it, for domains one of which covers its
/// subdomains.
fn domain_overlap(a: &Directory, b: &Directory) -> Option<String> {
    for x in &a.domains {
        for y in &b.domains {
            let (xd, yd) = (x.domain.to_ascii_lowercase(), y.domain.to_ascii_lowercase());
            let under = |child: &str, parent: &str| child.ends_with(&format!(".{parent}"));
            if xd == yd
                || (y.include_subdomains && under(&xd, &yd))
                || (x.include_subdomains && under(&yd, &xd))
            {
                return Some(format!("the domain {}", x.domain));
            }
        }
    }
    None
}

/// The trusted vendors, each with its engine.
///
/// Pages and URLs are first read once by a relevance pass
/// (`super::relevance`) that names the vendors they could concern; only
/// those engines, and one engine standing for all the others, judge them in
/// full. The answer is the one every engine would give together.
#[derive(Debug)]
pub struct VendorSet {
    engines: Vec<Engine>,
    relevance: Relevance,
    /// Judge only the vendors the relevance pass names (off only in tests,
    /// which compare both ways).
    filter: bool,
}

impl Default for VendorSet {
    fn default() -> Self {
        VendorSet {
            engines: Vec::new(),
            relevance: Relevance::default(),
            filter: true,
        }
    }
}

/// Whether a notice was signed outside the directory of the vendor that
/// judged it: with a key that directory does not list, or for another
/// vendor. Another vendor's genuine notice is such a notice to every
/// vendor but its own.
fn foreign(n: &NoticeFinding) -> bool {
    matches!(n.code, Some("unknown-key" | "wrong-vendor"))
}

/// Whether a report warns of a fake notice only because the notice is not
/// this vendor's: every notice that failed failed that way.
fn rests_on_foreign_notice(report: &Report) -> bool {
    report.verdict == Verdict::InvalidNotice
        && report.evidence.notices.iter().any(foreign)
        && report
            .evidence
            .notices
            .iter()
            .all(|n| n.valid || foreign(n))
}

/// The report that concerns the person most among `judged` (vendor number,
/// report), the lowest number first among equals.
///
/// A notice is judged by every vendor, and to all but the one that signed
/// it, it is a notice with an unknown key: "a fake notice". Once some vendor
/// knows the signer, those reports say nothing about the notice and rank
/// below every other; a notice no vendor knows stays a fake one.
fn choose(judged: Vec<(usize, Report)>) -> Option<(usize, Report)> {
    let signer_known = judged
        .iter()
        .any(|(_, r)| r.evidence.notices.iter().any(|n| !foreign(n)));
    let rank_of = |r: &Report| {
        if signer_known && rests_on_foreign_notice(r) {
            (0, 0, 0)
        } else {
            rank(r)
        }
    };
    let mut best: Option<(usize, Report)> = None;
    for (k, report) in judged {
        let better = match &best {
            None => true,
            Some((bk, b)) => {
                let (r, br) = (rank_of(&report), rank_of(b));
                r > br || (r == br && k < *bk)
            }
        };
        if better {
            best = Some((k, report));
        }
    }
    best
}

/// How much a report should concern the person, for picking one among
/// vendors (higher first).
fn rank(report: &Report) -> (u8, u8, usize) {
    let tier = match report.verdict {
        Verdict::Official => 6,
        Verdict::InvalidNotice | Verdict::Impersonation => 5,
        Verdict::Suspicious => 4,
        Verdict::Verified => 3,
        Verdict::Clean => 1,
    };
    (tier, report.score, report.evidence.brand_mentions)
}

impl VendorSet {
    /// An empty set.
    pub fn new() -> VendorSet {
        VendorSet::default()
    }

    /// Adds a verified directory, refusing one that collides with a vendor
    /// already trusted.
    pub fn add(&mut self, directory: &VerifiedDirectory) -> Result<(), Collision> {
        if self.engines.len() >= MAX_VENDORS {
            return Err(Collision::TooMany);
        }
        let new = directory.directory();
        let new_claims = claims(new);
        for engine in &self.engines {
            let old = engine.directory().directory();
            if old.vendor.id == new.vendor.id {
                return Err(Collision::SameVendor {
                    id: new.vendor.id.clone(),
                });
            }
            let old_claims = claims(old);
            let shared = new_claims
                .iter()
                .find(|(key, _)| old_claims.iter().any(|(k, _)| k == key))
                .map(|(_, what)| what.clone())
                .or_else(|| domain_overlap(new, old));
            if let Some(what) = shared {
                return Err(Collision::Claims {
                    other: old.vendor.name.clone(),
                    what,
                });
            }
        }
        let engine = Engine::new(directory);
        let number = u32::try_from(self.engines.len()).unwrap_or(u32::MAX);
        self.relevance.add(number, &engine);
        self.engines.push(engine);
        Ok(())
    }

    /// Replaces the directory of a vendor already in the set (a newer
    /// directory after a refresh), or adds it.
    pub fn replace(&mut self, directory: &VerifiedDirectory) -> Result<(), Collision> {
        let id = &directory.directory().vendor.id;
        let kept: Vec<Engine> = self
            .engines
            .drain(..)
            .filter(|e| &e.directory().directory().vendor.id != id)
            .collect();
        self.relevance = Relevance::default();
        for (k, engine) in kept.iter().enumerate() {
            self.relevance
                .add(u32::try_from(k).unwrap_or(u32::MAX), engine);
        }
        self.engines = kept;
        self.add(directory)
    }

    /// The engines, one per vendor, in the order they were added.
    pub fn engines(&self) -> &[Engine] {
        &self.engines
    }

    /// Whether no vendor is trusted.
    pub fn is_empty(&self) -> bool {
        self.engines.is_empty()
    }

    /// The report that concerns the person most, and the engine (vendor)
    /// that made it. `None` only when the set is empty.
    fn pick<F: Fn(&Engine) -> Report>(&self, judge: F) -> Option<(&Engine, Report)> {
        let judged = self.engines.iter().map(&judge).enumerate().collect();
        let (k, report) = choose(judged)?;
        Some((self.engines.get(k)?, report))
    }

    /// Like [`Self::pick`], judging in full only the vendors in `candidates`
    /// and, for each set of national phone formats, the first vendor not
    /// among them: every vendor left out would reach the verdict and score
    /// of that one (no mention, no own host, number, address or notice), and
    /// it comes first among them, so the choice is the one [`Self::pick`]
    /// makes. That stand-in cannot claim to be a vendor, be official or hold
    /// a notice, so it is not judged once a candidate has reached such a
    /// verdict.
    fn pick_among<F: Fn(&Engine) -> Report>(
        &self,
        candidates: &Candidates,
        judge: F,
    ) -> Option<(&Engine, Report)> {
        if !self.filter || candidates.all || self.engines.len() <= 1 {
            return self.pick(judge);
        }
        let mut relevant = vec![false; self.engines.len()];
        for &v in &candidates.vendors {
            if let Some(slot) = relevant.get_mut(v as usize) {
                *slot = true;
            }
        }
        let mut judged: Vec<(usize, Report)> = Vec::new();
        for (k, engine) in self.engines.iter().enumerate() {
            if relevant.get(k).copied().unwrap_or(false) {
                judged.push((k, judge(engine)));
            }
        }
        let decided = judged.iter().any(|(_, r)| rank(r).0 >= 5);
        if !decided {
            let mut groups: Vec<usize> = Vec::new();
            for (k, engine) in self.engines.iter().enumerate() {
                let group = self.relevance.group(k);
                if relevant.get(k).copied().unwrap_or(false) || groups.contains(&group) {
                    continue;
                }
                groups.push(group);
                judged.push((k, judge(engine)));
            }
        }
        let (k, report) = choose(judged)?;
        Some((self.engines.get(k)?, report))
    }

    /// Turns the relevance filter off or on, to compare both ways.
    #[cfg(test)]
    pub(crate) fn set_filter(&mut self, on: bool) {
        self.filter = on;
    }

    /// [`Engine::analyse_scan`] against every vendor.
    pub fn analyse_scan(
        &self,
        scan: &Scan,
        recipients: &[String],
        now: UnixTime,
    ) -> Option<(&Engine, Report)> {
        let candidates = if self.filter && self.engines.len() > 1 {
            self.relevance.scan(scan)
        } else {
            Candidates::default()
        };
        self.pick_among(&candidates, |e| e.analyse_scan(scan, recipients, now))
    }

    /// [`Engine::analyse_page`] against every vendor.
    pub fn analyse_page(
        &self,
        url: Option<&str>,
        html_or_text: &str,
        now: UnixTime,
    ) -> Option<(&Engine, Report)> {
        if !self.filter || self.engines.len() <= 1 {
            return self.pick(|e| e.analyse_page(url, html_or_text, now));
        }
        // The text is extracted once, for the relevance pass and every
        // engine that judges it.
        let is_html = text::looks_like_html(html_or_text);
        let extracted = if is_html {
            text::extract(html_or_text)
        } else {
            text::plain(html_or_text)
        };
        // So are the normalised text, its words, cues and language: they do
        // not depend on the vendor.
        let prepared = self.engines.first()?.prepare_page(&extracted, is_html);
        let candidates = self.relevance.page(url, &extracted, &prepared);
        self.pick_among(&candidates, |e| {
            e.analyse_prepared(url, &extracted, is_html, Some(&prepared), now)
        })
    }

    /// [`Engine::analyse_email`] against every vendor.
    #[cfg(feature = "raw-email")]
    pub fn analyse_email(&self, raw: &[u8], now: UnixTime) -> Option<(&Engine, Report)> {
        self.pick(|e| e.analyse_email(raw, now))
    }

    /// [`Engine::analyse_email_parts`] against every vendor: the email is
    /// built once.
    pub fn analyse_email_parts(
        &self,
        parts: &super::email::RawParts,
        now: UnixTime,
    ) -> Option<(&Engine, Report)> {
        let mail = super::email::Email::from_parts(parts);
        self.pick(|e| e.analyse_mail(&mail, now))
    }

    /// [`Engine::analyse_webmail`] against every vendor.
    pub fn analyse_webmail(
        &self,
        sender_name: &str,
        sender_address: &str,
        body: &str,
        now: UnixTime,
    ) -> Option<(&Engine, Report)> {
        self.pick(|e| e.analyse_webmail(sender_name, sender_address, body, now))
    }

    /// [`Engine::analyse_contact`] against every vendor.
    pub fn analyse_contact(&self, contact: &str, now: UnixTime) -> Option<(&Engine, Report)> {
        self.pick(|e| e.analyse_contact(contact, now))
    }

    /// [`Engine::screen_url`] against every vendor.
    ///
    /// Like [`Self::pick_among`], with one stand-in for all the vendors the
    /// relevance pass leaves out, not one per set of phone formats: an
    /// address is judged by its host alone, so every vendor left out
    /// reaches the same verdict and score, and the first of them is the one
    /// [`Self::pick`] would keep among them.
    ///
    /// The link is read once ([`ParsedUrl`]) for the relevance pass and
    /// every engine that judges it.
    pub fn screen_url(&self, url: &str) -> Option<(&Engine, Report)> {
        let mut candidates = Candidates::default();
        if !self.filter || self.engines.len() <= 1 {
            return self.pick(|e| e.screen_url(url));
        }
        let parsed = ParsedUrl::new(url);
        if let Ok(p) = &parsed {
            self.relevance.parsed_url(p, &mut candidates);
        }
        if candidates.all {
            return self.pick(|e| e.screen_parsed_url(&parsed));
        }
        candidates.vendors.sort_unstable();
        let mut best: Option<(usize, Report)> = None;
        let consider = |best: &mut Option<(usize, Report)>, k: usize, report: Report| {
            let better = match best.as_ref() {
                None => true,
                Some((bk, b)) => {
                    let (r, br) = (rank(&report), rank(b));
                    r > br || (r == br && k < *bk)
                }
            };
            if better {
                *best = Some((k, report));
            }
        };
        for &v in &candidates.vendors {
            let k = v as usize;
            if let Some(engine) = self.engines.get(k) {
                consider(&mut best, k, engine.screen_parsed_url(&parsed));
            }
        }
        let decided = best.as_ref().is_some_and(|(_, r)| rank(r).0 >= 5);
        if !decided {
            let left_out = (0..self.engines.len()).find(|&k| {
                u32::try_from(k).map_or(true, |k| candidates.vendors.binary_search(&k).is_err())
            });
            if let Some((k, engine)) = left_out.and_then(|k| Some((k, self.engines.get(k)?))) {
                consider(&mut best, k, engine.screen_parsed_url(&parsed));
            }
        }
        let (k, report) = best?;
        Some((self.engines.get(k)?, report))
    }
}

#[cfg(test)]
mod tests;
