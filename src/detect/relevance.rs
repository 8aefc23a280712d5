//! Which trusted vendors an input could concern, found in one pass.
//!
//! [`super::VendorSet`] used to judge every input against every vendor's
//! engine: with a hundred vendors, a hundred extractions, normalisations
//! and scans of the same page. Almost all of them conclude the same thing,
//! "nothing here concerns this vendor", and differ only in the vendor's
//! name. This pass reads the input once, with indexes built when vendors
//! are added, and names the vendors whose engine could conclude anything
//! else:
//!
//! * the brand: a word (or a run of spaced-out letters) whose fold starts
//!   with the first word of one of the vendor's names, which every mention
//!   the brand matcher finds needs;
//! * hosts (the page's address, links, email domains): [`HostIndex`];
//! * phone numbers, read by each distinct national-format scanner, that
//!   are the vendor's own;
//! * email addresses that are the vendor's own or on its email domains,
//!   and free-mail names that contain the brand;
//! * signed notices: a text holding one concerns every vendor (each engine
//!   says why a notice is or is not its own).
//!
//! The result is a superset. An engine left out would have found no
//! mention, no official or look-alike host, no own number or address and
//! no notice; every such engine reaches the same verdict and score, so one
//! of them (per set of national phone formats) stands for all.
//! `vendors::tests` checks this on the corpus with and without the filter.

use std::collections::HashMap;

use super::brand::fold;
use super::domain::index::{push, Candidates, HostIndex};
use super::domain::{url_host, ParsedUrl};
use super::normalise::Prepared;
use super::phone::{self, PhoneScanner};
use super::scan::{Scan, MAX_FIELD};
use super::{email, text, Engine};
use crate::directory::validate::hands_out_mailboxes;
use crate::directory::OfficialDomain;
use crate::notice::find_notices;

/// The indexes of a [`super::VendorSet`].
#[derive(Debug, Default)]
pub(crate) struct Relevance {
    hosts: HostIndex,
    /// Folded first words of the vendors' names and brand terms.
    brands: HashMap<String, Vec<u32>>,
    /// Lengths (bytes) of the keys of `brands`.
    brand_lens: Vec<usize>,
    /// The first character of every key of `brands`.
    firsts: Vec<char>,
    /// `firsts` by ASCII byte ([`super::brand::ascii_starts`]).
    starts: Vec<bool>,
    /// Official numbers (E.164).
    phones: HashMap<String, Vec<u32>>,
    /// Official addresses, and `@domain` for official email domains.
    emails: HashMap<String, Vec<u32>>,
    /// One scanner per distinct set of countries served.
    scanners: Vec<(Vec<String>, PhoneScanner)>,
    /// For each vendor, the index of its scanner in `scanners`.
    scanner_of: Vec<usize>,
    /// Vendors that hand out mailboxes on official domains, with those
    /// domain entries and their email domains: an address there does not
    /// make the vendor relevant ([`crate::directory::validate::hands_out_mailboxes`]).
    mailboxes: Vec<(u32, Vec<OfficialDomain>, Vec<String>)>,
}

impl Relevance {
    /// Indexes one more engine, numbered `vendor` (its position in the set).
    pub(crate) fn add(&mut self, vendor: u32, engine: &Engine) {
        let dir = engine.directory().directory();
        self.hosts.add(vendor, engine.domains());
        let names = core::iter::once(&dir.vendor.name).chain(dir.vendor.brand_terms.iter());
        for name in names {
            let first = text::words(name)
                .iter()
                .filter_map(|w| name.get(w.start..w.end))
                .map(fold)
                .find(|t| !t.is_empty());
            if let Some(first) = first {
                if !self.brand_lens.contains(&first.len()) {
                    self.brand_lens.push(first.len());
                }
                if let Some(c) = first.chars().next() {
                    if !self.firsts.contains(&c) {
                        self.firsts.push(c);
                        self.starts = super::brand::ascii_starts(&self.firsts).to_vec();
                    }
                }
                push(&mut self.brands, first, vendor);
            }
        }
        for p in &dir.phones {
            push(&mut self.phones, p.number.clone(), vendor);
        }
        for e in &dir.emails {
            push(&mut self.emails, e.address.to_lowercase(), vendor);
        }
        for d in &dir.email_domains {
            push(&mut self.emails, format!("@{}", d.to_lowercase()), vendor);
        }
        let mailboxes: Vec<OfficialDomain> = dir
            .domains
            .iter()
            .filter(|d| d.public_mailboxes)
            .cloned()
            .collect();
        if !mailboxes.is_empty() {
            self.mailboxes
                .push((vendor, mailboxes, dir.email_domains.clone()));
        }
        let mut countries: Vec<String> = dir.phones.iter().map(|p| p.country.clone()).collect();
        countries.sort();
        countries.dedup();
        let at = match self.scanners.iter().position(|(c, _)| *c == countries) {
            Some(at) => at,
            None => {
                self.scanners.push((countries, PhoneScanner::new(dir)));
                self.scanners.len() - 1
            }
        };
        self.scanner_of.push(at);
    }

