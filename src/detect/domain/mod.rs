//! Is this host one of the vendor's official domains, an imitation of one,
//! or unrelated?
//!
//! Support scams live on domains made to pass a glance: the brand with
//! "support" added (`northwind-support.com`), the official name under
//! another ending (`northwind.com`), one letter changed, a Cyrillic `о` for a
//! Latin `o`, or the official domain put in front of the scammer's own
//! (`northwind.example.account-verify.io`). A [`DomainMatcher`] is built once
//! from the signed directory and answers, for any host or link:
//!
//! 1. **Official?** The host is an official domain, or a subdomain of one
//!    that the directory says includes its subdomains. Hosts are compared
//!    after the browser's own IDNA processing, so nothing that looks
//!    different from the official name can be official.
//! 2. **Whose is it?** The registrable domain (eTLD+1) by the Public Suffix
//!    List: under `.co.uk` or `github.io` the owner is one label further in,
//!    so `northwind.github.io` belongs to whoever registered it on GitHub,
//!    not to the vendor.
//! 3. **A look-alike?** The registrable label and the subdomain labels are
//!    tested against every official domain and brand name, read as a
//!    person reads them: accents dropped, letters with strokes, hooks or
//!    small capitals read as their letter, then UTS #39 skeletons
//!    (confusable characters, mixed and whole-script names); one edit or
//!    swap (only for names of five letters or more), two look-alike letters
//!    (seven or more), other suffixes, hyphen and digit tricks, brand plus a
//!    support word, the official domain embedded in someone else's host.
//!
//! The rules lean towards precision. A warning on `northwood.com` teaches
//! people to ignore warnings; the cost of missing an odd imitation is lower,
//! since other detectors see the page's text and phone numbers too.
//!
//! Everything that depends on the directory is computed in
//! [`DomainMatcher::new`]; a query allocates a few short strings and is
//! bounded in time whatever the input.

mod host;
mod idn;
pub(crate) mod index;
mod letters;
mod lookalike;
mod parsed;
mod scripts;
mod suffix;

use serde::Serialize;

use crate::directory::Directory;
use host::{display_safe, prefix, Problem};
pub use host::{strip_port, url_host, UrlError, UrlHost, MAX_HOST_LEN};
use lookalike::{
    fold, match_label, may_fold, Context, Hit, Keywords, COMBO_WORDS, GENERIC_WORDS,
    MIN_CONTAINED_LEN,
};
pub use parsed::{ParsedHost, ParsedUrl};
use parsed::{State, View};
/// Used by the directory's structural rules to refuse public suffixes.
pub(crate) use suffix::registrable;

/// What a host is, with the evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HostReport {
    /// Lowercase ASCII (punycode) form: what DNS sees. For input that is not
    /// a host name at all, a shortened, sanitized copy of it.
    pub host: String,
    /// The same host with IDN labels decoded, for display. Invisible and
    /// control characters, if any got this far, are spelled out as `<U+…>`.
    pub unicode: String,
    /// The registrable domain (eTLD+1) by the Public Suffix List, ASCII.
    /// `None` for IP addresses, public suffixes and invalid hosts.
    pub registrable: Option<String>,
    /// The conclusion.
    pub verdict: HostVerdict,
    /// Why, in plain words, quoting the evidence. Empty for an ordinary
    /// unrelated host.
    pub reasons: Vec<String>,
    /// A brand name the host name contains (`northwind` in
    /// `northwindtraders.com`), whatever the verdict except official. On an
    /// unrelated host it is a weak signal: worth weighing with what the page
    /// says, not a warning by itself.
    pub brand: Option<String>,
    /// The host is an IPv4 or IPv6 address rather than a name.
    pub ip_address: bool,
}

impl HostReport {
    /// Whether the verdict is [`HostVerdict::Official`].
    pub fn is_official(&self) -> bool {
        matches!(self.verdict, HostVerdict::Official { .. })
    }

    /// The official domain imitated, if the verdict is a look-alike.
    pub fn imitates(&self) -> Option<&str> {
        match &self.verdict {
            HostVerdict::Lookalike { of, .. } => Some(of),
            _ => None,
        }
    }
}

