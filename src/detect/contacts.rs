//! Stage 3, contacts: the phone numbers, email addresses and links in the
//! text, each checked against the directory and, when it is not the
//! vendor's, asked whether the text presents it as the vendor's
//! ([`super::claims::Claims::attributed`], the guard that keeps a news
//! article's or a competitor's numbers out).
//!
//! A number is decisive when it is presented as the vendor's and is not in
//! the directory; an address on a look-alike domain or a link to a
//! look-alike host is decisive whoever presents it.

use std::borrow::Cow;

use super::claims::Claims;
use super::domain::{self, HostReport, HostVerdict};
use super::normalise::Normalised;
use super::report::{EmailFinding, Evidence, PhoneFinding};
use super::stages::Findings;
use super::verdict::Assessment;
use super::{email, lang, phone, text, Content, Engine, MAX_HOSTS};

/// What the contacts stage found: every number, address and look-alike
/// host, and the findings about them.
#[derive(Debug, Default)]
pub(super) struct Contacts {
    pub phones: Vec<PhoneFinding>,
    /// Addresses found in the text and links (not the sender's).
    pub emails: Vec<EmailFinding>,
    pub linked_hosts: Vec<HostReport>,
    pub findings: Findings,
}

impl Contacts {
    /// Adds the findings to `a` and the contacts to the evidence.
    pub fn apply(self, a: &mut Assessment, ev: &mut Evidence) {
        self.findings.apply(a);
        ev.phones = self.phones;
        ev.emails.extend(self.emails);
        ev.linked_hosts.extend(self.linked_hosts);
    }
}

/// How many hosts [`HostsSeen`] keeps: enough for every distinct host of
/// an ordinary page, few enough that the linear search stays short on a
/// page with hundreds of addresses (hosts after these are classified each
/// time, as before).
const MAX_HOSTS_SEEN: usize = 32;

/// The hosts this stage has classified, each with its report, so that a
/// host met again (a `mailto:` address on the domain a link goes to, the
/// same domain in several addresses) is classified once. Keyed by the host
/// exactly as written: [`domain::DomainMatcher::classify_host`] depends on
/// nothing else, so a report found here is the one classifying it again
/// would make. Lives for one analysis.
#[derive(Default)]
struct HostsSeen(Vec<(String, HostReport)>);

impl HostsSeen {
    /// The report for `host`, classified by `domains` unless already seen.
    /// Lent, not copied: most reports are read and dropped.
    fn classify(&mut self, domains: &domain::DomainMatcher, host: &str) -> Cow<'_, HostReport> {
        #[cfg(test)]
        if tests::NO_HOST_CACHE.with(std::cell::Cell::get) {
            return Cow::Owned(domains.classify_host(host));
        }
        let k = match self.0.iter().position(|(seen, _)| seen == host) {
            Some(k) => k,
            None if self.0.len() < MAX_HOSTS_SEEN => {
                self.0.push((host.to_owned(), domains.classify_host(host)));
                self.0.len() - 1
            }
            None => return Cow::Owned(domains.classify_host(host)),
        };
        match self.0.get(k) {
            Some((_, h)) => Cow::Borrowed(h),
            None => Cow::Owned(domains.classify_host(host)),
        }
    }
}

impl Engine {
    /// Stage 3: the contacts in the text. `known`: addresses already
    /// judged (the sender's), not reported again.
    pub(super) fn contacts(
        &self,
        c: &Content<'_>,
        n: &Normalised,
        cl: &Claims,
        known: &[EmailFinding],
    ) -> Contacts {
        let mut out = Contacts::default();
        self.contact_phones(c, n, cl, &mut out);
        let mut seen = HostsSeen::default();
        self.contact_addresses(c, n, cl, known, &mut seen, &mut out);
        self.contact_links(c, n, cl, &mut seen, &mut out);
        out
    }