    /// Which group of vendors reads phone numbers alike `vendor` is in.
    pub(crate) fn group(&self, vendor: usize) -> usize {
        self.scanner_of.get(vendor).copied().unwrap_or(usize::MAX)
    }

    /// Vendors a URL could concern ([`Engine::screen_url`]).
    pub(crate) fn url(&self, url: &str, out: &mut Candidates) {
        if let Ok(parsed) = ParsedUrl::new(url) {
            self.parsed_url(&parsed, out);
        }
    }

    /// [`Self::url`] on a link read once for the pass and the engines.
    pub(crate) fn parsed_url(&self, url: &ParsedUrl, out: &mut Candidates) {
        // A name before an `@` is compared with every vendor's.
        if url.userinfo.is_some() {
            out.all = true;
            return;
        }
        self.hosts.parsed(&url.host, out);
    }

    /// Vendors a web page could concern ([`Engine::analyse_page`]).
    pub(crate) fn page(
        &self,
        url: Option<&str>,
        extracted: &text::Extracted,
        prepared: &Prepared,
    ) -> Candidates {
        let mut out = Candidates::default();
        if let Some(url) = url {
            self.url(url, &mut out);
        }
        if !find_notices(&extracted.text).is_empty()
            || extracted.links.iter().any(|l| l.href.contains("CS1."))
        {
            out.all = true;
            return out;
        }
        // The text the engines read, prepared once for all of them.
        self.text(&prepared.norm, &prepared.words, &extracted.links, &mut out);
        out
    }

    /// Vendors what the extension read of a page could concern
    /// ([`Engine::analyse_scan`]). An email open in webmail concerns every
    /// vendor (its sender is compared with each).
    pub(crate) fn scan(&self, scan: &Scan) -> Candidates {
        let mut out = Candidates::default();
        let url = scan.url.trim();
        if scan.message.is_some() || url.len() > MAX_FIELD || !scan.notices.is_empty() {
            out.all = true;
            return out;
        }
        if !url.is_empty() {
            self.url(url, &mut out);
        }
        if scan.list_view {
            return out;
        }
        for frame in &scan.frames {
            self.url(frame.url.trim(), &mut out);
        }
        let extracted = scan.extracted();
        if !find_notices(&extracted.text).is_empty()
            || extracted.links.iter().any(|l| l.href.contains("CS1."))
        {
            out.all = true;
            return out;
        }
        let norm = text::normalize(&extracted.text);
        self.text(&norm, &text::words(&norm), &extracted.links, &mut out);
        out
    }

    /// The detectors' reading of normalised text and its links.
    fn text(&self, norm: &str, words: &[text::Word], links: &[text::Link], out: &mut Candidates) {
        if out.all {
            return;
        }
        self.mentions(norm, words, out);
        for (_, scanner) in &self.scanners {
            for p in scanner.find(norm, phone::MAX_PHONES) {
                if let Some(v) = self.phones.get(&p.e164) {
                    out.add_all(v);
                }
            }
            for link in links {
                if let Some(e164) =
                    phone::tel_target(&link.href).and_then(|t| scanner.parse_one(&t))
                {
                    if let Some(v) = self.phones.get(&e164) {
                        out.add_all(v);
                    }
                }
            }
        }
        let mut addresses: Vec<String> = email::find_addresses(norm, 200)
            .into_iter()
            .map(|f| f.address)
            .collect();
        addresses.extend(links.iter().filter_map(|l| email::mailto_target(&l.href)));
        addresses.sort_unstable();
        addresses.dedup();
        for address in &addresses {
            self.address(address, out);
        }
        let mut hosts: Vec<String> = Vec::new();
        for link in links {
            let href = link.href.trim();
            let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("www.")
            {
                if let Ok(h) = url_host(href) {
                    let host = h.host.to_string();
                    if !hosts.contains(&host) {
                        hosts.push(host);
                    }
                }
            }
        }
        for h in &hosts {
            self.hosts.host(h, out);
        }
    }

