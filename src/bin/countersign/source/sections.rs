//! The sections of a directory source, each read into its part of the
//! signed model with its defaults: the vendor, domains, addresses, phone
//! numbers (national ones made international), policies, keys and
//! revocations.

use countersign::directory::{
    Channel, Directory, OfficialDomain, OfficialEmail, OfficialPhone, Policy, Revocation, StaffKey,
    Vendor, DIRECTORY_FORMAT,
};
use countersign::keys::PublicKey;
use countersign::phone;
use toml_edit::Value;

use super::hints::closest;
use super::reader::{Entry, EntryOrValue, Reader};
use super::{
    DEFAULT_MAX_NOTICE_LIFETIME, DOMAIN_FIELDS, EMAIL_FIELDS, KEY_FIELDS, KNOWN_POLICIES,
    PHONE_FIELDS, POLICY_FIELDS, REVOKED_FIELDS, TOP_LEVEL, VENDOR_FIELDS,
};
use crate::io::parse_duration;

impl<'t> Reader<'t> {
    pub(super) fn directory(&mut self, table: &'t toml_edit::Table, now: i64) -> Directory {
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

    pub(super) fn vendor(&mut self, root: &Entry<'t>, help: &str) -> Vendor {
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

    pub(super) fn domains(&mut self, root: &Entry<'t>, help: &str) -> Vec<OfficialDomain> {
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
                        public_mailboxes: false,
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
                            public_mailboxes: false,
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
                        public_mailboxes: self.bool_or(&entry, "public_mailboxes", false),
                    }
                }
            };
            out.push(domain);
        }
        out
    }

    pub(super) fn emails(&mut self, root: &Entry<'t>) -> Vec<OfficialEmail> {
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

    pub(super) fn phones(
        &mut self,
        root: &Entry<'t>,
        default_country: Option<&str>,
    ) -> Vec<OfficialPhone> {
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

    pub(super) fn policies(&mut self, root: &Entry<'t>) -> Vec<Policy> {
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

    pub(super) fn keys(&mut self, root: &Entry<'t>, issued_at: i64) -> Vec<StaffKey> {
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

    pub(super) fn revoked(&mut self, root: &Entry<'t>, issued_at: i64) -> Vec<Revocation> {
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
