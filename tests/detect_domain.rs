//! The domain and URL classifier against the Northwind Security directory:
//! official hosts, every look-alike technique, false-positive traps, and
//! hostile input.

#![cfg(not(target_arch = "wasm32"))]

use countersign::detect::domain::{DomainMatcher, HostReport, HostVerdict, Technique, UrlError};
use countersign::directory::{Directory, OfficialDomain, OfficialEmail, Vendor, DIRECTORY_FORMAT};
use proptest::prelude::*;

/// The Northwind directory, built by hand so these tests do not depend on
/// the signed demo file.
fn northwind() -> Directory {
    Directory {
        format: DIRECTORY_FORMAT.into(),
        vendor: Vendor {
            id: "northwind".into(),
            name: "Northwind Security".into(),
            brand_terms: vec![
                "Northwind Security".into(),
                "Northwind Antivirus".into(),
                "Northwind".into(),
            ],
        },
        sequence: 1,
        issued_at: 1_790_000_000,
        expires_at: 1_800_000_000,
        published_at: vec![
            "https://northwind.example/.well-known/countersign/directory.json".into(),
        ],
        verify_url: "https://verify.northwind.example/".into(),
        domains: vec![OfficialDomain {
            domain: "northwind.example".into(),
            include_subdomains: true,
            public_mailboxes: false,
        }],
        emails: vec![OfficialEmail {
            address: "support@northwind.example".into(),
            label: "Support".into(),
        }],
        email_domains: vec![],
        phones: vec![],
        policies: vec![],
        keys: vec![],
        revoked: vec![],
    }
}

fn matcher() -> DomainMatcher {
    DomainMatcher::new(&northwind())
}

fn verdict(m: &DomainMatcher, host: &str) -> HostVerdict {
    m.classify_host(host).verdict
}

fn lookalike(technique: Technique) -> HostVerdict {
    HostVerdict::Lookalike {
        of: "northwind.example".into(),
        technique,
    }
}

fn official() -> HostVerdict {
    HostVerdict::Official {
        domain: "northwind.example".into(),
    }
}

#[test]
fn official_hosts_and_subdomains() {
    let m = matcher();
    for host in [
        "northwind.example",
        "www.northwind.example",
        "help.eu.northwind.example",
        "NorthWind.Example.",
        "northwind.example:443",
        "ｎｏｒｔｈｗｉｎｄ。example",
    ] {
        assert_eq!(verdict(&m, host), official(), "{host}");
    }
    let r = m.classify_host("Help.Northwind.Example");
    assert_eq!(r.host, "help.northwind.example");
    assert_eq!(r.registrable.as_deref(), Some("northwind.example"));
    assert!(
        r.reasons
            .iter()
            .any(|s| s.contains("official Northwind Security domain")),
        "{r:?}"
    );
}

#[test]
fn subdomains_only_when_included() {
    let mut d = northwind();
    d.domains = vec![OfficialDomain {
        domain: "www.northwind.example".into(),
        include_subdomains: false,
        public_mailboxes: false,
    }];
    let m = DomainMatcher::new(&d);
    assert_eq!(
        verdict(&m, "www.northwind.example"),
        HostVerdict::Official {
            domain: "www.northwind.example".into()
        }
    );
    // The vendor owns the registrable domain but does not vouch for it.
    let r = m.classify_host("forum.northwind.example");
    assert_eq!(r.verdict, HostVerdict::Unrelated);
    assert!(r.reasons.iter().any(|s| s.contains("not listed")), "{r:?}");
    assert!(!m.is_official_host("northwind.example"));
}

#[test]
fn shared_hosting_is_not_official() {
    let m = matcher();
    let r = m.classify_host("northwind.github.io");
    assert_eq!(r.registrable.as_deref(), Some("northwind.github.io"));
    assert!(!r.is_official());
    assert_eq!(r.verdict, lookalike(Technique::TldSwap), "{r:?}");
    assert!(
        r.reasons.iter().any(|s| s.contains("shared hosting")),
        "{r:?}"
    );
    let r = m.classify_host("github.io");
    assert_eq!(r.verdict, HostVerdict::Unrelated);
    assert_eq!(r.registrable, None);
}