/// The conclusion about a host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum HostVerdict {
    /// On an official domain (or a subdomain of one that includes them).
    Official {
        /// The directory entry that matched, e.g. `northwind.example`.
        domain: String,
    },
    /// Imitates an official domain.
    Lookalike {
        /// The official domain imitated.
        of: String,
        /// The main trick used.
        technique: Technique,
    },
    /// Neither official nor an imitation.
    Unrelated,
}

/// How a look-alike imitates an official domain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Technique {
    /// Characters that look like the official ones (`nοrthwind` with a Greek
    /// omicron, `rn` for `m`).
    Confusable,
    /// Letters from several alphabets that together spell a brand word.
    MixedScript,
    /// One letter changed, added or dropped (`nortwind`).
    Typo,
    /// Two adjacent letters swapped (`nrothwind`).
    Transposition,
    /// The official name under another suffix (`northwind.com`,
    /// `northwind.github.io`).
    TldSwap,
    /// The official domain or brand placed inside someone else's host
    /// (`northwind.example.account-verify.io`), or before an `@` in a link.
    EmbedsDomain,
    /// The brand plus a word such as support, billing or login
    /// (`northwind-support.com`).
    Combosquat,
    /// Hyphens or digits added or swapped in (`north-wind`, `n0rthwind`).
    HyphenOrDigit,
}

impl Technique {
    /// The wire name, e.g. `tld-swap`.
    pub fn as_str(self) -> &'static str {
        match self {
            Technique::Confusable => "confusable",
            Technique::MixedScript => "mixed-script",
            Technique::Typo => "typo",
            Technique::Transposition => "transposition",
            Technique::TldSwap => "tld-swap",
            Technique::EmbedsDomain => "embeds-domain",
            Technique::Combosquat => "combosquat",
            Technique::HyphenOrDigit => "hyphen-or-digit",
        }
    }
}

/// An official domain entry, preprocessed.
#[derive(Debug)]
struct Official {
    /// ASCII form, as in the directory.
    domain: String,
    include_subdomains: bool,
    /// The [`fold`] of each Unicode label, joined with dots.
    folded: String,
    /// `northwind-example`: the domain written as one label.
    hyphenated: String,
}

/// A brand name to look for inside labels.
#[derive(Debug)]
struct Brand {
    /// Lowercase; Unicode if it comes from an IDN.
    token: String,
    /// [`fold`] of `token`.
    folded: String,
    /// The words of a brand of several words, as written in text
    /// (`acme guard` for `acmeguard`).
    phrase: Option<String>,
    /// The official domain it stands for (what a match imitates).
    of: String,
    /// The suffix of that domain's registrable part, if the token is its
    /// label (so that `token.other` is a TLD swap).
    official_suffix: Option<String>,
}

/// Classifies hosts against one directory. Built once per directory; cheap
/// to query many times.
#[derive(Debug)]
pub struct DomainMatcher {
    vendor: String,
    officials: Vec<Official>,
    /// Registrable domains the directory lists as official web domains: the
    /// vendor controls their DNS, so nothing under them is an imitation.
    owned: Vec<String>,
    /// Registrable domains of official subdomains that are not listed
    /// themselves (`zendesk.com` for `northwind.zendesk.com`): not
    /// necessarily the vendor's.
    shared: Vec<String>,
    /// Domains of official email addresses and official email domains.
    email_hosts: Vec<String>,
    brands: Vec<Brand>,
    keywords: Keywords,
}

/// Splits on anything that is not a letter or digit, lowercased.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

fn is_generic(word: &str) -> bool {
    GENERIC_WORDS.contains(&word) || COMBO_WORDS.contains(&word)
}

/// The labels of the registrable domains the directory lists as its own,
/// hyphens dropped (`acmeguard` for `acme-guard.example`).
fn own_domain_names(directory: &Directory) -> Vec<String> {
    directory
        .domains
        .iter()
        .filter_map(|entry| {
            let domain = host::normalize(&entry.domain).ok()?.ascii;
            let registrable = suffix::registrable(&domain)?;
            if registrable != domain {
                return None;
            }
            let label = registrable.split('.').next()?;
            Some(to_unicode(label).replace('-', ""))
        })
        .collect()
}