    /// Phones, from the text and from `tel:` links.
    fn contact_phones(&self, c: &Content<'_>, n: &Normalised, cl: &Claims, out: &mut Contacts) {
        let a = &mut out.findings;
        let vendor = self.vendor().to_string();
        let dir = self.directory.directory();
        let mut phones: Vec<PhoneFinding> = Vec::new();
        // Each number is kept once; its strings are made only when it is.
        let add_phone =
            |text: &str, e164: &str, attributed: bool, phones: &mut Vec<PhoneFinding>| {
                // Numbers differ most in their last digit: compared first.
                if let Some(p) = phones
                    .iter_mut()
                    .find(|p| p.e164.as_bytes().last() == e164.as_bytes().last() && p.e164 == e164)
                {
                    p.attributed_to_vendor |= attributed && !p.official;
                    return;
                }
                if phones.len() >= phone::MAX_PHONES {
                    return;
                }
                let official = dir.phone(e164);
                phones.push(PhoneFinding {
                    text: text.to_string(),
                    official: official.is_some(),
                    label: official.map(|p| p.label.clone()),
                    attributed_to_vendor: attributed && official.is_none(),
                    e164: e164.to_string(),
                });
            };
        // National numbers are read as the text's reader dials them.
        let phones_here = self.phones.for_country(n.lang.map(lang::Lang::country));
        let in_text = phones_here.find(&n.norm, phone::MAX_PHONES);
        for p in &in_text {
            let is_attr = cl.attributed(n, p.start, p.end, false);
            let text = n.norm.get(p.start..p.end).unwrap_or("");
            add_phone(text, &p.e164, is_attr, &mut phones);
        }
        let mut mismatch_reported = false;
        for (k, link) in c.links.iter().enumerate() {
            let Some(target) = phone::tel_target(&link.href) else {
                continue;
            };
            let Some(e164) = phones_here.parse_one(&target) else {
                continue;
            };
            let is_attr = match n.link_pos.get(k) {
                Some(&at) => cl.attributed(n, at, at, true),
                None => cl.attributed_unplaced(),
            };
            // A link that shows one number and dials another is a trick
            // no honest page plays.
            if let Some(&at) = n.link_pos.get(k) {
                let first = in_text.partition_point(|p| p.start < at);
                if let Some(shown) = in_text.get(first).filter(|p| p.start < at + 8) {
                    if shown.e164 != e164 && !mismatch_reported {
                        mismatch_reported = true;
                        if dir.phone(&shown.e164).is_some() {
                            a.claims_vendor = true;
                        }
                        a.warn(
                            40,
                            "tel-link-mismatch",
                            format!(
                                "A link shows {} but dials {}",
                                crate::phone::display(&shown.e164),
                                crate::phone::display(&e164)
                            ),
                        );
                    }
                }
            }
            add_phone(&target, &e164, is_attr, &mut phones);
        }
        let mut first = true;
        for p in &phones {
            if p.official {
                a.note(
                    "official-phone",
                    format!(
                        "{} is {vendor}'s {} number",
                        crate::phone::display(&p.e164),
                        p.label.as_deref().unwrap_or("")
                    ),
                );
            } else if p.attributed_to_vendor {
                a.claims_vendor = true;
                a.warn(
                    if first { 50 } else { 10 },
                    "unofficial-phone",
                    self.phone_message(&p.e164),
                );
                first = false;
            }
        }
        out.phones = phones;
    }