#[test]
fn embedded_official_domain() {
    let m = matcher();
    let r = m.classify_host("northwind.example.account-verify.io");
    assert_eq!(r.verdict, lookalike(Technique::EmbedsDomain), "{r:?}");
    assert_eq!(r.registrable.as_deref(), Some("account-verify.io"));
    assert!(
        r.reasons[0].contains("belongs to account-verify.io"),
        "{r:?}"
    );
    for host in [
        "login.northwind.example.evil.io",
        "northwind.example.com",
        "northwind-example.evil.io",
        "northwind.evil.io",
    ] {
        assert_eq!(
            verdict(&m, host),
            lookalike(Technique::EmbedsDomain),
            "{host}"
        );
    }
}

#[test]
fn userinfo_trick() {
    let m = matcher();
    let r = m
        .classify_url("https://northwind.example@evil.io/login")
        .unwrap();
    assert_eq!(r.host, "evil.io");
    assert_eq!(r.verdict, lookalike(Technique::EmbedsDomain), "{r:?}");
    assert!(r.reasons.iter().any(|s| s.contains("before an @")), "{r:?}");
    // The other way round goes to the official site.
    let r = m
        .classify_url("https://evil.io@northwind.example/")
        .unwrap();
    assert!(r.is_official());
}

#[test]
fn combosquatting() {
    let m = matcher();
    for host in [
        "northwind-support.com",
        "northwindsupport.com",
        "support-northwind.net",
        "northwind-billing.help",
        "mynorthwind-account.com",
        "northwind-helpdesk24.com",
        "northwind-antivirus-renewal.com",
        "www.northwind-security.com",
    ] {
        assert_eq!(
            verdict(&m, host),
            lookalike(Technique::Combosquat),
            "{host}"
        );
    }
    let r = m.classify_host("northwind-support.com");
    assert_eq!(r.brand.as_deref(), Some("northwind"));
    assert_eq!(
        r.reasons,
        vec!["northwind-support.com is not a Northwind Security domain; it adds \"support\" to the name northwind"]
    );
}

#[test]
fn confusables() {
    let m = matcher();
    let greek = "n\u{03BF}rthwind.example";
    let cyrillic = "n\u{043E}rthwind.example";
    for host in [
        greek,
        cyrillic,
        "xn--nrthwind-zdg.example",
        "XN--NRTHWIND-ZDG.EXAMPLE",
        "northvvind.example",
        "help.n\u{043E}rthwind.example",
    ] {
        let r = m.classify_host(host);
        assert_eq!(r.verdict, lookalike(Technique::Confusable), "{host}: {r:?}");
        assert!(!r.is_official());
    }
    let r = m.classify_host(greek);
    assert_eq!(r.host, "xn--nrthwind-zdg.example");
    assert_eq!(r.unicode, greek);
    assert!(r.reasons[0].contains("U+03BF"), "{r:?}");
    // Look-alike letters mixed into a combination are the mixed-script trick.
    assert_eq!(
        verdict(&m, "n\u{043E}rthwind-support.com"),
        lookalike(Technique::MixedScript)
    );
    assert_eq!(
        verdict(&m, "n\u{043E}rthwind.com"),
        lookalike(Technique::Confusable)
    );
}

#[test]
fn typos_and_transpositions() {
    let m = matcher();
    for host in [
        "northwimd.example",
        "nortwind.example",
        "northwinds.example",
        "northwlnd.com",
        "nortwind-support.com",
    ] {
        assert_eq!(verdict(&m, host), lookalike(Technique::Typo), "{host}");
    }
    for host in ["nrothwind.example", "northwnid.com"] {
        assert_eq!(
            verdict(&m, host),
            lookalike(Technique::Transposition),
            "{host}"
        );
    }
}