/// The guard of the brand-name stage for official domain labels: whether
/// `label` (of an official registrable domain) is a name no brand term
/// gives, and so no brand name for the look-alike check.
///
/// Why: a vendor lists the sites it owns, and their names are often
/// ordinary words (`office.com`, `windows.com`, `live.com`). Read as brand
/// names, every `office.org` or `officedesk.org` was a look-alike of the
/// vendor, and the warning named the wrong company. The brand terms are
/// where the directory says what its name is, so a label counts only when
/// a brand term names it (`windows` from "Windows Defender") or the label
/// holds one (`microsoftonline` holds `microsoft`, `paypal-communication`
/// holds `paypal`). A vendor whose site name is a brand of its own adds it
/// to its brand terms. Measured on the look-alike recall tests, the domain
/// tests, the synthetic corpus and the real-world corpus before and after
/// (docs/detection.md, "Official domains that are ordinary words").
///
/// `named` holds every name the terms give; `contained`, those long enough
/// to be looked for inside a label.
fn is_likely_unnamed_label_false_positive(
    label: &str,
    named: &[String],
    contained: &[String],
) -> bool {
    let joined = label.replace('-', "");
    !(named.contains(&joined) || contained.iter().any(|t| joined.contains(t.as_str())))
}

fn phrase_of(phrases: &[(String, String)], token: &str) -> Option<String> {
    phrases
        .iter()
        .find(|(whole, _)| whole == token)
        .map(|(_, phrase)| phrase.clone())
}

/// The Unicode form of an ASCII host, or the host itself.
fn to_unicode(ascii: &str) -> String {
    if ascii.split('.').any(|l| l.starts_with("xn--")) {
        if let Ok(text) = idn::to_unicode(ascii) {
            return text;
        }
    }
    ascii.to_owned()
}

fn fold_host(unicode: &str) -> String {
    unicode.split('.').map(fold).collect::<Vec<_>>().join(".")
}

/// Whether `host` is `domain` or (if `subdomains`) under it.
fn is_under(host: &str, domain: &str, subdomains: bool) -> bool {
    host == domain
        || (subdomains
            && host.len() > domain.len()
            && host.ends_with(domain)
            && host.as_bytes().get(host.len() - domain.len() - 1) == Some(&b'.'))
}

/// Whether the dotted name `inner` appears in `outer` on label boundaries.
fn contains_labels(outer: &str, inner: &str) -> bool {
    outer.match_indices(inner).any(|(at, _)| {
        let before_ok = at == 0 || outer.as_bytes().get(at - 1) == Some(&b'.');
        let after = at + inner.len();
        let after_ok = after == outer.len() || outer.as_bytes().get(after) == Some(&b'.');
        before_ok && after_ok
    })
}

/// The non-ASCII characters of `s`, as ` ('ο' U+03BF)` evidence.
fn odd_characters(s: &str) -> String {
    let odd: Vec<String> = s
        .chars()
        .filter(|c| !c.is_ascii())
        .take(4)
        .map(|c| format!("'{c}' U+{:04X}", u32::from(c)))
        .collect();
    if odd.is_empty() {
        String::new()
    } else {
        format!(" ({})", odd.join(", "))
    }
}