    /// Email addresses, from the text and from `mailto:` links.
    fn contact_addresses(
        &self,
        c: &Content<'_>,
        n: &Normalised,
        cl: &Claims,
        known: &[EmailFinding],
        seen_hosts: &mut HostsSeen,
        out: &mut Contacts,
    ) {
        let a = &mut out.findings;
        let vendor = self.vendor().to_string();
        let dir = self.directory.directory();
        let reported = is_likely_reported_material(c, cl);
        let mut addresses: Vec<(String, &'static str, Option<usize>)> =
            email::find_addresses(&n.norm, 200)
                .into_iter()
                .map(|f| (f.address, "text", Some(f.start)))
                .collect();
        for (k, link) in c.links.iter().enumerate() {
            if let Some(addr) = email::mailto_target(&link.href) {
                addresses.push((addr, "link", n.link_pos.get(k).copied()));
            }
        }
        let mut first = true;
        let mut seen: Vec<String> = known.iter().map(|e| e.address.clone()).collect();
        for (address, role, at) in addresses.into_iter().take(200) {
            if seen.contains(&address) {
                continue;
            }
            seen.push(address.clone());
            let official = dir.is_official_email(&address);
            let label = dir.official_email(&address).map(|e| e.label.clone());
            let mut is_attr = false;
            if !official && is_reader(c, &address) {
                // The reader's own address ("Hi alice@example.org") is not
                // a contact the message gives.
            } else if official {
                a.note(
                    "official-email",
                    format!("{address} is an official {vendor} address"),
                );
            } else if let Some(domain) = email::domain_of(&address) {
                let h = self.as_sender_host(seen_hosts.classify(&self.domains, domain));
                match &h.verdict {
                    HostVerdict::Lookalike { .. } if role == "text" && reported => {
                        a.note(
                            "reported-lookalike",
                            format!(
                                "It reports {address}, which is not a {vendor} address, without speaking as {vendor}"
                            ),
                        );
                    }
                    HostVerdict::Lookalike { .. } => {
                        is_attr = true;
                        a.claims_vendor = true;
                        a.warn(
                            if first { 45 } else { 10 },
                            "lookalike-email",
                            format!(
                                "{address} is not a {vendor} address: {}",
                                self.host_message(&h)
                            ),
                        );
                        first = false;
                    }
                    HostVerdict::Official { .. } => {}
                    HostVerdict::Unrelated => {
                        let local = address.split('@').next().unwrap_or("");
                        is_attr = match at {
                            Some(at) => cl.attributed(
                                n,
                                at,
                                at + address.len().min(n.norm.len() - at.min(n.norm.len())),
                                role == "link",
                            ),
                            None => cl.attributed_unplaced(),
                        } || (email::is_free_mail(&address)
                            && self.brand.names_brand(local)
                            && !cl.commentary_page);
                        if is_attr {
                            a.claims_vendor = true;
                            a.warn(
                                if first { 45 } else { 10 },
                                "unofficial-email",
                                self.email_message(&address),
                            );
                            first = false;
                        }
                    }
                }
            }
            out.emails.push(EmailFinding {
                address,
                role,
                official,
                label,
                attributed_to_vendor: is_attr,
            });
        }
    }

    /// Links and host names in the text that imitate the vendor's domains.
    fn contact_links(
        &self,
        c: &Content<'_>,
        n: &Normalised,
        cl: &Claims,
        seen_hosts: &mut HostsSeen,
        out: &mut Contacts,
    ) {
        let vendor = self.vendor().to_string();
        let mut hosts: Vec<String> = Vec::new();
        for link in c.links {
            let href = link.href.trim();
            let lower_href = href.get(..8).unwrap_or(href).to_ascii_lowercase();
            if (lower_href.starts_with("http://")
                || lower_href.starts_with("https://")
                || lower_href.starts_with("www."))
                && hosts.len() < MAX_HOSTS
            {
                if let Ok(h) = domain::url_host(href) {
                    let host = h.host.to_string();
                    if !hosts.contains(&host) {
                        hosts.push(host);
                    }
                }
            }
        }
        // Host names written in a report on scams are evidence about the
        // scammers, not places the page sends you (its real links are).
        let reported = is_likely_reported_material(c, cl);
        for m in n.mentions.iter().take(200).filter(|_| !reported) {
            if let Some(host) = text::host_around(&n.norm, m.start, m.end) {
                if hosts.len() < MAX_HOSTS && !hosts.contains(&host) {
                    hosts.push(host);
                }
            }
        }
        let mut first = true;
        for host in &hosts {
            let h = seen_hosts.classify(&self.domains, host);
            if let HostVerdict::Lookalike { .. } = h.verdict {
                out.findings.claims_vendor = true;
                out.findings.warn(
                    if first { 45 } else { 10 },
                    "lookalike-link",
                    format!(
                        "It sends you to {}, which is not {vendor}'s: {}",
                        h.unicode,
                        self.host_message(&h)
                    ),
                );
                first = false;
                out.linked_hosts.push(h.into_owned());
            }
        }
    }
}

/// The guard for addresses in the text: the message's recipient (a
/// greeting, an "Account:" line, a quoted To line) is the reader, not a
/// contact the message presents as the vendor's.
fn is_reader(c: &Content<'_>, address: &str) -> bool {
    c.recipient
        .into_iter()
        .chain(c.recipients.iter().map(String::as_str))
        .any(|r| r.eq_ignore_ascii_case(address))
}

/// The guard for contacts written in the text: a page that reports on
/// scams (see [`super::claims::is_likely_commentary`]) and does not itself
/// speak as the vendor (no title or heading claim, no sender speaking as
/// it) quotes the scammers' addresses and domains as evidence ("The emails
/// arrive from \"Northwind Security <billing@northwind-update.com>\""). Its
/// real links still count: a report that links you to a look-alike sends
/// you there.
pub(super) fn is_likely_reported_material(c: &Content<'_>, cl: &Claims) -> bool {
    cl.commentary_page && !cl.title_claim && !cl.heading_claim && !c.sender_claims
}

#[cfg(test)]
mod tests {
    use super::super::testing::engine;
    use crate::demo::DEMO_NOW;