#[test]
fn tld_swaps_hyphens_and_digits() {
    let m = matcher();
    for host in [
        "northwind.com",
        "northwind.co.uk",
        "www.northwind.net",
        "northwind.support",
    ] {
        assert_eq!(verdict(&m, host), lookalike(Technique::TldSwap), "{host}");
    }
    let r = m.classify_host("northwind.co.uk");
    assert!(r.reasons[0].contains(".co.uk instead of .example"), "{r:?}");
    for host in [
        "n0rthwind.com",
        "north-wind.com",
        "northwind1.com",
        "northwind-24.com",
        "n0rthw1nd.example",
        "north.wind.com",
        "n0rthw1nd-support.com",
    ] {
        assert_eq!(
            verdict(&m, host),
            lookalike(Technique::HyphenOrDigit),
            "{host}"
        );
    }
}

#[test]
fn false_positive_traps() {
    let m = matcher();
    for host in [
        "northwood.com",
        "southwind.com",
        "northwest.com",
        "windnorth.org",
        "wikipedia.org",
        "bbc.co.uk",
        "example.com",
        "nor.th",
        "github.io",
        "northwinds.com",
        "northwindtraders.com",
        "north.windows.net",
        "security.com",
        "antivirus.com",
        "support.microsoft.com",
        "nord.example",
    ] {
        let r = m.classify_host(host);
        assert_eq!(r.verdict, HostVerdict::Unrelated, "{host}: {r:?}");
    }
    // A mention is reported, weakly, without a verdict.
    let r = m.classify_host("northwindtraders.com");
    assert_eq!(r.brand.as_deref(), Some("northwind"));
    assert!(
        r.reasons[0].contains("contains the name northwind"),
        "{r:?}"
    );
    assert!(m.classify_host("wikipedia.org").reasons.is_empty());
}

#[test]
fn urls() {
    let m = matcher();
    let host = |url: &str| m.classify_url(url).map(|r| (r.host, r.verdict));
    assert_eq!(
        host("https://help.northwind.example/x?y#z"),
        Ok(("help.northwind.example".into(), official()))
    );
    assert_eq!(
        host("northwind.example/login"),
        Ok(("northwind.example".into(), official()))
    );
    assert_eq!(
        host("northwind.example:8443"),
        Ok(("northwind.example".into(), official()))
    );
    assert_eq!(
        host("HTTPS://NORTH%57IND.EXAMPLE/"),
        Ok(("northwind.example".into(), official()))
    );
    assert_eq!(
        host("https:\\\\northwind-support.com\\x").map(|h| h.1),
        Ok(lookalike(Technique::Combosquat))
    );
    assert_eq!(
        host("mailto:support@northwind.example").map(|h| h.1),
        Ok(official())
    );
    let ip = m.classify_url("http://192.168.0.1:8080/northwind").unwrap();
    assert!(
        ip.ip_address && ip.verdict == HostVerdict::Unrelated,
        "{ip:?}"
    );
    let ip6 = m.classify_url("http://[2001:db8::1]/").unwrap();
    assert!(ip6.ip_address, "{ip6:?}");
    assert!(m.classify_url("http://0x7f.1/").unwrap().ip_address);
    assert!(matches!(
        m.classify_url("javascript:alert(1)"),
        Err(UrlError::NoHost { .. })
    ));
    assert!(matches!(m.classify_url("   "), Err(UrlError::Empty)));
    assert_eq!(
        m.classify_url("http://%zz.example/"),
        Err(UrlError::BadPercentEncoding)
    );
    let e = m.classify_url("data:text/html,hi").unwrap_err();
    assert!(e.to_string().contains("data:"), "{e}");
}