impl DomainMatcher {
    /// Precomputes everything the checks need from the directory: official
    /// domains and their registrable parts, folded skeletons, brand names
    /// (the distinctive words of the vendor's name and brand terms, and the
    /// label of each official registrable domain the vendor lists itself),
    /// and the combination words.
    pub fn new(directory: &Directory) -> DomainMatcher {
        let mut keywords = Keywords::default();
        for w in COMBO_WORDS.iter().chain(GENERIC_WORDS) {
            keywords.add(w);
        }

        // Brand terms: a term's distinctive words, joined ("Northwind
        // Security" gives `northwind`; "North Wind Antivirus" gives
        // `northwind`, not the common words `north` and `wind`). The
        // generic words become combination words instead.
        //
        // Unless the whole term is the vendor's domain name: "Acme Guard"
        // at `acmeguard.example` is the brand `acmeguard`, and `acme` alone
        // is other companies' name (`acme.example`, `acmegroup.example`).
        let vendor = &directory.vendor;
        let domain_names = own_domain_names(directory);
        let terms = std::iter::once(vendor.id.as_str())
            .chain(std::iter::once(vendor.name.as_str()))
            .chain(vendor.brand_terms.iter().map(String::as_str));
        let mut term_tokens: Vec<String> = Vec::new();
        // Every name the terms give, however short (`nw` of "NW"): what
        // makes an official domain label a brand name (see below).
        let mut named: Vec<String> = Vec::new();
        let mut phrases: Vec<(String, String)> = Vec::new();
        for term in terms {
            let all: Vec<String> = words(term).collect();
            // A run of two or more words that spells a domain name is kept
            // whole ("Acme Guard Antivirus" gives `acmeguard`).
            let run = (0..all.len()).find_map(|i| {
                (i + 2..=all.len())
                    .find(|&j| {
                        all.get(i..j)
                            .is_some_and(|r| domain_names.contains(&r.concat()))
                    })
                    .map(|j| (i, j))
            });
            let mut token = String::new();
            for (k, w) in all.iter().enumerate() {
                match run {
                    Some((i, j)) if k == i => {
                        let words = all.get(i..j).unwrap_or_default();
                        phrases.push((words.concat(), words.join(" ")));
                        token.push_str(&words.concat());
                    }
                    Some((i, j)) if (i..j).contains(&k) => {}
                    _ if is_generic(w) => keywords.add(w),
                    _ => token.push_str(w),
                }
            }
            if !token.is_empty() && !named.contains(&token) {
                named.push(token.clone());
            }
            if token.chars().count() >= MIN_CONTAINED_LEN && !term_tokens.contains(&token) {
                term_tokens.push(token);
            }
        }

        let mut officials = Vec::new();
        let mut owned: Vec<String> = Vec::new();
        let mut shared: Vec<String> = Vec::new();
        let mut brands: Vec<Brand> = Vec::new();
        for entry in &directory.domains {
            let domain = match host::normalize(&entry.domain) {
                Ok(n) => n.ascii,
                Err(_) => entry.domain.to_ascii_lowercase(),
            };
            let unicode = to_unicode(&domain);
            officials.push(Official {
                folded: fold_host(&unicode),
                hyphenated: domain.replace('.', "-"),
                domain: domain.clone(),
                include_subdomains: entry.include_subdomains,
            });
            let Some(registrable) = suffix::registrable(&domain) else {
                continue;
            };
            let (label, suffix) = registrable.split_once('.').unwrap_or((registrable, ""));
            let token = to_unicode(label);
            // A listed registrable domain is the vendor's own. A listed
            // subdomain (`northwind.zendesk.com`) may sit on someone else's
            // domain: its label is a brand name only if a brand term says so.
            let own = registrable == domain;
            let list = if own { &mut owned } else { &mut shared };
            if !list.iter().any(|o| o == registrable) {
                list.push(registrable.to_owned());
            }
            // Nor is a mail service's (`public_mailboxes`) unless a brand
            // term says so: its name is often an ordinary word (live, mail),
            // and a domain containing it imitates nobody. Nor, generally, is
            // a label no brand term names (`office` of `office.com`): see
            // `is_likely_unnamed_label_false_positive`.
            let brand = own
                && !entry.public_mailboxes
                && !is_likely_unnamed_label_false_positive(&token, &named, &term_tokens);
            if !(brand || term_tokens.contains(&token)) || brands.iter().any(|b| b.token == token) {
                continue;
            }
            for part in suffix.split('.') {
                keywords.add(part);
            }
            brands.push(Brand {
                folded: fold(&token),
                phrase: phrase_of(&phrases, &token),
                token,
                of: domain.clone(),
                official_suffix: Some(suffix.to_owned()),
            });
        }
        shared.retain(|r| !owned.contains(r));

        let default_of = officials.first().map(|o| o.domain.clone());
        for token in term_tokens {
            if brands.iter().any(|b| b.token == token) {
                continue;
            }
            brands.push(Brand {
                folded: fold(&token),
                phrase: phrase_of(&phrases, &token),
                of: default_of.clone().unwrap_or_else(|| token.clone()),
                token,
                official_suffix: None,
            });
        }

        let email_hosts = directory
            .email_domains
            .iter()
            .map(String::as_str)
            .chain(
                directory
                    .emails
                    .iter()
                    .filter_map(|e| e.address.rsplit_once('@').map(|(_, d)| d)),
            )
            .map(str::to_ascii_lowercase)
            .collect();

        DomainMatcher {
            vendor: vendor.name.clone(),
            officials,
            owned,
            shared,
            email_hosts,
            brands,
            keywords,
        }
    }

