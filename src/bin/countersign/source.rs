//! The human-written TOML source of a directory, turned into the signed
//! model. People write phone numbers as they dial them, times as dates and
//! lifetimes as `7d`; the signed form holds only canonical values.
//!
//! The source is read field by field from the TOML document (with its
//! positions) rather than through one strict `serde` pass, because a vendor
//! writing its first directory should learn every problem at once, each
//! with its line, instead of one per attempt. The structural rules of the
//! signed form ([`Directory::problems`]) run on the result too, and their
//! problems are mapped back to the lines the fields came from.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use countersign::directory::{
    policy_ids, Channel, Directory, OfficialDomain, OfficialEmail, OfficialPhone, Policy,
    Revocation, StaffKey, Vendor, DIRECTORY_FORMAT,
};
use countersign::keys::PublicKey;
use countersign::phone;
use toml_edit::{ImDocument, Item, TableLike, Value};

use crate::io::{parse_duration, parse_time};

/// One problem in a source file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceProblem {
    /// 1-based line, when the problem is at a place in the file.
    pub line: Option<usize>,
    /// What is wrong and what to write instead.
    pub message: String,
}

/// A directory read from its source, with where each field was written.
#[derive(Debug)]
pub struct ParsedSource {
    /// The directory to sign.
    pub directory: Directory,
    lines: BTreeMap<String, usize>,
}

impl ParsedSource {
    /// The line a field (`expires_at`, `phones[1].number`) was written on,
    /// or that of the nearest enclosing entry.
    pub fn line(&self, field: &str) -> Option<usize> {
        line_of(&self.lines, field)
    }
}

/// Default lifetime of a notice signed by a staff key when the source does
/// not say.
const DEFAULT_MAX_NOTICE_LIFETIME: i64 = 7 * 86_400;

/// Placeholder text the template (`directory init`) leaves for the vendor to
/// replace; a source still holding it is refused.
pub const PLACEHOLDER: &str = "CHANGE-ME";

/// Top-level settings, with what to write when one is missing (`None`: it
/// has a default).
const TOP_LEVEL: &[(&str, Option<&str>)] = &[
    (
        "sequence",
        Some("the directory's version number, raised with every release: sequence = 1"),
    ),
    ("issued_at", None),
    (
        "expires_at",
        Some(
            "when clients stop trusting this directory (re-sign before then): \
             expires_at = 2027-01-31T00:00:00Z",
        ),
    ),
    ("published_at", None),
    (
        "verify_url",
        Some(
            "your page that verifies notices, on an official domain: \
             verify_url = \"https://example.com/verify\"",
        ),
    ),
    ("country", None),
    (
        "vendor",
        Some("a [vendor] section with id, name and brand_terms"),
    ),
    (
        "domains",
        Some("at least one official web domain: [[domains]] then domain = \"example.com\""),
    ),
    ("emails", None),
    ("email_domains", None),
    ("phones", None),
    ("policies", None),
    ("keys", None),
    ("revoked", None),
];

const VENDOR_FIELDS: &[&str] = &["id", "name", "brand_terms"];
const DOMAIN_FIELDS: &[&str] = &["domain", "include_subdomains"];
const EMAIL_FIELDS: &[&str] = &["address", "label"];
const PHONE_FIELDS: &[&str] = &["number", "label", "country", "purpose"];
const POLICY_FIELDS: &[&str] = &["id", "text"];
const KEY_FIELDS: &[&str] = &[
    "public_key",
    "name",
    "team",
    "channels",
    "not_before",
    "not_after",
    "max_notice_lifetime",
];
const REVOKED_FIELDS: &[&str] = &["id", "revoked_at", "reason"];

/// The well-known policy ids software acts on.
const KNOWN_POLICIES: &[&str] = &[
    policy_ids::NO_UNSOLICITED_CALLS,
    policy_ids::CALLS_SCHEDULED_WITH_NOTICE,
    policy_ids::NO_REMOTE_ACCESS,
    policy_ids::NO_GIFT_CARDS,
    policy_ids::NO_SECRETS,
];

