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

mod hints;
mod reader;
mod sections;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use countersign::directory::{policy_ids, Directory};
use toml_edit::ImDocument;

use reader::Reader;

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
const DOMAIN_FIELDS: &[&str] = &["domain", "include_subdomains", "public_mailboxes"];
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

pub(super) fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count())
        + 1
}