#[test]
fn hostile_unicode() {
    let m = matcher();
    // Bidi controls are not allowed in host names.
    let r = m.classify_host("north\u{202E}dniw.example");
    assert_eq!(r.verdict, HostVerdict::Unrelated);
    assert!(r.unicode.contains("<U+202E>"), "{r:?}");
    assert!(!r.host.contains('\u{202E}'));
    // A zero-width space is dropped by IDNA: the browser goes to the real
    // site, and the report says the name was disguised.
    let r = m.classify_host("north\u{200B}wind.example");
    assert!(r.is_official());
    assert!(r.reasons[0].contains("stand-in characters"), "{r:?}");
    // Zero-width joiners are refused.
    assert_eq!(
        verdict(&m, "north\u{200D}wind.example"),
        HostVerdict::Unrelated
    );
    assert_eq!(verdict(&m, "northwind..example"), HostVerdict::Unrelated);
    assert_eq!(verdict(&m, ""), HostVerdict::Unrelated);
    assert_eq!(verdict(&m, "."), HostVerdict::Unrelated);
}

#[test]
fn huge_inputs_finish() {
    let m = matcher();
    let megabyte = "a".repeat(1 << 20) + ".northwind.example";
    let r = m.classify_host(&megabyte);
    assert!(!r.is_official());
    assert!(r.reasons[0].contains("bytes long"), "{:?}", r.reasons);
    assert!(r.host.len() < 200);
    let labels = "a.".repeat(100_000) + "northwind.example";
    assert!(!m.classify_host(&labels).is_official());
    let url = format!("https://{labels}/path");
    assert!(!m
        .classify_url(&url)
        .map(|r| r.is_official())
        .unwrap_or(false));
    let at = format!("https://{}@evil.io/", "northwind.example.".repeat(50_000));
    let r = m.classify_url(&at).unwrap();
    assert_eq!(r.host, "evil.io");
    let long_label = format!("{}.example", "n".repeat(64));
    assert_eq!(verdict(&m, &long_label), HostVerdict::Unrelated);
    let max = format!(
        "{}.northwind.example",
        ["a".repeat(63), "b".repeat(63), "c".repeat(63)].join(".")
    );
    assert!(max.len() <= 253);
    assert!(m.classify_host(&max).is_official());
}

#[test]
fn helpers() {
    let m = matcher();
    assert_eq!(m.brand_tokens().collect::<Vec<_>>(), vec!["northwind"]);
    assert_eq!(
        m.official_domains().collect::<Vec<_>>(),
        vec!["northwind.example"]
    );
    assert_eq!(
        m.mentions_brand("Call NORTHWIND Antivirus now"),
        Some("northwind")
    );
    assert_eq!(m.mentions_brand("N\u{043E}rthwind"), Some("northwind"));
    assert_eq!(m.mentions_brand("Northwood"), None);
    let json = serde_json::to_value(m.classify_host("northwind.com")).unwrap();
    assert_eq!(json["verdict"]["kind"], "lookalike");
    assert_eq!(json["verdict"]["technique"], "tld-swap");
    assert_eq!(Technique::TldSwap.as_str(), "tld-swap");
}

#[test]
fn demo_directory_when_present() {
    // The signed demo file is generated separately; check it agrees once it
    // is there.
    if let Ok(verified) = countersign::demo::directory(countersign::demo::DEMO_NOW) {
        let m = DomainMatcher::new(verified.directory());
        assert!(m.classify_host("northwind.example").is_official());
        assert!(!m.classify_host("northwind-support.com").is_official());
    }
}

fn report_is_sane(r: &HostReport) {
    assert!(r.host.is_ascii(), "{r:?}");
    assert!(!r.host.chars().any(|c| c.is_ascii_uppercase()), "{r:?}");
    assert!(!r.unicode.contains('\u{202E}'));
}