    /// The brand names looked for in hosts (lowercase), e.g. `northwind`.
    pub fn brand_tokens(&self) -> impl Iterator<Item = &str> {
        self.brands.iter().map(|b| b.token.as_str())
    }

    /// The official web domains (ASCII), in directory order.
    pub fn official_domains(&self) -> impl Iterator<Item = &str> {
        self.officials.iter().map(|o| o.domain.as_str())
    }

    /// The first brand name found in `text` (any case, Unicode look-alikes
    /// folded), e.g. to tell whether a link's visible text or a page title
    /// claims the brand. Bounded: looks at the first 64 KiB only.
    pub fn mentions_brand(&self, text: &str) -> Option<&str> {
        let lower = prefix(text, 64 * 1024).to_lowercase();
        let folded = if may_fold(&lower) {
            fold(&lower)
        } else {
            String::new()
        };
        self.searchable_brands()
            .find(|b| {
                lower.contains(&b.token)
                    || b.phrase
                        .as_ref()
                        .is_some_and(|p| lower.contains(p.as_str()))
                    || (!folded.is_empty() && folded.contains(&b.folded))
            })
            .map(|b| b.token.as_str())
    }

    /// Shorthand for `classify_host(host).is_official()`.
    pub fn is_official_host(&self, host: &str) -> bool {
        self.classify_host(host).is_official()
    }

    /// Classifies a host name. `host` may be Unicode or punycode, any case,
    /// with or without a trailing dot, maybe with a port; an IP address or a
    /// string that is no host name at all is [`HostVerdict::Unrelated`] with
    /// a reason. Never panics; inputs over 2 KiB are rejected unread.
    pub fn classify_host(&self, host: &str) -> HostReport {
        self.classify_parsed(&ParsedHost::new(host))
    }

    /// [`Self::classify_host`] on a host read once for many matchers.
    pub fn classify_parsed(&self, host: &ParsedHost) -> HostReport {
        match &host.state {
            State::Name(view) => self.classify_view(view),
            State::Problem {
                shown,
                sanitized,
                problem,
            } => self.problem_report(shown, sanitized, problem),
        }
    }

    /// Classifies where a link goes. Accepts a full URL, a bare host, or
    /// `host/path`; finds the host as a browser would (userinfo, ports, IP
    /// literals, backslashes, percent-escapes) and classifies it. A link
    /// that hides an official name before an `@`
    /// (`https://northwind.example@evil.io/`) is a look-alike
    /// ([`Technique::EmbedsDomain`]).
    pub fn classify_url(&self, url: &str) -> Result<HostReport, UrlError> {
        Ok(self.classify_parsed_url(&ParsedUrl::new(url)?))
    }

    /// [`Self::classify_url`] on a link read once for many matchers.
    pub fn classify_parsed_url(&self, url: &ParsedUrl) -> HostReport {
        let mut report = self.classify_parsed(&url.host);
        if let Some(userinfo) = url.userinfo.as_deref() {
            self.check_userinfo(userinfo, &mut report);
        }
        report
    }