    thread_local! {
        /// Set, [`super::HostsSeen`] classifies every host afresh: the
        /// former way, which the tests compare the analyses with.
        pub(super) static NO_HOST_CACHE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    /// Every corpus page, webmail page and email, and pages that give one
    /// host many times in links, addresses and text, analysed with each
    /// host classified once and afresh each time: the reports are the same.
    #[test]
    fn hosts_classified_once_as_each_time() {
        let e = engine();
        let analyse = |name: &str, text: &str, fresh: bool| {
            NO_HOST_CACHE.with(|c| c.set(fresh));
            let r = if name == "emails" {
                e.analyse_email(text.as_bytes(), DEMO_NOW)
            } else {
                e.analyse_page(Some("https://pages.example.net/a"), text, DEMO_NOW)
            };
            NO_HOST_CACHE.with(|c| c.set(false));
            format!("{r:#?}")
        };
        let mut inputs: Vec<(&str, String)> = Vec::new();
        for folder in ["pages", "webmail", "emails"] {
            for text in super::super::testing::corpus(&[folder]) {
                inputs.push((folder, text));
            }
        }
        assert!(inputs.len() > 40, "{}", inputs.len());
        let hosts = [
            "northwind.example",
            "northwind-support.example",
            "northwind.example.net",
            "Northwind.Example",
            "gmail.com",
            "nw-refunds.example",
            "example.org",
            "example.org.uk",
            "xn--nrthwind-7wd.example",
        ];
        let mut page = String::from("<h1>Northwind Security support</h1><p>Call us.</p>");
        for (k, h) in hosts.iter().chain(hosts.iter().rev()).enumerate() {
            page.push_str(&format!(
                "<p><a href=\"https://{h}/{k}\">{h}</a> <a href=\"mailto:help{k}@{h}\">mail</a> \
                 write to billing{k}@{h} or open www.{h}</p>"
            ));
        }
        inputs.push(("pages", page));
        for (name, text) in &inputs {
            assert_eq!(
                analyse(name, text, false),
                analyse(name, text, true),
                "{}",
                text.get(..200).unwrap_or(text)
            );
        }
    }

    /// The same with an official domain that hands out mailboxes to anyone
    /// (the branch where an address's report is changed for the sender):
    /// the report kept for the host is the one classified, not the changed
    /// one, and every use of it reads the same.
    #[test]
    fn hosts_classified_once_with_public_mailboxes() {
        use crate::directory::{sign_directory, OfficialDomain, VerifiedDirectory};
        use crate::keys::SecretKey;
        let mut d = super::super::testing::directory();
        d.domains.push(OfficialDomain {
            domain: "nwmail.example".into(),
            include_subdomains: true,
            public_mailboxes: true,
        });
        let root = SecretKey::from_seed(&[9; 32]);
        let signed = sign_directory(&d, &root, &[]).unwrap();
        let v = VerifiedDirectory::verify(signed.as_bytes(), &root.public_key(), DEMO_NOW, None)
            .unwrap();
        let e = super::super::Engine::new(&v);
        let page = "<h1>Northwind Security support</h1><p>Write to help@nwmail.example or \
            <a href=\"mailto:billing@nwmail.example\">billing</a>, see \
            <a href=\"https://nwmail.example/x\">nwmail.example</a> and \
            <a href=\"https://www.nwmail.example/y\">www</a>, mail kim@www.nwmail.example \
            or NW_bad!.Example, nw_bad!.example and x@northwind-support.example</p>";
        let run = |fresh: bool| {
            NO_HOST_CACHE.with(|c| c.set(fresh));
            let r = e.analyse_page(Some("https://pages.example.net/a"), page, DEMO_NOW);
            NO_HOST_CACHE.with(|c| c.set(false));
            format!("{r:#?}")
        };
        let cached = run(false);
        assert_eq!(cached, run(true));
        assert!(cached.contains("nwmail.example"), "{cached}");
    }

    const REPORT: &str = "<h1>Phish alert: fake renewal invoices</h1>\
        <p>Readers reported a phishing campaign. The emails arrive from \"Northwind Security \
        &lt;billing@northwind-security-update.com&gt;\" and claim a renewal.</p>\
        <p>This is a scam. The scammers ask victims to open northwind-security-update.com.</p>";

    #[test]
    fn reports_quoting_scammers_are_not_claims() {
        let r = engine().analyse_page(Some("https://scamwatch.example/r/1"), REPORT, DEMO_NOW);
        assert_eq!(r.verdict, super::super::Verdict::Clean, "{r:#?}");
        assert!(
            r.reasons.iter().any(|x| x.code == "reported-lookalike"),
            "{r:#?}"
        );
    }

    #[test]
    fn the_readers_own_address_is_not_a_contact() {
        let raw = "From: Northwind Billing <billing@renewal-desk.example>\r\n\
            To: kim@mailbox.example\r\nSubject: Renewal\r\n\r\n\
            Hi kim@mailbox.example, your Northwind subscription renews today.\r\n\
            Questions? Write to Northwind billing support at help@renewal-desk.example.\r\n";
        let r = engine().analyse_email(raw.as_bytes(), DEMO_NOW);
        let flagged: Vec<&str> = r
            .evidence
            .emails
            .iter()
            .filter(|e| e.attributed_to_vendor)
            .map(|e| e.address.as_str())
            .collect();
        assert!(!flagged.contains(&"kim@mailbox.example"), "{r:#?}");
        assert!(flagged.contains(&"help@renewal-desk.example"), "{r:#?}");
    }

    #[test]
    fn a_report_that_speaks_as_the_vendor_is_still_judged() {
        // The same words under a heading that presents the vendor's support.
        let page = format!("<h1>Northwind Security Support</h1>{REPORT}");
        let r = engine().analyse_page(Some("https://scamwatch.example/r/1"), &page, DEMO_NOW);
        assert!(
            r.reasons.iter().any(|x| x.code == "lookalike-email"),
            "{r:#?}"
        );
        // And a report's real link to a look-alike still counts.
        let linked =
            format!("{REPORT}<p><a href=\"https://northwind-security-update.com/\">here</a></p>");
        let r = engine().analyse_page(Some("https://scamwatch.example/r/1"), &linked, DEMO_NOW);
        assert!(
            r.reasons.iter().any(|x| x.code == "lookalike-link"),
            "{r:#?}"
        );
    }
}