proptest! {
    #[test]
    fn classify_url_never_panics(s in "\\PC*") {
        let m = matcher();
        if let Ok(r) = m.classify_url(&s) {
            report_is_sane(&r);
        }
        report_is_sane(&m.classify_host(&s));
    }

    #[test]
    fn classify_url_never_panics_on_url_shapes(
        scheme in "(https?|ftp|mailto|javascript|HTTP|)",
        sep in "(://|:|//|:\\\\\\\\|)",
        user in "([a-z.@:%]{0,12}@)?",
        host in "[a-zA-Z0-9.\\-\u{3002}\u{ff0e}\u{200b}\u{43e}\u{3bf}%\\[\\]:]{0,40}",
        rest in "[/?#\\\\a-z0-9]{0,10}",
    ) {
        let m = matcher();
        let url = format!("{scheme}{sep}{user}{host}{rest}");
        if let Ok(r) = m.classify_url(&url) {
            report_is_sane(&r);
        }
    }

    #[test]
    fn official_hosts_survive_case_and_trailing_dots(
        sub in proptest::collection::vec("[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", 0..4),
        upper in proptest::collection::vec(any::<bool>(), 64),
        dot in any::<bool>(),
        port in proptest::option::of(1u16..),
    ) {
        let m = matcher();
        let mut host: String = sub.iter().map(|s| format!("{s}.")).collect::<String>() + "northwind.example";
        host = host.chars().zip(upper.iter().cycle()).map(|(c, u)| if *u { c.to_ascii_uppercase() } else { c }).collect();
        if dot {
            host.push('.');
        }
        prop_assert!(m.classify_host(&host).is_official(), "{}", host);
        if let Some(p) = port {
            host = format!("{host}:{p}");
        }
        prop_assert!(m.classify_url(&format!("https://{host}/x")).unwrap().is_official(), "{}", host);
    }
}

#[test]
fn short_official_names_are_matched_whole_only() {
    let mut d = northwind();
    d.vendor.brand_terms = vec!["NW".into()];
    d.vendor.id = "nw".into();
    d.vendor.name = "NW".into();
    d.domains = vec![OfficialDomain {
        domain: "nw.example".into(),
        include_subdomains: true,
        public_mailboxes: false,
    }];
    let m = DomainMatcher::new(&d);
    assert!(m.classify_host("help.nw.example").is_official());
    assert_eq!(
        verdict(&m, "nw.com"),
        HostVerdict::Lookalike {
            of: "nw.example".into(),
            technique: Technique::TldSwap
        }
    );
    for host in ["news.com", "nwa.com", "snow.com", "nw-support.com"] {
        let r = m.classify_host(host);
        assert_eq!(r.verdict, HostVerdict::Unrelated, "{host}: {r:?}");
        assert_eq!(r.brand, None, "{host}");
    }
    assert_eq!(m.mentions_brand("snow"), None);
    let r = m.classify_url("https://nwuser@evil.io/").unwrap();
    assert_eq!(r.verdict, HostVerdict::Unrelated);
}

#[test]
fn official_subdomain_on_third_party_host() {
    let mut d = northwind();
    d.domains.push(OfficialDomain {
        domain: "northwind.zendesk.com".into(),
        include_subdomains: false,
        public_mailboxes: false,
    });
    d.emails.push(OfficialEmail {
        address: "billing@northwind-mail.example".into(),
        label: "Billing".into(),
    });
    let m = DomainMatcher::new(&d);
    assert_eq!(
        verdict(&m, "northwind.zendesk.com"),
        HostVerdict::Official {
            domain: "northwind.zendesk.com".into()
        }
    );
    // zendesk.com is not Northwind's: neither owned nor a brand name.
    let r = m.classify_host("acme.zendesk.com");
    assert_eq!(r.verdict, HostVerdict::Unrelated);
    assert!(r.reasons[0].contains("not listed as official"), "{r:?}");
    assert_eq!(verdict(&m, "zendesk-support.com"), HostVerdict::Unrelated);
    assert_eq!(m.brand_tokens().collect::<Vec<_>>(), vec!["northwind"]);
    // But the brand on the same host is still an imitation.
    assert_eq!(
        verdict(&m, "northwind-help.zendesk.com"),
        lookalike(Technique::EmbedsDomain)
    );
    // Email domains are not web domains, and not look-alikes either.
    let r = m.classify_host("northwind-mail.example");
    assert_eq!(r.verdict, HostVerdict::Unrelated);
    assert!(r.reasons[0].contains("email domain"), "{r:?}");
}