    fn check_userinfo(&self, userinfo: &str, report: &mut HostReport) {
        if report.is_official() {
            return;
        }
        let lower = prefix(userinfo, 4096).to_lowercase();
        let folded = fold(&lower);
        let of = self
            .officials
            .iter()
            .find(|o| lower.contains(&o.domain) || folded.contains(&o.folded))
            .map(|o| o.domain.clone())
            .or_else(|| {
                self.searchable_brands()
                    .find(|b| lower.contains(&b.token) || folded.contains(&b.folded))
                    .map(|b| b.of.clone())
            });
        let Some(of) = of else { return };
        report.reasons.push(format!(
            "the link puts \"{}\" before an @ so that it looks like {of}, but it goes to {}",
            display_safe(userinfo, 60),
            report.unicode
        ));
        if report.verdict == HostVerdict::Unrelated {
            report.verdict = HostVerdict::Lookalike {
                of,
                technique: Technique::EmbedsDomain,
            };
        }
    }

    fn problem_report(&self, shown: &str, sanitized: &str, problem: &Problem) -> HostReport {
        let (ip_address, reason) = match *problem {
            Problem::TooLong(n) => (
                false,
                format!("this host name is {n} bytes long; real domain names are at most 253, so it cannot be a {} domain", self.vendor),
            ),
            Problem::Ip => (
                true,
                format!("{shown} is an IP address, not a domain name, so it is not an official {} address", self.vendor),
            ),
            Problem::Invalid(why) => (false, format!("\"{shown}\" is not a valid domain name: {why}")),
        };
        HostReport {
            host: sanitized.to_owned(),
            unicode: shown.to_owned(),
            registrable: None,
            verdict: HostVerdict::Unrelated,
            reasons: vec![reason],
            brand: None,
            ip_address,
        }
    }

    fn classify_view(&self, view: &View) -> HostReport {
        let ascii = &view.ascii;
        let shown = &view.shown;
        let mut reasons = Vec::new();
        if view.rewritten {
            reasons.push(format!(
                "the name was written with full-width, invisible or other stand-in characters; browsers read it as {ascii}"
            ));
        }
        let report = |verdict, registrable: Option<&str>, reasons, brand| HostReport {
            host: ascii.to_owned(),
            unicode: shown.clone(),
            registrable: registrable.map(str::to_owned),
            verdict,
            reasons,
            brand,
            ip_address: false,
        };

        let registrable = view.registrable();
        if let Some(o) = self
            .officials
            .iter()
            .find(|o| is_under(ascii, &o.domain, o.include_subdomains))
        {
            reasons.push(if *ascii == o.domain {
                format!("{shown} is an official {} domain", self.vendor)
            } else {
                format!(
                    "{shown} is under {}, an official {} domain that includes its subdomains",
                    o.domain, self.vendor
                )
            });
            return report(
                HostVerdict::Official {
                    domain: o.domain.clone(),
                },
                registrable,
                reasons,
                None,
            );
        }

        let Some(reg) = registrable else {
            let private = view.private_suffix();
            reasons.push(if private {
                format!("{shown} is the name of a shared hosting service, not of a site")
            } else if !ascii.contains('.') {
                format!("{shown} is not a full domain name")
            } else {
                format!("{shown} is a public suffix, an ending others register names under, not a domain anyone owns")
            });
            return report(HostVerdict::Unrelated, None, reasons, None);
        };

        if self.owned.iter().any(|o| o == reg) {
            reasons.push(format!(
                "{shown} is under {reg}, which belongs to {}, but is not listed as an official domain",
                self.vendor
            ));
            return report(HostVerdict::Unrelated, Some(reg), reasons, None);
        }
        if self.email_hosts.iter().any(|e| is_under(ascii, e, true)) {
            reasons.push(format!(
                "{shown} is an official {} email domain, but not listed as an official web domain",
                self.vendor
            ));
            return report(HostVerdict::Unrelated, Some(reg), reasons, None);
        }
        let shared = self.shared.iter().any(|r| r == reg);

        let brand = self.brand_in(view);
        match self.lookalike(view, reg, shared) {
            Some((of, technique, why)) => {
                reasons.push(why);
                if view.private_suffix() {
                    let suffix = reg.split_once('.').map(|(_, s)| s).unwrap_or_default();
                    reasons.push(format!(
                        "{suffix} is a shared hosting service: anyone can make a site under it"
                    ));
                }
                report(
                    HostVerdict::Lookalike { of, technique },
                    Some(reg),
                    reasons,
                    brand,
                )
            }
            None => {
                if shared {
                    reasons.push(format!(
                        "{shown} is on {reg}, like an official {} address, but is not listed as official",
                        self.vendor
                    ));
                } else if let Some(token) = &brand {
                    reasons.push(format!(
                        "{shown} contains the name {token} but is not a {} domain",
                        self.vendor
                    ));
                }
                report(HostVerdict::Unrelated, Some(reg), reasons, brand)
            }
        }
    }

