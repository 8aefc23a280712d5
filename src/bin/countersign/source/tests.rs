//! The source reader on small sources: every problem at once, defaults,
//! hints.

use super::hints::{closest, edit_distance};
use super::*;

const NOW: i64 = 1_796_126_400;

fn messages(text: &str) -> Vec<(Option<usize>, String)> {
    match parse_source(text, NOW) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().map(|p| (p.line, p.message)).collect(),
    }
}

#[test]
fn every_problem_at_once_with_its_line() {
    let text = "[vendor]\nid = \"contoso\"\nname = \"Contoso Cloud\"\n\n[[domains]]\ndomain = \"contoso.example\"\n";
    let found = messages(text);
    let missing: Vec<&str> = ["sequence", "expires_at", "verify_url"]
        .into_iter()
        .filter(|k| found.iter().any(|(_, m)| m.contains(&format!("`{k}`"))))
        .collect();
    assert_eq!(
        missing,
        ["sequence", "expires_at", "verify_url"],
        "{found:?}"
    );
}

#[test]
fn a_minimal_source_gets_its_defaults() {
    let text = "sequence = 1\nexpires_at = 2027-01-01\nverify_url = \"https://contoso.example/verify\"\ncountry = \"US\"\n\
                [vendor]\nid = \"contoso\"\nname = \"Contoso Cloud\"\n\
                [[domains]]\ndomain = \"contoso.example\"\n\
                [[phones]]\nnumber = \"1-888-762-8736\"\nlabel = \"Support\"\n\
                [[policies]]\ntext = \"We never call you first.\"\n";
    let parsed = parse_source(text, NOW).unwrap();
    let d = &parsed.directory;
    assert_eq!(d.vendor.brand_terms, ["Contoso Cloud"]);
    assert!(d.domains[0].include_subdomains);
    assert_eq!(
        d.published_at,
        ["https://contoso.example/.well-known/countersign/directory.json"]
    );
    assert_eq!(d.phones[0].number, "+18887628736");
    assert_eq!(d.phones[0].country, "US");
    assert_eq!(d.phones[0].purpose, "support");
    assert_eq!(d.policies[0].id, "custom-1");
    assert_eq!(d.issued_at, NOW);
    assert_eq!(parsed.line("phones[0].number"), Some(11));
}

#[test]
fn a_top_level_key_after_a_list_gets_a_hint() {
    let text = "[[emails]]\naddress = \"a@contoso.example\"\nlabel = \"Support\"\nemail_domains = [\"mail.contoso.example\"]\n";
    let found = messages(text);
    assert!(
        found.iter().any(|(line, m)| *line == Some(4)
            && m.contains("top-level setting")
            && m.contains("[[emails]]")),
        "{found:?}"
    );
}

#[test]
fn misspellings_and_unknown_policies_are_named() {
    let text = "[[domains]]\ndomain = \"contoso.example\"\ninclude_subdomain = false\n[[policies]]\nid = \"no-unsolicted-calls\"\ntext = \"x\"\n";
    let found = messages(text);
    assert!(found
        .iter()
        .any(|(l, m)| *l == Some(3) && m.contains("did you mean `include_subdomains`")));
    assert!(found
        .iter()
        .any(|(l, m)| *l == Some(5) && m.contains("did you mean `no-unsolicited-calls`")));
}

#[test]
fn edit_distances() {
    assert_eq!(edit_distance("kitten", "sitting"), 3);
    assert_eq!(edit_distance("", "ab"), 2);
    assert_eq!(closest("domian", DOMAIN_FIELDS), Some("domain"));
    assert_eq!(closest("zzz", DOMAIN_FIELDS), None);
}

