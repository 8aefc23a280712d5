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

impl Directory {
    /// Checks every structural rule and lists all the problems found.
    pub fn validate(&self) -> Result<(), ValidationError> {
        let mut problems = Vec::new();
        let mut problem = |p: String| problems.push(p);

        if self.format != DIRECTORY_FORMAT {
            problem(format!(
                "format must be \"{DIRECTORY_FORMAT}\", not \"{}\"",
                self.format
            ));
        }
        if self.vendor.id.is_empty()
            || !self
                .vendor
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            problem("vendor.id must be lowercase letters, digits and hyphens".into());
        }
        if self.vendor.name.trim().is_empty() {
            problem("vendor.name is empty".into());
        }
        if self.vendor.brand_terms.iter().any(|t| t.trim().is_empty()) {
            problem("vendor.brand_terms has an empty term".into());
        }
        if self.expires_at <= self.issued_at {
            problem("expires_at must be after issued_at".into());
        }
        if self.published_at.is_empty() {
            problem("published_at must list at least one URL".into());
        }
        for url in self.published_at.iter().chain([&self.verify_url]) {
            if !url.starts_with("https://") {
                problem(format!("{url}: URLs must use https://"));
            }
        }
        if self.domains.is_empty() {
            problem("domains must list at least one official domain".into());
        }
        for d in &self.domains {
            if !is_canonical_domain(&d.domain) {
                problem(format!(
                    "{}: domains must be lowercase ASCII host names (punycode for IDNs)",
                    d.domain
                ));
            }
        }
        for e in &self.emails {
            if !is_canonical_address(&e.address) {
                problem(format!(
                    "{}: email addresses must be lowercase local@domain",
                    e.address
                ));
            }
        }
        for d in &self.email_domains {
            if !is_canonical_domain(d) {
                problem(format!(
                    "{d}: email domains must be lowercase ASCII host names"
                ));
            }
        }
        for p in &self.phones {
            if !phone::is_e164(&p.number) {
                problem(format!(
                    "{}: phone numbers must be E.164 (+ and digits only)",
                    p.number
                ));
            }
            if p.country.len() != 2 || !p.country.bytes().all(|b| b.is_ascii_uppercase()) {
                problem(format!(
                    "{}: country must be an ISO 3166 two-letter code",
                    p.number
                ));
            }
        }
        let mut ids = BTreeSet::new();
        for k in &self.keys {
            match PublicKey::parse(&k.public_key) {
                Ok(pk) if pk.key_id().to_string() == k.id => {}
                Ok(pk) => problem(format!(
                    "key {}: id does not match its public key (expected {})",
                    k.id,
                    pk.key_id()
                )),
                Err(e) => problem(format!("key {}: {e}", k.id)),
            }
            if !ids.insert(k.id.as_str()) {
                problem(format!("key {} is listed twice", k.id));
            }
            if k.channels.is_empty() {
                problem(format!("key {} allows no channel", k.id));
            }
            if k.not_after <= k.not_before {
                problem(format!("key {}: not_after must be after not_before", k.id));
            }
            if k.max_notice_lifetime <= 0 {
                problem(format!(
                    "key {}: max_notice_lifetime must be positive",
                    k.id
                ));
            }
        }
        for r in &self.revoked {
            if crate::keys::KeyId::parse(&r.id).is_none() {
                problem(format!(
                    "revoked id {} is not a key id (16 lowercase hex digits)",
                    r.id
                ));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ValidationError(problems))
        }
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

    /// The directory entry of an official address (any case), if it is
    /// listed by itself (not only under an official email domain).
    pub fn official_email(&self, address: &str) -> Option<&OfficialEmail> {
        let address = address.trim().to_lowercase();
        self.emails.iter().find(|e| e.address == address)
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
}