/// Reads a directory source. `now` fills `issued_at` when the source has
/// none. Returns every problem found, in file order.
pub fn parse_source(text: &str, now: i64) -> Result<ParsedSource, Vec<SourceProblem>> {
    let document = match ImDocument::parse(text) {
        Ok(d) => d,
        Err(e) => {
            return Err(vec![SourceProblem {
                line: e.span().map(|s| line_at(text, s.start)),
                message: format!("not valid TOML: {}", e.message().trim()),
            }])
        }
    };
    let mut reader = Reader {
        text,
        problems: Vec::new(),
        lines: BTreeMap::new(),
        failed: BTreeSet::new(),
    };
    let directory = reader.directory(document.as_table(), now);
    let Reader {
        mut problems,
        lines,
        failed,
        ..
    } = reader;
    for p in directory.problems() {
        if depends_on_failed(&p.field, &failed) {
            continue;
        }
        problems.push(SourceProblem {
            line: line_of(&lines, &p.field),
            message: p.message,
        });
    }
    if problems.is_empty() {
        Ok(ParsedSource { directory, lines })
    } else {
        problems.sort_by_key(|p| p.line.unwrap_or(usize::MAX));
        Err(problems)
    }
}

/// Whether a structural problem follows from a field that already failed
/// to read (so reporting it would only repeat the first problem).
fn depends_on_failed(field: &str, failed: &BTreeSet<String>) -> bool {
    let under = |f: &str| {
        field == f || field.starts_with(&format!("{f}.")) || field.starts_with(&format!("{f}["))
    };
    if failed.iter().any(|f| under(f)) {
        return true;
    }
    // URLs are checked against the official domains.
    let is_url = field.starts_with("published_at") || field == "verify_url";
    is_url && failed.iter().any(|f| f.starts_with("domains"))
        || field == "expires_at" && failed.contains("issued_at")
}

fn line_of(lines: &BTreeMap<String, usize>, field: &str) -> Option<usize> {
    let mut field = field;
    loop {
        if let Some(line) = lines.get(field) {
            return Some(*line);
        }
        let cut = field.rfind(['.', '['])?;
        field = &field[..cut];
    }
}

fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count())
        + 1
}

/// One table of the source (the root, `[vendor]`, or an entry of an array
/// of tables or inline tables) and where it is.
struct Entry<'d> {
    table: &'d dyn TableLike,
    /// Field path of the entry: `` (root), `vendor`, `phones[1]`.
    path: String,
    /// How to name it in messages: "the [vendor] section", "this [[phones]] entry".
    name: String,
    /// Its header's (or its own) line.
    line: Option<usize>,
}

impl Entry<'_> {
    fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

struct Reader<'t> {
    text: &'t str,
    problems: Vec<SourceProblem>,
    lines: BTreeMap<String, usize>,
    failed: BTreeSet<String>,
}

impl<'t> Reader<'t> {
    fn line(&self, span: Option<Range<usize>>) -> Option<usize> {
        span.map(|s| line_at(self.text, s.start))
    }

    fn fail(&mut self, field: String, line: Option<usize>, message: String) {
        self.problems.push(SourceProblem { line, message });
        self.failed.insert(field);
    }