#[test]
fn a_syntax_error_has_its_line() {
    let found = messages("sequence = 1\nexpires_at = \n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Some(2));
    assert!(found[0].1.starts_with("not valid TOML"));
}

#[test]
fn short_forms_and_inline_tables() {
    let text = "sequence = 2\nexpires_at = \"2027-01-01\"\nverify_url = \"https://help.contoso.example/verify\"\n\
                domains = [\"contoso.example\", {domain = \"contoso.co.uk\", include_subdomains = false}]\n\
                phones = [{number = \"020 7946 0321\", label = \"UK support\", country = \"gb\"}]\n\
                [vendor]\nid = \"contoso\"\nname = \"Contoso Cloud\"\n";
    let parsed = parse_source(text, NOW).unwrap();
    let d = &parsed.directory;
    assert_eq!(d.domains.len(), 2);
    assert!(d.domains[0].include_subdomains);
    assert!(!d.domains[1].include_subdomains);
    assert_eq!(d.phones[0].number, "+442079460321");
    assert_eq!(d.phones[0].country, "GB");
}

#[test]
fn placeholders_and_a_missing_country_are_refused() {
    let text =
        "sequence = 1\nexpires_at = 2027-01-01\nverify_url = \"https://contoso.example/verify\"\n\
                [vendor]\nid = \"CHANGE-ME\"\nname = \"Contoso\"\n\
                [[domains]]\ndomain = \"contoso.example\"\n\
                [[phones]]\nnumber = \"+1 202 555 0143\"\nlabel = \"US\"\n";
    let found = messages(text);
    assert!(
        found
            .iter()
            .any(|(l, m)| *l == Some(5) && m.contains("CHANGE-ME")),
        "{found:?}"
    );
    // +1 is shared by several countries: the entry must say which.
    assert!(
        found
            .iter()
            .any(|(l, m)| *l == Some(9) && m.contains("has no `country`")),
        "{found:?}"
    );
}

proptest::proptest! {
    #[test]
    fn any_text_gets_a_directory_or_problems_never_a_panic(text in "\\PC{0,400}") {
        let _ = parse_source(&text, NOW);
    }

    #[test]
    fn any_mix_of_source_lines_is_read_without_panicking(
        lines in proptest::collection::vec(proptest::sample::select(vec![
            "sequence = 1", "sequence = -4", "sequence = \"x\"", "expires_at = 2027-01-01",
            "expires_at = 2027-01-01T00:00:00", "issued_at = \"tomorrow\"",
            "verify_url = \"https://contoso.example/verify\"", "verify_url = 3",
            "published_at = [\"https://contoso.example/d.json\", 4]", "country = \"ZZ\"",
            "[vendor]", "id = \"contoso\"", "name = \"Contoso\"", "brand_terms = []",
            "[[domains]]", "domain = \"co.uk\"", "domain = \"contoso.example\"",
            "include_subdomains = \"yes\"", "domains = [\"contoso.example\", 7]",
            "[[phones]]", "number = \"1-888-762-8736\"", "number = \"+0\"", "label = \"x\"",
            "[[keys]]", "public_key = \"CSSK1.AAAA\"", "channels = [\"fax\"]",
            "not_after = 2027-01-01", "max_notice_lifetime = \"0d\"",
            "[[policies]]", "id = \"no-secret\"", "text = \"t\"",
            "[[revoked]]", "id = \"zz\"", "email_domains = [\"a.example\"]", "x = 1",
        ]), 0..40)
    ) {
        let _ = parse_source(&lines.join("\n"), NOW);
    }
}

#[test]
fn public_mailboxes_is_read_checked_and_off_by_default() {
    let head =
        "sequence = 1\nexpires_at = 2027-01-01\nverify_url = \"https://contoso.example/verify\"\n\
                [vendor]\nid = \"contoso\"\nname = \"Contoso Cloud\"\n\
                [[domains]]\ndomain = \"contoso.example\"\n\
                [[domains]]\ndomain = \"contosomail.example\"\n";
    let parsed = parse_source(&format!("{head}public_mailboxes = true\n"), NOW).unwrap();
    let d = &parsed.directory;
    assert!(!d.domains[0].public_mailboxes);
    assert!(d.domains[1].public_mailboxes);
    assert!(d.hands_out_mailboxes("contosomail.example"));

    let found = messages(&format!("{head}public_mailboxes = \"yes\"\n"));
    assert!(
        found
            .iter()
            .any(|(line, m)| *line == Some(11) && m.contains("public_mailboxes")),
        "{found:?}"
    );
    // Every address there official, and anyone gets one there: refused.
    let text =
        format!("email_domains = [\"contosomail.example\"]\n{head}public_mailboxes = true\n");
    let found = messages(&text);
    assert!(
        found
            .iter()
            .any(|(_, m)| m.contains("hands out mailboxes to anyone")),
        "{found:?}"
    );
}