    /// An email address: official, on an official or look-alike domain, or
    /// a free-mail name that contains the brand.
    fn address(&self, address: &str, out: &mut Candidates) {
        let lower = address.trim().to_lowercase();
        if let Some(v) = self.emails.get(&lower) {
            out.add_all(v);
        }
        if let Some((local, domain)) = lower.rsplit_once('@') {
            if let Some(v) = self.emails.get(&format!("@{domain}")) {
                out.add_all(v);
            }
            self.contains_brand(&fold(local), out);
        }
        if let Some(domain) = email::domain_of(address) {
            // The host as a web site would make its vendor relevant; as a
            // mailbox anyone can get, it does not.
            let mut found = Candidates::default();
            self.hosts.host(domain, &mut found);
            found.vendors.retain(|v| {
                !self.mailboxes.iter().any(|(m, domains, email_domains)| {
                    m == v && hands_out_mailboxes(domains, email_domains, domain)
                })
            });
            out.all |= found.all;
            out.add_all(&found.vendors);
        }
    }

    /// Vendors whose brand word occurs anywhere in `folded`.
    fn contains_brand(&self, folded: &str, out: &mut Candidates) {
        for &len in &self.brand_lens {
            for start in 0..folded.len().saturating_sub(len).saturating_add(1) {
                if let Some(v) = folded
                    .get(start..start + len)
                    .and_then(|w| self.brands.get(w))
                {
                    out.add_all(v);
                }
            }
        }
    }

    /// Whether a word starting with ASCII byte `b` can fold to something
    /// that starts a brand word (the brand matcher's own fast path).
    fn may_start(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            Some(&b) if b.is_ascii() => self.starts.get(usize::from(b)).copied().unwrap_or(false),
            _ => true,
        }
    }

    /// Vendors the brand matcher could find a mention of: a folded word, or
    /// a run of single-letter words joined, that starts with a brand word.
    fn mentions(&self, norm: &str, words: &[text::Word], out: &mut Candidates) {
        let mut buf = String::new();
        let mut i = 0;
        while i < words.len() {
            let raw = words
                .get(i)
                .and_then(|w| norm.get(w.start..w.end))
                .unwrap_or("");
            if !self.may_start(raw) {
                i += 1;
                continue;
            }
            if raw.chars().nth(1).is_none() {
                // A run of single letters: every start within it.
                let mut end = i;
                while words
                    .get(end)
                    .and_then(|w| norm.get(w.start..w.end))
                    .is_some_and(|r| r.chars().nth(1).is_none())
                {
                    end += 1;
                }
                for s in i..end {
                    let first = words
                        .get(s)
                        .and_then(|w| norm.get(w.start..w.end))
                        .unwrap_or("");
                    if !self.may_start(first) {
                        continue;
                    }
                    buf.clear();
                    for w in words.get(s..end.min(s + 64)).unwrap_or_default() {
                        super::brand::fold_into(norm.get(w.start..w.end).unwrap_or(""), &mut buf);
                    }
                    self.starts_with_brand(&buf, out);
                }
                i = end.max(i + 1);
                continue;
            }
            buf.clear();
            super::brand::fold_into(raw, &mut buf);
            self.starts_with_brand(&buf, out);
            i += 1;
        }
    }

    fn starts_with_brand(&self, folded: &str, out: &mut Candidates) {
        for &len in &self.brand_lens {
            if let Some(v) = folded.get(..len).and_then(|p| self.brands.get(p)) {
                out.add_all(v);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::directory::{sign_directory, VerifiedDirectory};
    use crate::keys::SecretKey;

    /// The demo vendor with a webmail domain, marked or not as handing out
    /// mailboxes.
    fn relevance(mailboxes: bool) -> Relevance {
        let mut d = super::super::testing::directory();
        d.domains.push(OfficialDomain {
            domain: "nwmail.example".into(),
            include_subdomains: true,
            public_mailboxes: mailboxes,
        });
        let root = SecretKey::from_seed(&[9; 32]);
        let signed = sign_directory(&d, &root, &[]).unwrap();
        let v = VerifiedDirectory::verify(
            signed.as_bytes(),
            &root.public_key(),
            crate::demo::DEMO_NOW,
            None,
        )
        .unwrap();
        let mut r = Relevance::default();
        r.add(0, &Engine::new(&v));
        r
    }

    fn names(r: &Relevance, address: &str) -> bool {
        let mut out = Candidates::default();
        r.address(address, &mut out);
        out.all || !out.vendors.is_empty()
    }

    #[test]
    fn a_mailbox_anyone_can_get_does_not_make_its_vendor_relevant() {
        assert!(names(&relevance(false), "ex.pharmacy@nwmail.example"));
        let r = relevance(true);
        assert!(!names(&r, "ex.pharmacy@nwmail.example"));
        assert!(!names(&r, "someone@eu.nwmail.example"));
        // The brand in the mailbox's name still does; so do the vendor's
        // other domains.
        assert!(names(&r, "northwind.support@nwmail.example"));
        assert!(names(&r, "someone@northwind.example"));
    }
}