    /// Brand names long enough to look for inside longer text; shorter
    /// ones (an official `nw.example` gives `nw`) only match whole labels.
    fn searchable_brands(&self) -> impl Iterator<Item = &Brand> + Clone {
        self.brands
            .iter()
            .filter(|b| b.token.chars().count() >= MIN_CONTAINED_LEN)
    }

    fn brand_in(&self, view: &View) -> Option<String> {
        let (ascii, unicode) = (&view.ascii, &view.unicode);
        let found = self
            .searchable_brands()
            .find(|b| ascii.contains(&b.token) || unicode.contains(&b.token));
        if let Some(b) = found {
            return Some(b.token.clone());
        }
        if let Some(folded) = view.folded_whole() {
            return self
                .searchable_brands()
                .find(|b| folded.contains(&b.folded))
                .map(|b| b.token.clone());
        }
        None
    }

    /// The look-alike tests, strongest evidence first. Returns the official
    /// domain imitated, the technique and the reason.
    /// `shared`: `reg` also holds an official subdomain, so its own label
    /// is not evidence of imitation.
    fn lookalike(
        &self,
        view: &View,
        reg: &str,
        shared: bool,
    ) -> Option<(String, Technique, String)> {
        let (ascii, unicode, shown) = (view.ascii.as_str(), view.unicode.as_str(), &view.shown);
        let vendor = &self.vendor;
        let suffix = reg.split_once('.').map(|(_, s)| s).unwrap_or_default();
        let own = view.own; // labels before the suffix
        let reg_label = own.checked_sub(1).map(|k| (view.label(k), k));
        let subs = own.saturating_sub(1);

        // 1. The whole host looks exactly like an official one.
        if !ascii.is_ascii() || unicode != ascii || may_fold(unicode) {
            let folded = view.folded_host();
            for o in &self.officials {
                let same = folded == o.folded
                    || (o.include_subdomains
                        && folded.len() > o.folded.len()
                        && folded.ends_with(&o.folded)
                        && folded.as_bytes().get(folded.len() - o.folded.len() - 1) == Some(&b'.'));
                if same {
                    // Only digits standing in for letters (`n0rthwind`) is
                    // the digit trick; anything else is a confusable.
                    let digits_only = unicode.is_ascii()
                        && !["rn", "vv", "cl", "|"].iter().any(|p| unicode.contains(p));
                    let (technique, why) = if digits_only {
                        (
                            Technique::HyphenOrDigit,
                            format!("{shown} is not {}; it writes digits for letters", o.domain),
                        )
                    } else {
                        let odd = if unicode.is_ascii() {
                            String::new()
                        } else {
                            odd_characters(unicode)
                        };
                        (
                            Technique::Confusable,
                            format!(
                                "{shown} is not {}; it is spelled with look-alike characters{odd}",
                                o.domain
                            ),
                        )
                    };
                    return Some((o.domain.clone(), technique, why));
                }
            }
        }

        // 2. The registrable label imitates a brand.
        let reg_hit = match reg_label {
            Some((label, k)) if !shared => self.match_brands(label, view.folded_label(k), suffix),
            _ => None,
        };
        if let Some((b, hit)) = reg_hit {
            let why = format!("{shown} is not a {vendor} domain; it {}", hit.how);
            return Some((b.of.clone(), hit.technique, why));
        }

        // 3. The official domain or the brand placed in front of another
        //    registrable domain.
        if subs > 0 {
            let sub_ascii = ascii
                .len()
                .checked_sub(reg.len() + 1)
                .and_then(|n| ascii.get(..n))
                .unwrap_or_default();
            for o in &self.officials {
                if contains_labels(sub_ascii, &o.domain)
                    || sub_ascii.split('.').any(|l| l == o.hyphenated)
                {
                    let why = format!(
                        "{shown} belongs to {reg}, not to {vendor}; it puts {} in front to look official",
                        o.domain
                    );
                    return Some((o.domain.clone(), Technique::EmbedsDomain, why));
                }
            }
            for k in 0..subs {
                if let Some((b, _)) = self.match_brands(view.label(k), view.folded_label(k), "") {
                    let why = format!(
                        "{shown} belongs to {reg}, not to {vendor}; it puts the name {} in front to look official",
                        b.token
                    );
                    return Some((b.of.clone(), Technique::EmbedsDomain, why));
                }
            }
        }

        // 4. The brand split across labels: `north.wind.com`.
        let own_labels: Vec<&str> = (0..own).map(|k| view.label(k)).collect();
        if own_labels.len() >= 2 {
            for b in self
                .brands
                .iter()
                .filter(|b| b.token.len() >= lookalike::MIN_EDIT_LEN)
            {
                for start in 0..own_labels.len() {
                    let mut rest = b.token.as_str();
                    for label in own_labels.iter().skip(start) {
                        match rest.strip_prefix(label) {
                            Some(r) => rest = r,
                            None => break,
                        }
                        if rest.is_empty() {
                            break;
                        }
                    }
                    if rest.is_empty() && !own_labels.iter().any(|l| l.contains(b.token.as_str())) {
                        let why = format!(
                            "{shown} is not a {vendor} domain; it splits the name {} with dots",
                            b.token
                        );
                        return Some((b.of.clone(), Technique::HyphenOrDigit, why));
                    }
                }
            }
        }
        None
    }