#[test]
fn accents_strokes_hooks_and_small_capitals() {
    let m = matcher();
    for host in [
        "nörthwind.example",
        "northwíňd.example",
        "nørthwind.example",
        "ñorthwind.example",
        "northẁind.example",
        "northwınd.example",
        "nortħwind.example",
        "northwinđ.example",
        "ꞑorthwind.example",
        "ɴorthwind.example",
        "northᴡind.example",
        "noʀthwind.example",
        "northwiṅd.example",
        "nortȟwind.example",
        // Decomposed: a combining acute after the i.
        "northwi\u{0301}nd.example",
    ] {
        let r = m.classify_host(host);
        assert_eq!(r.verdict, lookalike(Technique::Confusable), "{host}: {r:?}");
    }
    // On another suffix, and with a support word.
    for host in ["nörthwind.com", "nørthwind-support.com", "northwíňd.co.uk"] {
        let r = m.classify_host(host);
        assert!(r.imitates().is_some(), "{host}: {r:?}");
    }
    let r = m.classify_host("nørthwind.example");
    assert!(r.reasons[0].contains("U+00F8"), "{r:?}");
}

#[test]
fn mixed_and_whole_script_names() {
    let m = matcher();
    // Cyrillic п in a Latin name; Greek ι and κ; Cyrillic т.
    for host in [
        "northwi\u{043F}d.example",
        "northw\u{03B9}nd.com",
        "nor\u{0442}hwind-support.com",
        "n\u{043E}rthw\u{0456}nd.example",
    ] {
        let r = m.classify_host(host);
        assert!(
            matches!(
                r.verdict,
                HostVerdict::Lookalike {
                    technique: Technique::MixedScript | Technique::Confusable,
                    ..
                }
            ),
            "{host}: {r:?}"
        );
    }
    // Every letter Cyrillic: a whole-script confusable.
    let whole = "\u{043F}\u{043E}\u{0433}\u{0442}\u{04BB}\u{051D}\u{0456}\u{043F}\u{0501}.example";
    let r = m.classify_host(whole);
    assert_eq!(r.verdict, lookalike(Technique::Confusable), "{r:?}");
}

#[test]
fn ascii_lookalike_combinations() {
    let m = matcher();
    for host in [
        "morthwimd.example",
        "n0rthvvind.com",
        "n0rthwlnd.example",
        "nortlhwinb.example",
        "rnorthwinb.example",
        "northwirncl.example",
    ] {
        let r = m.classify_host(host);
        assert!(r.imitates().is_some(), "{host}: {r:?}");
    }
    let r = m.classify_host("morthwimd.example");
    assert_eq!(r.verdict, lookalike(Technique::Confusable), "{r:?}");
    // Two changed letters that are not look-alikes are another name.
    for host in ["northwold.com", "northwest.com", "nerthwand.com"] {
        assert_eq!(verdict(&m, host), HostVerdict::Unrelated, "{host}");
    }
}

fn acme_guard() -> DomainMatcher {
    let mut d = northwind();
    d.vendor.id = "acmeguard".into();
    d.vendor.name = "Acme Guard".into();
    d.vendor.brand_terms = vec!["Acme Guard".into(), "Acme Guard Antivirus".into()];
    d.domains = vec![OfficialDomain {
        domain: "acmeguard.example".into(),
        include_subdomains: true,
        public_mailboxes: false,
    }];
    d.emails = vec![];
    DomainMatcher::new(&d)
}

