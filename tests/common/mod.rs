//! A vendor world for tests: fixed keys and a directory that does not
//! depend on the demo files or on the real clock.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use countersign::directory::{
    sign_directory, Channel, Directory, OfficialDomain, OfficialEmail, OfficialPhone, Policy,
    Revocation, StaffKey, Vendor, VerifiedDirectory, DIRECTORY_FORMAT,
};
use countersign::keys::SecretKey;
use countersign::notice::{Claims, SignedNotice, NOTICE_VERSION};

/// 2026-12-01T12:00:00Z.
pub const NOW: i64 = 1_796_126_400;
pub const DAY: i64 = 86_400;

pub struct World {
    pub root: SecretKey,
    pub staff: SecretKey,
    pub billing: SecretKey,
    pub former: SecretKey,
    pub stranger: SecretKey,
    pub directory: Directory,
}

fn staff_key(key: &SecretKey, name: &str, channels: Vec<Channel>, max: i64) -> StaffKey {
    let pk = key.public_key();
    StaffKey {
        id: pk.key_id().to_string(),
        public_key: pk.to_string(),
        name: name.into(),
        team: "Support".into(),
        channels,
        not_before: NOW - 30 * DAY,
        not_after: NOW + 300 * DAY,
        max_notice_lifetime: 7 * DAY,
    }
    .with_max(max)
}

trait WithMax {
    fn with_max(self, max: i64) -> Self;
}

impl WithMax for StaffKey {
    fn with_max(mut self, max: i64) -> Self {
        self.max_notice_lifetime = max;
        self
    }
}

impl World {
    pub fn new() -> World {
        let root = SecretKey::from_seed(&[1; 32]);
        let staff = SecretKey::from_seed(&[2; 32]);
        let billing = SecretKey::from_seed(&[3; 32]);
        let former = SecretKey::from_seed(&[4; 32]);
        let stranger = SecretKey::from_seed(&[5; 32]);
        let directory = Directory {
            format: DIRECTORY_FORMAT.into(),
            vendor: Vendor {
                id: "northwind".into(),
                name: "Northwind Security".into(),
                brand_terms: vec!["Northwind Security".into(), "Northwind Antivirus".into()],
            },
            sequence: 7,
            issued_at: NOW - DAY,
            expires_at: NOW + 30 * DAY,
            published_at: vec![
                "https://northwind.example/.well-known/countersign/directory.json".into(),
            ],
            verify_url: "https://northwind.example/verify".into(),
            domains: vec![OfficialDomain {
                domain: "northwind.example".into(),
                include_subdomains: true,
                public_mailboxes: false,
            }],
            emails: vec![
                OfficialEmail {
                    address: "support@northwind.example".into(),
                    label: "Support".into(),
                },
                OfficialEmail {
                    address: "billing@northwind.example".into(),
                    label: "Billing".into(),
                },
            ],
            email_domains: vec!["mail.northwind.example".into()],
            phones: vec![
                OfficialPhone {
                    number: "+12025550143".into(),
                    label: "US support".into(),
                    country: "US".into(),
                    purpose: "support".into(),
                },
                OfficialPhone {
                    number: "+442079460321".into(),
                    label: "UK support".into(),
                    country: "GB".into(),
                    purpose: "support".into(),
                },
            ],
            policies: vec![Policy {
                id: "no-unsolicited-calls".into(),
                text: "We never call unexpectedly.".into(),
            }],
            keys: vec![
                staff_key(&staff, "Dana Whitfield", Channel::ALL.to_vec(), 7 * DAY),
                staff_key(&billing, "Billing team", vec![Channel::Email], 3 * DAY),
                staff_key(&former, "Sam Porter", Channel::ALL.to_vec(), 7 * DAY),
            ],
            revoked: vec![Revocation {
                id: former.public_key().key_id().to_string(),
                revoked_at: NOW - 2 * DAY,
                reason: "left".into(),
            }],
        };
        World {
            root,
            staff,
            billing,
            former,
            stranger,
            directory,
        }
    }

    pub fn signed(&self) -> String {
        sign_directory(&self.directory, &self.root, &[]).expect("test directory is valid")
    }

    pub fn verified(&self) -> VerifiedDirectory {
        VerifiedDirectory::verify(self.signed().as_bytes(), &self.root.public_key(), NOW, None)
            .expect("test directory verifies")
    }

    /// Email claims from Dana, valid for a day from NOW - 1h.
    pub fn email_claims(&self) -> Claims {
        Claims {
            version: NOTICE_VERSION,
            vendor: "northwind".into(),
            key_id: self.staff.public_key().key_id().to_string(),
            channel: Channel::Email,
            agent: "Dana Whitfield".into(),
            contact: "support@northwind.example".into(),
            ticket: Some("NW-482913".into()),
            recipient: None,
            issued_at: NOW - 3_600,
            not_before: NOW - 3_600,
            expires_at: NOW + DAY,
            id: "AAAAAAAAAAAAAAAA".into(),
            phrase: None,
            body_digest: None,
        }
    }

    /// A scheduled call from Dana at +1 202 555 0143, window NOW .. NOW+30m.
    pub fn call_claims(&self) -> Claims {
        Claims {
            channel: Channel::ScheduledCall,
            contact: "+12025550143".into(),
            phrase: Some(countersign::notice::phrase::phrase_from_bytes([1, 2, 3])),
            not_before: NOW,
            expires_at: NOW + 1_800,
            ..self.email_claims()
        }
    }
}

pub fn sign_as(claims: &Claims, key: &SecretKey) -> SignedNotice {
    claims.sign(key)
}
