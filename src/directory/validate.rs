//! Structural rules for a directory body. Every rule here is one that, if
//! broken, would make a client trust something the vendor did not mean: an
//! uppercase domain that never matches, a key id that names another key, a
//! phone number that cannot be compared.

use core::fmt;
use std::collections::BTreeSet;

use super::model::*;
use crate::keys::PublicKey;
use crate::phone;

/// What is wrong with a directory body, one problem per entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError(pub Vec<String>);

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the directory is not valid: ")?;
        f.write_str(&self.0.join("; "))
    }
}

impl std::error::Error for ValidationError {}

/// Whether `domain` is a lowercase ASCII host name (IDNs in punycode).
pub fn is_canonical_domain(domain: &str) -> bool {
    !domain.is_empty()
        && domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Whether `address` is a lowercase `local@domain` with a canonical domain.
pub fn is_canonical_address(address: &str) -> bool {
    match address.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && local
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase() && b != b'@')
                && is_canonical_domain(domain)
        }
        None => false,
    }
}

/// One problem with a directory body, and the field it is in, written as a
/// path: `verify_url`, `phones[1].number`, `keys[0]`. The directory source
/// reader maps the path back to a line of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: a field path such as `domains[0].domain`.
    pub field: String,
    /// What is wrong, in plain words.
    pub message: String,
}

/// Longest lifetime (`expires_at - issued_at`) a directory should be signed
/// for: a year and a day. The expiry is what ends a frozen copy's life (an
/// attacker replaying an old directory that still lists a revoked key), so a
/// directory meant to last longer is almost always a typo in the year.
pub const MAX_DIRECTORY_LIFETIME: i64 = 366 * 86_400;

/// Why signing a structurally valid directory now is probably a mistake.
/// These are refused by the signing tools unless the signer says otherwise;
/// they are not structural rules, so clients do not check them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LifetimeConcern {
    /// `expires_at` is not after `now`: every client would refuse it.
    AlreadyExpired {
        /// When it expires (expired).
        expires_at: UnixTime,
    },
    /// `expires_at - issued_at` exceeds [`MAX_DIRECTORY_LIFETIME`].
    TooLongLived {
        /// The lifetime asked for, in whole days.
        days: i64,
    },
    /// `issued_at` is later than `now` plus the clients' clock allowance:
    /// clients refuse it until then.
    IssuedInTheFuture {
        /// When it says it was signed.
        issued_at: UnixTime,
    },
}

impl fmt::Display for LifetimeConcern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LifetimeConcern::AlreadyExpired { expires_at } => write!(
                f,
                "expires_at ({}) has already passed: every client would refuse this directory",
                crate::time::format_utc(*expires_at)
            ),
            LifetimeConcern::TooLongLived { days } => write!(
                f,
                "the directory would stay valid for {days} days; more than {} days lets a frozen \
                 copy (one that still lists a revoked key) be replayed for too long",
                MAX_DIRECTORY_LIFETIME / 86_400
            ),
            LifetimeConcern::IssuedInTheFuture { issued_at } => write!(
                f,
                "issued_at ({}) is in the future: clients refuse the directory until then",
                crate::time::format_utc(*issued_at)
            ),
        }
    }
}