#[test]
fn a_two_word_brand_is_both_words() {
    let m = acme_guard();
    assert_eq!(m.brand_tokens().collect::<Vec<_>>(), vec!["acmeguard"]);
    for host in [
        "acmeguards.example",
        "acmeguards.com",
        "acmeguard-support.com",
        "acme-guard.com",
        "acmeguard.com",
        "acrneguard.example",
        "äcmeguard.example",
    ] {
        let r = m.classify_host(host);
        let of = r.imitates().map(str::to_owned);
        assert_eq!(of.as_deref(), Some("acmeguard.example"), "{host}: {r:?}");
    }
    // The first, common word alone is other companies' name.
    for host in [
        "acme.example",
        "acmegroup.example",
        "acme.com",
        "acme-support.com",
        "acmetools.com",
    ] {
        let r = m.classify_host(host);
        assert_eq!(r.verdict, HostVerdict::Unrelated, "{host}: {r:?}");
    }
    assert_eq!(
        m.mentions_brand("Call Acme Guard support now"),
        Some("acmeguard")
    );
    assert_eq!(m.mentions_brand("Acme tools and Guard dogs"), None);
}

/// `tests/lookalike/benign-northwind.txt`: other people's names and
/// ordinary words near the brand, in ASCII and IDN.
#[test]
fn benign_near_misses_are_not_lookalikes() {
    let m = matcher();
    let list = include_str!("lookalike/benign-northwind.txt");
    let hosts: Vec<&str> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert!(hosts.len() >= 90, "{}", hosts.len());
    let flagged: Vec<String> = hosts
        .iter()
        .map(|h| m.classify_host(h))
        .filter(|r| r.imitates().is_some() || r.is_official())
        .map(|r| format!("{}: {:?}", r.unicode, r.verdict))
        .collect();
    assert!(
        flagged.is_empty(),
        "{} of {} flagged: {flagged:#?}",
        flagged.len(),
        hosts.len()
    );
}

/// A site the vendor owns whose name is an ordinary word (`office`) is
/// not a brand name for look-alikes unless a brand term names it: other
/// people's `office.org` imitates nobody. A label a term names
/// (`windows` of "Windows Defender") or one that holds a brand name
/// (`northwindonline`) still is.
#[test]
fn official_labels_no_brand_term_names_are_not_brand_names() {
    let mut d = northwind();
    d.vendor.brand_terms.push("Windows Defender".into());
    for domain in [
        "office.example",
        "windows.example",
        "northwindonline.example",
    ] {
        d.domains.push(OfficialDomain {
            domain: domain.into(),
            include_subdomains: true,
            public_mailboxes: false,
        });
    }
    let m = DomainMatcher::new(&d);
    assert!(m.classify_host("www.office.example").is_official());
    for host in [
        "office.org",
        "officedesk.org",
        "1office.vn",
        "office-supplies.com",
    ] {
        let r = m.classify_host(host);
        assert_eq!(r.verdict, HostVerdict::Unrelated, "{host}: {r:?}");
        assert_eq!(r.brand, None, "{host}");
    }
    assert!(!m.brand_tokens().any(|t| t == "office"));
    assert_eq!(
        verdict(&m, "windows.org"),
        HostVerdict::Lookalike {
            of: "windows.example".into(),
            technique: Technique::TldSwap
        }
    );
    assert!(matches!(
        verdict(&m, "northwindonline.org"),
        HostVerdict::Lookalike { .. }
    ));

    // Once the vendor names it as a brand, it is one.
    d.vendor.brand_terms.push("Office".into());
    let m = DomainMatcher::new(&d);
    assert_eq!(
        verdict(&m, "office.org"),
        HostVerdict::Lookalike {
            of: "office.example".into(),
            technique: Technique::TldSwap
        }
    );
}