    /// The item at `key`, recording its line.
    fn get<'d>(&mut self, entry: &Entry<'d>, key: &str) -> Option<&'d Item> {
        let (k, item) = entry.table.get_key_value(key)?;
        if item.is_none() {
            return None;
        }
        let line = self
            .line(k.span())
            .or_else(|| self.line(item.span()))
            .or(entry.line);
        if let Some(line) = line {
            self.lines.insert(entry.field(key), line);
        }
        Some(item)
    }

    fn line_of_key(&self, entry: &Entry<'_>, key: &str) -> Option<usize> {
        self.lines.get(&entry.field(key)).copied().or(entry.line)
    }

    /// Reports a required key that is missing.
    fn missing(&mut self, entry: &Entry<'_>, key: &str, help: &str) {
        let message = format!("{} has no `{key}`: {help}", entry.name);
        self.fail(entry.field(key), entry.line, message);
    }

    fn wrong_type(&mut self, entry: &Entry<'_>, key: &str, expected: &str, item: &Item) {
        let line = self.line_of_key(entry, key);
        let message = format!(
            "`{key}` must be {expected}, not {}",
            article(item.type_name())
        );
        self.fail(entry.field(key), line, message);
    }

    fn bad_value(&mut self, entry: &Entry<'_>, key: &str, message: String) {
        let line = self.line_of_key(entry, key);
        self.fail(entry.field(key), line, format!("`{key}`: {message}"));
    }

    fn string(&mut self, entry: &Entry<'_>, key: &str, help: &str) -> Option<String> {
        match self.optional_string(entry, key)? {
            Some(s) => Some(s),
            None => {
                self.missing(entry, key, help);
                None
            }
        }
    }

    /// `Some(None)` when absent, `None` when present but not text.
    fn optional_string(&mut self, entry: &Entry<'_>, key: &str) -> Option<Option<String>> {
        let Some(item) = self.get(entry, key) else {
            return Some(None);
        };
        match item.as_str() {
            Some(s) if s.contains(PLACEHOLDER) => {
                self.bad_value(
                    entry,
                    key,
                    format!("replace the template's {PLACEHOLDER} with your own value"),
                );
                None
            }
            Some(s) => Some(Some(s.to_string())),
            None => {
                self.wrong_type(entry, key, "text in double quotes", item);
                None
            }
        }
    }

    fn bool_or(&mut self, entry: &Entry<'_>, key: &str, default: bool) -> bool {
        match self.get(entry, key) {
            None => default,
            Some(item) => match item.as_bool() {
                Some(b) => b,
                None => {
                    self.wrong_type(entry, key, "true or false", item);
                    default
                }
            },
        }
    }

    fn time(&mut self, entry: &Entry<'_>, key: &str) -> Option<Option<i64>> {
        let Some(item) = self.get(entry, key) else {
            return Some(None);
        };
        let parsed = if let Some(t) = item.as_datetime() {
            parse_time(&t.to_string())
        } else if let Some(s) = item.as_str() {
            parse_time(s)
        } else if let Some(n) = item.as_integer() {
            Ok(n)
        } else {
            self.wrong_type(entry, key, "a time such as 2027-01-31T00:00:00Z", item);
            return None;
        };
        match parsed {
            Ok(t) => Some(Some(t)),
            Err(e) => {
                self.bad_value(entry, key, format!("{e} (with Z or an offset)"));
                None
            }
        }
    }

    fn required_time(&mut self, entry: &Entry<'_>, key: &str, help: &str) -> Option<i64> {
        match self.time(entry, key)? {
            Some(t) => Some(t),
            None => {
                self.missing(entry, key, help);
                None
            }
        }
    }

    fn string_list(&mut self, entry: &Entry<'_>, key: &str) -> Option<Option<Vec<String>>> {
        let Some(item) = self.get(entry, key) else {
            return Some(None);
        };
        let strings: Option<Vec<String>> = item
            .as_array()
            .and_then(|a| a.iter().map(|v| v.as_str().map(str::to_string)).collect());
        match strings {
            Some(list) => {
                if let Some(array) = item.as_array() {
                    for (i, v) in array.iter().enumerate() {
                        if let Some(line) = self.line(v.span()) {
                            self.lines
                                .insert(format!("{}[{i}]", entry.field(key)), line);
                        }
                    }
                }
                if list.iter().any(|s| s.contains(PLACEHOLDER)) {
                    self.bad_value(
                        entry,
                        key,
                        format!("replace the template's {PLACEHOLDER} with your own values"),
                    );
                    return None;
                }
                Some(Some(list))
            }
            None => {
                self.wrong_type(entry, key, "a list of texts: [\"…\", \"…\"]", item);
                None
            }
        }
    }

    /// Reports keys the entry does not know, with a hint for the usual
    /// mistakes.
    fn unknown_keys(&mut self, entry: &Entry<'_>, allowed: &[&str]) {
        for (key, item) in entry.table.iter() {
            if item.is_none() || allowed.contains(&key) {
                continue;
            }
            let line = entry
                .table
                .get_key_value(key)
                .and_then(|(k, _)| self.line(k.span()))
                .or(entry.line);
            let top_level = TOP_LEVEL.iter().any(|(k, _)| *k == key);
            let message = if !entry.path.is_empty() && top_level {
                format!(
                    "`{key}` is a top-level setting, but it is written after the {} header, so \
                     TOML reads it as part of {}; move it above the first [section] or \
                     [[list]] line of the file",
                    header_of(&entry.path),
                    entry.name
                )
            } else if entry.path.is_empty() && VENDOR_FIELDS.contains(&key) {
                format!("`{key}` belongs in the [vendor] section; move it under the [vendor] line")
            } else {
                let suggestion = closest(key, allowed)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                format!(
                    "{} has an unknown field `{key}`{suggestion}; it may have: {}",
                    capitalise(&entry.name),
                    allowed.join(", ")
                )
            };
            self.fail(entry.field(key), line, message);
        }
    }

    /// The entries of a list of tables (`[[phones]]` or `phones = [{…}]`).
    /// Values that are not tables are handed to `scalar`, which may accept
    /// a short form (a domain written as a plain string).
    fn entries<'d>(
        &mut self,
        root: &Entry<'d>,
        key: &str,
        entry_name: &str,
    ) -> Option<Vec<EntryOrValue<'d>>> {
        let item = self.get(root, key)?;
        if let Some(tables) = item.as_array_of_tables() {
            return Some(
                tables
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let line = self.line(t.span());
                        EntryOrValue::Entry(Entry {
                            table: t as &dyn TableLike,
                            path: format!("{key}[{i}]"),
                            name: format!("this {entry_name}"),
                            line,
                        })
                    })
                    .collect(),
            );
        }
        if let Some(array) = item.as_array() {
            return Some(
                array
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let line = self.line(v.span());
                        match v.as_inline_table() {
                            Some(t) => EntryOrValue::Entry(Entry {
                                table: t as &dyn TableLike,
                                path: format!("{key}[{i}]"),
                                name: format!("this {entry_name}"),
                                line,
                            }),
                            None => EntryOrValue::Value(v, line),
                        }
                    })
                    .collect(),
            );
        }
        self.wrong_type(root, key, &format!("a list of {entry_name} entries"), item);
        None
    }

    fn directory(&mut self, table: &'t toml_edit::Table, now: i64) -> Directory {
        let root = Entry {
            table,
            path: String::new(),
            name: "the file".into(),
            line: None,
        };
        let allowed: Vec<&str> = TOP_LEVEL.iter().map(|(k, _)| *k).collect();
        self.unknown_keys(&root, &allowed);
        let help = |key: &str| {
            TOP_LEVEL
                .iter()
                .find(|(k, _)| *k == key)
                .and_then(|(_, h)| *h)
                .unwrap_or_default()
        };

        let sequence = match self.get(&root, "sequence") {
            None => {
                self.missing(&root, "sequence", help("sequence"));
                0
            }
            Some(item) => match item.as_integer().and_then(|n| u64::try_from(n).ok()) {
                Some(n) => n,
                None => {
                    self.wrong_type(&root, "sequence", "a whole number, 1 or more", item);
                    0
                }
            },
        };
        let issued_at = self.time(&root, "issued_at").flatten().unwrap_or(now);
        let expires_at = self
            .required_time(&root, "expires_at", help("expires_at"))
            .unwrap_or(0);
        let verify_url = self
            .string(&root, "verify_url", help("verify_url"))
            .unwrap_or_default();
        let default_country = self
            .optional_string(&root, "country")
            .flatten()
            .map(|c| c.to_ascii_uppercase());

        let vendor = self.vendor(&root, help("vendor"));
        let domains = self.domains(&root, help("domains"));
        let published_at = match self.string_list(&root, "published_at") {
            Some(Some(list)) => list,
            // The standard place, on the first official domain.
            Some(None) => domains
                .first()
                .filter(|d| !d.domain.is_empty())
                .map(|d| {
                    vec![format!(
                        "https://{}/.well-known/countersign/directory.json",
                        d.domain
                    )]
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        let emails = self.emails(&root);
        let email_domains = self
            .string_list(&root, "email_domains")
            .flatten()
            .unwrap_or_default()
            .into_iter()
            .map(|d| d.trim().to_lowercase())
            .collect();
        let phones = self.phones(&root, default_country.as_deref());
        let policies = self.policies(&root);
        let keys = self.keys(&root, issued_at);
        let revoked = self.revoked(&root, issued_at);

        Directory {
            format: DIRECTORY_FORMAT.to_string(),
            vendor,
            sequence,
            issued_at,
            expires_at,
            published_at,
            verify_url,
            domains,
            emails,
            email_domains,
            phones,
            policies,
            keys,
            revoked,
        }
    }

    fn vendor(&mut self, root: &Entry<'t>, help: &str) -> Vendor {
        let empty = Vendor {
            id: String::new(),
            name: String::new(),
            brand_terms: Vec::new(),
        };
        let Some(item) = self.get(root, "vendor") else {
            self.missing(root, "vendor", help);
            return empty;
        };
        let Some(table) = item.as_table_like() else {
            self.wrong_type(root, "vendor", "a [vendor] section", item);
            return empty;
        };
        let line = self.line(item.span()).or(self.lines.get("vendor").copied());
        let entry = Entry {
            table,
            path: "vendor".into(),
            name: "the [vendor] section".into(),
            line,
        };
        self.unknown_keys(&entry, VENDOR_FIELDS);
        let id = self
            .string(
                &entry,
                "id",
                "a short lowercase identifier that notices carry: id = \"northwind\"",
            )
            .unwrap_or_default();
        let name = self
            .string(
                &entry,
                "name",
                "the name customers know you by: name = \"Northwind Security\"",
            )
            .unwrap_or_default();
        // The name is the first thing a scammer claims.
        let brand_terms = match self.string_list(&entry, "brand_terms") {
            Some(Some(terms)) => terms,
            Some(None) if !name.is_empty() => vec![name.clone()],
            _ => Vec::new(),
        };
        Vendor {
            id,
            name,
            brand_terms,
        }
    }

    fn domains(&mut self, root: &Entry<'t>, help: &str) -> Vec<OfficialDomain> {
        let Some(entries) = self.entries(root, "domains", "[[domains]] entry") else {
            if !self.failed.contains("domains") {
                self.missing(root, "domains", help);
            }
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, e) in entries.into_iter().enumerate() {
            let domain = match e {
                // `domains = ["example.com"]`: the domain and its subdomains.
                EntryOrValue::Value(v, line) => match v.as_str() {
                    Some(d) => OfficialDomain {
                        domain: d.trim().to_lowercase(),
                        include_subdomains: true,
                    },
                    None => {
                        self.fail(
                            format!("domains[{i}]"),
                            line,
                            "each domain is text (\"example.com\") or a table \
                             {domain = \"example.com\", include_subdomains = false}"
                                .into(),
                        );
                        OfficialDomain {
                            domain: String::new(),
                            include_subdomains: false,
                        }
                    }
                },
                EntryOrValue::Entry(entry) => {
                    self.record(&entry);
                    self.unknown_keys(&entry, DOMAIN_FIELDS);
                    let domain = self
                        .string(&entry, "domain", "the host name: domain = \"example.com\"")
                        .unwrap_or_default();
                    OfficialDomain {
                        domain: domain.trim().to_lowercase(),
                        include_subdomains: self.bool_or(&entry, "include_subdomains", true),
                    }
                }
            };
            out.push(domain);
        }
        out
    }

    /// Records the line of an entry of a list.
    fn record(&mut self, entry: &Entry<'_>) {
        if let Some(line) = entry.line {
            self.lines.insert(entry.path.clone(), line);
        }
    }

    /// Tables of a list, with a problem for each element that is not one.
    fn tables(&mut self, root: &Entry<'t>, key: &str, entry_name: &str) -> Vec<Option<Entry<'t>>> {
        let Some(entries) = self.entries(root, key, entry_name) else {
            return Vec::new();
        };
        entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| match e {
                EntryOrValue::Entry(entry) => {
                    self.record(&entry);
                    Some(entry)
                }
                EntryOrValue::Value(_, line) => {
                    self.fail(
                        format!("{key}[{i}]"),
                        line,
                        format!("each {entry_name} is a table: {{…}}"),
                    );
                    None
                }
            })
            .collect()
    }

    fn emails(&mut self, root: &Entry<'t>) -> Vec<OfficialEmail> {
        let mut out = Vec::new();
        for entry in self.tables(root, "emails", "[[emails]] entry") {
            let Some(entry) = entry else {
                out.push(OfficialEmail {
                    address: String::new(),
                    label: String::new(),
                });
                continue;
            };
            self.unknown_keys(&entry, EMAIL_FIELDS);
            let address = self
                .string(
                    &entry,
                    "address",
                    "the address: address = \"support@example.com\"",
                )
                .unwrap_or_default();
            let label = self
                .string(&entry, "label", "what it is for: label = \"Support\"")
                .unwrap_or_default();
            out.push(OfficialEmail {
                address: address.trim().to_lowercase(),
                label,
            });
        }
        out
    }

    fn phones(&mut self, root: &Entry<'t>, default_country: Option<&str>) -> Vec<OfficialPhone> {
        let mut out = Vec::new();
        for entry in self.tables(root, "phones", "[[phones]] entry") {
            let mut phone = OfficialPhone {
                number: String::new(),
                label: String::new(),
                country: String::new(),
                purpose: "support".into(),
            };
            let Some(entry) = entry else {
                out.push(phone);
                continue;
            };
            self.unknown_keys(&entry, PHONE_FIELDS);
            let written = self.string(
                &entry,
                "number",
                "the number as customers dial it: number = \"+1 202 555 0143\"",
            );
            phone.label = self
                .string(&entry, "label", "what it is for: label = \"US support\"")
                .unwrap_or_default();
            let country = self
                .optional_string(&entry, "country")
                .flatten()
                .map(|c| c.trim().to_ascii_uppercase());
            if let Some(purpose) = self.optional_string(&entry, "purpose").flatten() {
                phone.purpose = purpose;
            }
            let national_country = country.as_deref().or(default_country);
            if let Some(written) = written {
                match phone::to_e164(&written, national_country) {
                    Ok(e164) => phone.number = e164,
                    Err(e) => self.bad_value(&entry, "number", format!("{written}: {e}")),
                }
            }
            phone.country = match country.or_else(|| default_country.map(str::to_string)) {
                Some(c) => c,
                None => match phone::sole_country(&phone.number) {
                    Some(c) => c.to_string(),
                    None if phone.number.is_empty() => String::new(),
                    None => {
                        self.missing(
                            &entry,
                            "country",
                            "the two-letter country the line serves (country = \"US\"), \
                             or set a default with country = \"US\" at the top of the file",
                        );
                        String::new()
                    }
                },
            };
            out.push(phone);
        }
        out
    }

    fn policies(&mut self, root: &Entry<'t>) -> Vec<Policy> {
        let mut out = Vec::new();
        for (i, entry) in self
            .tables(root, "policies", "[[policies]] entry")
            .into_iter()
            .enumerate()
        {
            // A statement software does not act on gets an id of its own.
            let mut policy = Policy {
                id: format!("custom-{}", i + 1),
                text: String::new(),
            };
            let Some(entry) = entry else {
                out.push(policy);
                continue;
            };
            self.unknown_keys(&entry, POLICY_FIELDS);
            if let Some(id) = self.optional_string(&entry, "id").flatten() {
                if KNOWN_POLICIES.contains(&id.as_str()) || id.starts_with("custom-") {
                    policy.id = id;
                } else {
                    let suggestion = closest(&id, KNOWN_POLICIES)
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default();
                    self.bad_value(
                        &entry,
                        "id",
                        format!(
                            "\"{id}\" is not a policy software knows; {suggestion}the known \
                             ones are {}; leave out `id` for a statement of your own",
                            KNOWN_POLICIES.join(", ")
                        ),
                    );
                }
            }
            policy.text = self
                .string(
                    &entry,
                    "text",
                    "the statement in your words: text = \"We never call unexpectedly.\"",
                )
                .unwrap_or_default();
            out.push(policy);
        }
        out
    }

    fn keys(&mut self, root: &Entry<'t>, issued_at: i64) -> Vec<StaffKey> {
        let mut out = Vec::new();
        for entry in self.tables(root, "keys", "[[keys]] entry") {
            let mut key = StaffKey {
                id: String::new(),
                public_key: String::new(),
                name: String::new(),
                team: String::new(),
                channels: Vec::new(),
                not_before: issued_at,
                not_after: 0,
                max_notice_lifetime: DEFAULT_MAX_NOTICE_LIFETIME,
            };
            let Some(entry) = entry else {
                out.push(key);
                continue;
            };
            self.unknown_keys(&entry, KEY_FIELDS);
            if let Some(text) = self.string(
                &entry,
                "public_key",
                "the staff member's public key (CSPK1.…, from the .pub file of countersign keygen)",
            ) {
                match PublicKey::parse(&text) {
                    Ok(pk) => {
                        key.id = pk.key_id().to_string();
                        key.public_key = pk.to_string();
                    }
                    Err(e) => {
                        let hint = if text.contains(countersign::keys::SECRET_KEY_PREFIX) {
                            " (this is a SECRET key: remove it from the file at once, and \
                             paste the line from the .pub file)"
                        } else {
                            ""
                        };
                        self.bad_value(&entry, "public_key", format!("{e}{hint}"));
                    }
                }
            }
            key.name = self
                .string(
                    &entry,
                    "name",
                    "the person or team customers will see: name = \"Dana Whitfield\"",
                )
                .unwrap_or_default();
            key.team = self
                .optional_string(&entry, "team")
                .flatten()
                .unwrap_or_default();
            match self.get(&entry, "channels") {
                None => self.missing(
                    &entry,
                    "channels",
                    "what the key may sign: channels = [\"email\", \"scheduled-call\", \"callback\"]",
                ),
                Some(item) => {
                    let names: Option<Vec<&str>> = item
                        .as_array()
                        .and_then(|a| a.iter().map(Value::as_str).collect());
                    match names {
                        None => self.wrong_type(
                            &entry,
                            "channels",
                            "a list such as [\"email\", \"callback\"]",
                            item,
                        ),
                        Some(names) => {
                            for name in names {
                                match Channel::parse(name) {
                                    Some(c) => key.channels.push(c),
                                    None => self.bad_value(
                                        &entry,
                                        "channels",
                                        format!(
                                            "\"{name}\" is not a channel; use email, \
                                             scheduled-call or callback"
                                        ),
                                    ),
                                }
                            }
                        }
                    }
                }
            }
            if let Some(Some(t)) = self.time(&entry, "not_before") {
                key.not_before = t;
            }
            key.not_after = self
                .required_time(
                    &entry,
                    "not_after",
                    "when the key stops being valid: not_after = 2027-06-01T00:00:00Z",
                )
                .unwrap_or(0);
            match self.get(&entry, "max_notice_lifetime") {
                None => {}
                Some(item) => {
                    let parsed = if let Some(s) = item.as_str() {
                        parse_duration(s)
                    } else if let Some(n) = item.as_integer() {
                        parse_duration(&n.to_string())
                    } else {
                        Err("expected a duration like \"7d\" or \"12h\"".into())
                    };
                    match parsed {
                        Ok(d) => key.max_notice_lifetime = d,
                        Err(e) => self.bad_value(&entry, "max_notice_lifetime", e),
                    }
                }
            }
            out.push(key);
        }
        out
    }

    fn revoked(&mut self, root: &Entry<'t>, issued_at: i64) -> Vec<Revocation> {
        let mut out = Vec::new();
        for entry in self.tables(root, "revoked", "[[revoked]] entry") {
            let mut revocation = Revocation {
                id: String::new(),
                revoked_at: issued_at,
                reason: String::new(),
            };
            let Some(entry) = entry else {
                out.push(revocation);
                continue;
            };
            self.unknown_keys(&entry, REVOKED_FIELDS);
            revocation.id = self
                .string(
                    &entry,
                    "id",
                    "the key id (16 hex digits) shown by countersign keygen and directory show",
                )
                .unwrap_or_default();
            if let Some(Some(t)) = self.time(&entry, "revoked_at") {
                revocation.revoked_at = t;
            }
            revocation.reason = self
                .optional_string(&entry, "reason")
                .flatten()
                .unwrap_or_default();
            out.push(revocation);
        }
        out
    }
}

enum EntryOrValue<'d> {
    Entry(Entry<'d>),
    Value(&'d Value, Option<usize>),
}

/// `[[phones]]` for `phones[2]`, `[vendor]` for `vendor`.
fn header_of(path: &str) -> String {
    match path.split_once('[') {
        Some((list, _)) => format!("[[{list}]]"),
        None => format!("[{path}]"),
    }
}

fn article(type_name: &str) -> String {
    let vowel = type_name.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {type_name}", if vowel { "an" } else { "a" })
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The allowed name closest to a misspelt one (at most two edits away).
fn closest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (edit_distance(word, a), *a))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb {
                previous
            } else {
                1 + previous.min(row[j]).min(current)
            };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
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
}