    /// Tests a label against every brand: as written, then folded (and then
    /// the trick is the characters used).
    /// `folded`: the [`fold`] of the label, if it differs from it.
    fn match_brands(
        &self,
        label: &str,
        folded: Option<&str>,
        host_suffix: &str,
    ) -> Option<(&Brand, Hit)> {
        if label.is_empty() {
            return None;
        }
        // A label with letters from beyond ASCII is read as it looks first:
        // `northwιnd` (Greek iota) is the brand in look-alike letters, not
        // a typo of it.
        if !label.is_ascii() {
            if let Some(found) = self.match_folded(label, folded, host_suffix) {
                return Some(found);
            }
        }
        for b in &self.brands {
            let cx = Context {
                host_suffix,
                official_suffix: b.official_suffix.as_deref(),
                plural_is_a_name: b.phrase.is_none(),
            };
            if let Some(hit) = match_label(label, &b.token, &self.keywords, &cx) {
                return Some((b, hit));
            }
        }
        if label.is_ascii() {
            return self.match_folded(label, folded, host_suffix);
        }
        None
    }

    /// [`Self::match_brands`] on the [`fold`] of the label.
    fn match_folded(
        &self,
        label: &str,
        folded: Option<&str>,
        host_suffix: &str,
    ) -> Option<(&Brand, Hit)> {
        let folded = folded?;
        for b in &self.brands {
            let cx = Context {
                host_suffix,
                official_suffix: b.official_suffix.as_deref(),
                plural_is_a_name: b.phrase.is_none(),
            };
            if let Some(mut hit) = match_label(folded, &b.folded, &self.keywords, &cx) {
                // Spelling the whole name with look-alikes is a confusable;
                // mixing alphabets into a longer name is the mixed-script trick.
                let mixed = folded != b.folded && !scripts::is_single_script(label);
                hit.technique = if mixed {
                    Technique::MixedScript
                } else {
                    Technique::Confusable
                };
                hit.how = format!(
                    "{}{}",
                    hit.how.replace(&b.folded, &b.token),
                    if label.is_ascii() {
                        " using look-alike letters".to_owned()
                    } else {
                        format!(" using look-alike characters{}", odd_characters(label))
                    }
                );
                return Some((b, hit));
            }
        }
        None
    }
}