/// The field of a URL that is not an allowed `https://` address on an
/// official domain, and why. `None` when it is one.
fn url_problem(url: &str, domains: &[OfficialDomain]) -> Option<String> {
    let Some(rest) = url.strip_prefix("https://") else {
        return Some(format!("{url}: URLs must use https://"));
    };
    if url
        .chars()
        .any(|c| c <= ' ' || c == '\\' || c == '\u{7f}' || !c.is_ascii())
    {
        return Some(format!(
            "{url}: spaces, backslashes and non-ASCII characters are not allowed in URLs here \
             (write IDNs in punycode, escape the path)"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Some(format!(
            "{url}: the address has a user name before '@', which makes browsers go to the \
             host after it; write the URL without it"
        ));
    }
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => host,
        Some(_) => return Some(format!("{url}: the port is not a number")),
        None => authority,
    };
    if !is_canonical_domain(host) {
        return Some(format!(
            "{url}: the host must be a lowercase ASCII domain name (punycode for IDNs)"
        ));
    }
    // A domain entry that is itself wrong is reported on its own; the URLs
    // are not also blamed for it.
    let domains_ok = domains.iter().all(|d| is_canonical_domain(&d.domain));
    if domains_ok && !domains.iter().any(|d| covers(d, host)) {
        return Some(format!(
            "{url}: {host} is not one of the official domains listed in `domains`"
        ));
    }
    None
}

/// Whether an official domain entry makes `host` official.
fn covers(entry: &OfficialDomain, host: &str) -> bool {
    host == entry.domain
        || (entry.include_subdomains
            && host
                .strip_suffix(entry.domain.as_str())
                .is_some_and(|prefix| prefix.ends_with('.')))
}

/// [`Directory::hands_out_mailboxes`] on the two lists it reads, for
/// indexes that keep only those.
pub fn hands_out_mailboxes(
    domains: &[OfficialDomain],
    email_domains: &[String],
    host: &str,
) -> bool {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    !email_domains.contains(&host)
        && domains
            .iter()
            .any(|d| d.public_mailboxes && covers(d, &host))
}

/// Whether a canonical domain is a public suffix (`co.uk`, `github.io`,
/// `com`): a name under which others register theirs. Listing one as
/// official would vouch for strangers.
///
/// The Public Suffix List comes with the detection engine (feature
/// `detect`): the CLI, which signs, and the extension, which trusts
/// directories from many vendors, both have it. The verify-only package
/// (the vendor's own verify page, pinned to the vendor's own root) goes
/// without the list rather than carry it for this one rule.
#[cfg(feature = "detect")]
fn is_public_suffix(domain: &str) -> bool {
    crate::detect::domain::registrable(domain).is_none()
}

#[cfg(not(feature = "detect"))]
fn is_public_suffix(_domain: &str) -> bool {
    false
}

impl Directory {
    /// Checks every structural rule and lists all the problems found.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ValidationError(
                problems.into_iter().map(|p| p.message).collect(),
            ))
        }
    }

    /// Every structural problem, with the field it is in.
    pub fn problems(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut problem =
            |field: String, message: String| problems.push(Problem { field, message });

        if self.format != DIRECTORY_FORMAT {
            problem(
                "format".into(),
                format!(
                    "format must be \"{DIRECTORY_FORMAT}\", not \"{}\"",
                    self.format
                ),
            );
        }
        if self.vendor.id.is_empty()
            || !self
                .vendor
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            problem(
                "vendor.id".into(),
                "vendor.id must be lowercase letters, digits and hyphens".into(),
            );
        }
        if self.vendor.name.trim().is_empty() {
            problem("vendor.name".into(), "vendor.name is empty".into());
        }
        for (i, t) in self.vendor.brand_terms.iter().enumerate() {
            if t.trim().is_empty() {
                problem(
                    format!("vendor.brand_terms[{i}]"),
                    "vendor.brand_terms has an empty term".into(),
                );
            }
        }
        if self.expires_at <= self.issued_at {
            problem(
                "expires_at".into(),
                "expires_at must be after issued_at".into(),
            );
        }
        if self.published_at.is_empty() {
            problem(
                "published_at".into(),
                "published_at must list at least one URL".into(),
            );
        }
        for (i, url) in self.published_at.iter().enumerate() {
            if let Some(p) = url_problem(url, &self.domains) {
                problem(format!("published_at[{i}]"), p);
            }
        }
        if let Some(p) = url_problem(&self.verify_url, &self.domains) {
            problem("verify_url".into(), p);
        }
        if self.domains.is_empty() {
            problem(
                "domains".into(),
                "domains must list at least one official domain".into(),
            );
        }
        for (i, d) in self.domains.iter().enumerate() {
            let field = format!("domains[{i}].domain");
            if !is_canonical_domain(&d.domain) {
                problem(
                    field,
                    format!(
                        "{}: domains must be lowercase ASCII host names (punycode for IDNs)",
                        d.domain
                    ),
                );
            } else if is_public_suffix(&d.domain) {
                problem(
                    field,
                    format!(
                        "{}: this is a public suffix, under which anyone can register a name{}; \
                         list your own domain under it instead",
                        d.domain,
                        if d.include_subdomains {
                            " (with include_subdomains it would make every such name official)"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
        for (i, e) in self.emails.iter().enumerate() {
            if !is_canonical_address(&e.address) {
                problem(
                    format!("emails[{i}].address"),
                    format!(
                        "{}: email addresses must be lowercase local@domain",
                        e.address
                    ),
                );
            }
        }
        for (i, d) in self.email_domains.iter().enumerate() {
            if let Some(m) = self
                .domains
                .iter()
                .find(|m| m.public_mailboxes && m.domain == *d)
            {
                problem(
                    format!("email_domains[{i}]"),
                    format!(
                        "{d}: {} hands out mailboxes to anyone (public_mailboxes), so not every \
                         address there is yours; list your own addresses there under emails instead",
                        m.domain
                    ),
                );
            }
            if !is_canonical_domain(d) {
                problem(
                    format!("email_domains[{i}]"),
                    format!("{d}: email domains must be lowercase ASCII host names"),
                );
            } else if is_public_suffix(d) {
                problem(
                    format!("email_domains[{i}]"),
                    format!(
                        "{d}: this is a public suffix; every address under it would count as \
                         an official sender"
                    ),
                );
            }
        }
        for (i, p) in self.phones.iter().enumerate() {
            if !phone::is_e164(&p.number) {
                problem(
                    format!("phones[{i}].number"),
                    format!(
                        "{}: phone numbers must be E.164 (+ and digits only)",
                        p.number
                    ),
                );
            }
            if p.country.len() != 2 || !p.country.bytes().all(|b| b.is_ascii_uppercase()) {
                problem(
                    format!("phones[{i}].country"),
                    format!("{}: country must be an ISO 3166 two-letter code", p.number),
                );
            }
        }
        let mut policy_ids = BTreeSet::new();
        for (i, p) in self.policies.iter().enumerate() {
            if !policy_ids.insert(p.id.as_str()) {
                problem(
                    format!("policies[{i}].id"),
                    format!("policy {} is listed twice", p.id),
                );
            }
        }
        let mut ids = BTreeSet::new();
        for (i, k) in self.keys.iter().enumerate() {
            let field = format!("keys[{i}]");
            match PublicKey::parse(&k.public_key) {
                Ok(pk) if pk.key_id().to_string() == k.id => {}
                Ok(pk) => problem(
                    field.clone(),
                    format!(
                        "key {}: id does not match its public key (expected {})",
                        k.id,
                        pk.key_id()
                    ),
                ),
                Err(e) => problem(format!("{field}.public_key"), format!("key {}: {e}", k.id)),
            }
            if !ids.insert(k.id.as_str()) {
                problem(field.clone(), format!("key {} is listed twice", k.id));
            }
            if k.channels.is_empty() {
                problem(
                    format!("{field}.channels"),
                    format!("key {} allows no channel", k.id),
                );
            }
            if k.not_after <= k.not_before {
                problem(
                    format!("{field}.not_after"),
                    format!("key {}: not_after must be after not_before", k.id),
                );
            }
            if k.max_notice_lifetime <= 0 {
                problem(
                    format!("{field}.max_notice_lifetime"),
                    format!("key {}: max_notice_lifetime must be positive", k.id),
                );
            }
        }
        for (i, r) in self.revoked.iter().enumerate() {
            if crate::keys::KeyId::parse(&r.id).is_none() {
                problem(
                    format!("revoked[{i}].id"),
                    format!(
                        "revoked id {} is not a key id (16 lowercase hex digits)",
                        r.id
                    ),
                );
            }
        }
        problems
    }

    /// What makes signing this directory at `now` a probable mistake
    /// (already expired, implausibly long-lived, dated in the future).
    pub fn lifetime_concerns(&self, now: UnixTime) -> Vec<LifetimeConcern> {
        let mut concerns = Vec::new();
        if self.expires_at <= now {
            concerns.push(LifetimeConcern::AlreadyExpired {
                expires_at: self.expires_at,
            });
        }
        let lifetime = self.expires_at.saturating_sub(self.issued_at);
        if lifetime > MAX_DIRECTORY_LIFETIME {
            concerns.push(LifetimeConcern::TooLongLived {
                days: lifetime / 86_400,
            });
        }
        if self.issued_at > now.saturating_add(super::signed::DIRECTORY_CLOCK_SKEW) {
            concerns.push(LifetimeConcern::IssuedInTheFuture {
                issued_at: self.issued_at,
            });
        }
        concerns
    }

    /// The official phone entry for a canonical E.164 number.
    pub fn phone(&self, e164: &str) -> Option<&OfficialPhone> {
        self.phones.iter().find(|p| p.number == e164)
    }

    /// Whether `address` (any case) is an official sender: listed, or under
    /// an official email domain.
    pub fn is_official_email(&self, address: &str) -> bool {
        let address = address.trim().to_lowercase();
        if self.emails.iter().any(|e| e.address == address) {
            return true;
        }
        match address.rsplit_once('@') {
            Some((local, domain)) if !local.is_empty() => {
                self.email_domains.iter().any(|d| d == domain)
            }
            _ => false,
        }
    }

    /// Whether `host` (a sender address's domain, any case) is where the
    /// vendor hands out mailboxes to anyone: under a domain entry marked
    /// `public_mailboxes` and not itself an official email domain. An
    /// address there is official only if `emails` lists it.
    pub fn hands_out_mailboxes(&self, host: &str) -> bool {
        hands_out_mailboxes(&self.domains, &self.email_domains, host)
    }

    /// The directory entry of an official address (any case), if it is
    /// listed by itself (not only under an official email domain).
    pub fn official_email(&self, address: &str) -> Option<&OfficialEmail> {
        let address = address.trim().to_lowercase();
        self.emails.iter().find(|e| e.address == address)
    }

    /// Whether `url` is where this directory says it is published: one of
    /// its `published_at` URLs, exactly. A directory fetched from anywhere
    /// else is refused even when its signature is good: the vendor did not
    /// put it there (a copy on a look-alike domain, a stale mirror). The
    /// structural rules have made every `published_at` URL an `https://`
    /// address on an official domain with no userinfo, so the exact
    /// comparison is the whole check.
    pub fn is_published_at(&self, url: &str) -> bool {
        self.published_at.iter().any(|p| p == url)
    }

    /// Whether a key id is revoked.
    pub fn is_revoked(&self, key_id: &str) -> bool {
        self.revoked.iter().any(|r| r.id == key_id)
    }

    /// A policy by its well-known id.
    pub fn policy(&self, id: &str) -> Option<&Policy> {
        self.policies.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert!(is_canonical_domain("northwind.example"));
        assert!(is_canonical_domain("xn--nrthwind-8cb.example"));
        assert!(!is_canonical_domain("Northwind.example"));
        assert!(!is_canonical_domain("northwind.example."));
        assert!(!is_canonical_domain("-northwind.example"));
        assert!(!is_canonical_domain("localhost"));
        assert!(is_canonical_address("support@northwind.example"));
        assert!(!is_canonical_address("Support@northwind.example"));
        assert!(!is_canonical_address("@northwind.example"));
    }

    /// The body of the signed demo directory, as signed.
    #[allow(clippy::unwrap_used, clippy::expect_used)]
    fn demo_body() -> Vec<u8> {
        let envelope: serde_json::Value = serde_json::from_str(crate::demo::DIRECTORY).unwrap();
        crate::b64::decode(envelope["body"].as_str().expect("a body")).unwrap()
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_directory_without_public_mailboxes_is_written_as_before() {
        // Signed before the field existed: parsed and written again, the
        // same bytes, and no mention of the field.
        let body = demo_body();
        let d: Directory = serde_json::from_slice(&body).unwrap();
        assert!(d.domains.iter().all(|x| !x.public_mailboxes));
        assert_eq!(serde_json::to_vec(&d).unwrap(), body);
        // Set, it is written and read back; strict parsing still refuses a
        // misspelt field rather than ignoring it.
        let mut marked = d.clone();
        marked.domains[0].public_mailboxes = true;
        let text = serde_json::to_string(&marked).unwrap();
        assert!(text.contains("\"public_mailboxes\":true"));
        assert_eq!(serde_json::from_str::<Directory>(&text).unwrap(), marked);
        let misspelt = text.replace("public_mailboxes", "public_mailbox");
        assert!(serde_json::from_str::<Directory>(&misspelt).is_err());
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn mailbox_domains_and_email_domains() {
        let mut d: Directory = serde_json::from_slice(&demo_body()).unwrap();
        d.domains.push(OfficialDomain {
            domain: "mail.example".into(),
            include_subdomains: true,
            public_mailboxes: true,
        });
        d.email_domains = vec!["notify.mail.example".into()];
        assert_eq!(d.problems(), vec![]);
        assert!(d.hands_out_mailboxes("mail.example"));
        assert!(d.hands_out_mailboxes("MAIL.Example."));
        assert!(d.hands_out_mailboxes("eu.mail.example"));
        // An email domain under it is the vendor's own sender domain.
        assert!(!d.hands_out_mailboxes("notify.mail.example"));
        assert!(!d.hands_out_mailboxes("northwind.example"));
        assert!(!d.hands_out_mailboxes("othermail.example"));
        // Without include_subdomains, only the domain itself.
        d.domains.last_mut().unwrap().include_subdomains = false;
        assert!(!d.hands_out_mailboxes("eu.mail.example"));
        // "All addresses there are ours" and "anyone gets an address
        // there" cannot both be said of one domain.
        d.email_domains = vec!["mail.example".into()];
        let problems = d.problems();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].field, "email_domains[0]");
        assert!(
            problems[0].message.contains("public_mailboxes"),
            "{problems:?}"
        );
    }
}
