//! The human-written TOML source of a directory, turned into the signed
//! model. People write phone numbers with spaces, times as dates and
//! lifetimes as `7d`; the signed form holds only canonical values.

use countersign::directory::{
    Channel, Directory, OfficialDomain, OfficialEmail, OfficialPhone, Policy, Revocation, StaffKey,
    Vendor, DIRECTORY_FORMAT,
};
use countersign::keys::PublicKey;
use countersign::phone;
use serde::Deserialize;

use crate::io::{parse_duration, parse_time};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    sequence: u64,
    #[serde(default)]
    issued_at: Option<Time>,
    expires_at: Time,
    published_at: Vec<String>,
    verify_url: String,
    vendor: Vendor,
    domains: Vec<OfficialDomain>,
    #[serde(default)]
    emails: Vec<OfficialEmail>,
    #[serde(default)]
    email_domains: Vec<String>,
    #[serde(default)]
    phones: Vec<SourcePhone>,
    #[serde(default)]
    policies: Vec<Policy>,
    #[serde(default)]
    keys: Vec<SourceKey>,
    #[serde(default)]
    revoked: Vec<SourceRevocation>,
}

/// A time as TOML datetime, RFC 3339 string, or date.
#[derive(Deserialize)]
#[serde(untagged)]
enum Time {
    Toml(toml::value::Datetime),
    Text(String),
    Unix(i64),
}

impl Time {
    fn seconds(&self, field: &str) -> Result<i64, String> {
        match self {
            Time::Toml(t) => parse_time(&t.to_string()),
            Time::Text(t) => parse_time(t),
            Time::Unix(s) => Ok(*s),
        }
        .map_err(|e| format!("{field}: {e}"))
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Duration {
    Text(String),
    Seconds(i64),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcePhone {
    number: String,
    label: String,
    country: String,
    purpose: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceKey {
    public_key: String,
    name: String,
    #[serde(default)]
    team: String,
    channels: Vec<Channel>,
    not_before: Time,
    not_after: Time,
    max_notice_lifetime: Duration,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRevocation {
    id: String,
    revoked_at: Time,
    #[serde(default)]
    reason: String,
}

/// Reads a directory source. `now` fills `issued_at` when the source has none.
pub fn parse_source(text: &str, now: i64) -> Result<Directory, String> {
    let source: Source = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut keys = Vec::new();
    for k in source.keys {
        let public_key =
            PublicKey::parse(&k.public_key).map_err(|e| format!("key {}: {e}", k.name))?;
        let max_notice_lifetime = match k.max_notice_lifetime {
            Duration::Text(t) => parse_duration(&t),
            Duration::Seconds(s) => Ok(s),
        }
        .map_err(|e| format!("key {}: max_notice_lifetime: {e}", k.name))?;
        keys.push(StaffKey {
            id: public_key.key_id().to_string(),
            public_key: public_key.to_string(),
            not_before: k.not_before.seconds("not_before")?,
            not_after: k.not_after.seconds("not_after")?,
            name: k.name,
            team: k.team,
            channels: k.channels,
            max_notice_lifetime,
        });
    }
    let mut phones = Vec::new();
    for p in source.phones {
        let number = phone::normalize_e164(&p.number).ok_or_else(|| {
            format!(
                "phone {}: write it in international form, e.g. +1 202 555 0143",
                p.number
            )
        })?;
        phones.push(OfficialPhone {
            number,
            label: p.label,
            country: p.country,
            purpose: p.purpose,
        });
    }
    let mut revoked = Vec::new();
    for r in source.revoked {
        revoked.push(Revocation {
            revoked_at: r.revoked_at.seconds("revoked_at")?,
            id: r.id,
            reason: r.reason,
        });
    }
    let issued_at = match &source.issued_at {
        Some(t) => t.seconds("issued_at")?,
        None => now,
    };
    Ok(Directory {
        format: DIRECTORY_FORMAT.to_string(),
        vendor: source.vendor,
        sequence: source.sequence,
        issued_at,
        expires_at: source.expires_at.seconds("expires_at")?,
        published_at: source.published_at,
        verify_url: source.verify_url,
        domains: source
            .domains
            .into_iter()
            .map(|d| OfficialDomain {
                domain: d.domain.to_lowercase(),
                ..d
            })
            .collect(),
        emails: source
            .emails
            .into_iter()
            .map(|e| OfficialEmail {
                address: e.address.to_lowercase(),
                ..e
            })
            .collect(),
        email_domains: source
            .email_domains
            .into_iter()
            .map(|d| d.to_lowercase())
            .collect(),
        phones,
        policies: source.policies,
        keys,
        revoked,
    })
}
