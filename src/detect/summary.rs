//! What a customer is shown about a report: one headline, at most three
//! facts, the contacts to mark on the page, the state of each notice, the
//! vendor's official contacts, and how loudly to warn.
//!
//! The engine's reasons are complete and precise, which is what "Details"
//! and the CLI want, but a person in the middle of a scam needs the one or
//! two facts that decide, once each, in plain words, with the real contacts
//! beside them. Deciding which facts those are is judgement, so it is made
//! here, in Rust, and the extension only lays it out.
//!
//! Every fact comes with a stable `code` and its `args` (the number, the
//! address, the host...), so the extension can say it in the user's language
//! from its own message catalogue; `message` is the English sentence, used
//! when the catalogue has no entry for the code. All text goes through the
//! one display rule (`crate::display::shown`).

use serde::Serialize;

use super::domain::HostVerdict;
use super::report::{NoticeClaims, Report, Verdict};
use super::Engine;
use crate::directory::Directory;
use crate::display::shown;

/// Most facts in a summary.
pub const MAX_FACTS: usize = 3;
/// Most contacts marked on a page.
const MAX_MARKS: usize = 32;

/// How loudly to warn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Confidence {
    /// Certain enough to stop the person: a full-tab warning.
    High,
    /// Worth a word: a dismissible notice over the page.
    Low,
    /// Nothing to show over the page.
    None,
}

/// One fact for the person: a code, its values, and the English sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// Stable code (`unofficial-phone`...).
    pub code: &'static str,
    /// The values the sentence quotes, in order (for a message catalogue).
    pub args: Vec<String>,
    /// The sentence in English.
    pub message: String,
}

/// A contact presented as the vendor's that is not official, to mark where
/// it stands on the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// `phone`, `email` or `link`.
    pub kind: &'static str,
    /// As written on the page.
    pub text: String,
    /// Digits only, for phones (pages write numbers many ways).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub digits: String,
    /// The note shown on hover or focus.
    pub note: String,
}

/// What became of one notice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NoticeState {
    /// Genuine, and the content around it matches it.
    Verified,
    /// Genuine, but inside content that contradicts it: copied from
    /// elsewhere.
    Copied,
    /// Cut off (a preview, a truncated paste): cannot be checked.
    Incomplete,
    /// Forged, altered, expired, revoked or out of scope.
    Invalid,
}

/// One notice, as the person is told about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeView {
    /// What became of it.
    pub state: NoticeState,
    /// A plain sentence.
    pub message: String,
    /// The failed check's code, for "Details".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// What it says, only when its signature verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notice: Option<NoticeClaims>,
}

/// An official phone number, for showing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OfficialPhoneView {
    /// E.164.
    pub number: String,
    /// Grouped for reading.
    pub display: String,
    /// The directory's label.
    pub label: String,
}

/// An official address, for showing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OfficialEmailView {
    /// The address.
    pub address: String,
    /// The directory's label.
    pub label: String,
}

/// The vendor's official contacts, from its signed directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Official {
    /// The vendor's name.
    pub name: String,
    /// Official web domains.
    pub domains: Vec<String>,
    /// Official numbers.
    pub phones: Vec<OfficialPhoneView>,
    /// Official addresses.
    pub emails: Vec<OfficialEmailView>,
    /// The vendor's verify page.
    pub verify_url: String,
    /// The vendor's contact policies, as it words them.
    pub policies: Vec<String>,
}

impl Official {
    /// The official contacts of a directory, sanitised for showing.
    pub fn of(dir: &Directory) -> Official {
        Official {
            name: shown(&dir.vendor.name),
            domains: dir.domains.iter().map(|d| shown(&d.domain)).collect(),
            phones: dir
                .phones
                .iter()
                .map(|p| OfficialPhoneView {
                    number: shown(&p.number),
                    display: shown(&crate::phone::display(&p.number)),
                    label: shown(&p.label),
                })
                .collect(),
            emails: dir
                .emails
                .iter()
                .map(|e| OfficialEmailView {
                    address: shown(&e.address),
                    label: shown(&e.label),
                })
                .collect(),
            verify_url: shown(&dir.verify_url),
            policies: dir.policies.iter().map(|p| shown(&p.text)).collect(),
        }
    }
}

/// The report as the extension shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanReport {
    /// The verdict.
    pub verdict: Verdict,
    /// The vendor the verdict concerns, if any.
    pub vendor: Option<String>,
    /// 0 to 100.
    pub score: u8,
    /// How loudly to warn.
    pub confidence: Confidence,
    /// One plain sentence (English; the extension has its own per verdict).
    pub headline: String,
    /// At most three facts, most decisive first, one fact each.
    pub summary: Vec<Fact>,
    /// Contacts to mark on the page.
    pub marks: Vec<Mark>,
    /// Each notice found.
    pub notices: Vec<NoticeView>,
    /// The concerned vendor's official contacts.
    pub official: Option<Official>,
    /// Scam behaviours and tactics counted.
    pub tactics: Vec<String>,
    /// The engine's full report (reasons with codes, evidence): "Details".
    pub report: Report,
}

fn digits_of(s: &str) -> String {
    s.chars()
        .filter_map(super::text::digit_value)
        .map(|d| char::from(b'0' + d))
        .collect()
}

impl ScanReport {
    /// Builds the view of `report`, made by `engine` (the vendor judged).
    /// The view names that vendor, its contacts and its official list only
    /// when the report concerns it ([`Report::concerns_vendor`]); otherwise
    /// it speaks of no vendor.
    pub fn new(engine: Option<&Engine>, report: Report, is_message: bool) -> ScanReport {
        let engine = engine.filter(|_| report.concerns_vendor);
        let dir = engine.map(|e| e.directory().directory());
        let vendor_name = dir.map(|d| shown(&d.vendor.name));
        let name = vendor_name.clone().unwrap_or_else(|| "the vendor".into());
        let official_phones = |e164: &str| -> String {
            engine.map_or_else(String::new, |e| e.official_numbers_for(e164))
        };
        let official_emails = || -> String {
            dir.map_or_else(String::new, |d| {
                d.emails
                    .iter()
                    .take(2)
                    .map(|e| shown(&e.address))
                    .collect::<Vec<_>>()
                    .join(" or ")
            })
        };

        // The contacts to mark.
        let mut marks = Vec::new();
        for p in report
            .evidence
            .phones
            .iter()
            .filter(|p| p.attributed_to_vendor && !p.official)
        {
            let display = crate::phone::display(&p.e164);
            let theirs = official_phones(&p.e164);
            marks.push(Mark {
                kind: "phone",
                text: shown(&p.text),
                digits: digits_of(&p.e164),
                note: if theirs.is_empty() {
                    format!("{display} is not {name}'s number.")
                } else {
                    format!("{display} is not {name}'s number. Theirs: {theirs}.")
                },
            });
        }
        for e in report
            .evidence
            .emails
            .iter()
            .filter(|e| e.attributed_to_vendor && !e.official)
        {
            if e.role == "from" || e.role == "reply-to" {
                continue;
            }
            let theirs = official_emails();
            marks.push(Mark {
                kind: "email",
                text: shown(&e.address),
                digits: String::new(),
                note: if theirs.is_empty() {
                    format!("{} is not {name}'s address.", shown(&e.address))
                } else {
                    format!(
                        "{} is not {name}'s address. Theirs: {theirs}.",
                        shown(&e.address)
                    )
                },
            });
        }
        for h in &report.evidence.linked_hosts {
            if let HostVerdict::Lookalike { .. } = h.verdict {
                marks.push(Mark {
                    kind: "link",
                    text: shown(&h.host),
                    digits: String::new(),
                    note: format!(
                        "{} is not {name}'s site; it imitates {}.",
                        shown(&h.unicode),
                        shown(h.imitates().unwrap_or(""))
                    ),
                });
            }
        }
        marks.truncate(MAX_MARKS);

        // The notices, as the message rule left them; a genuine notice on a
        // page that impersonates the vendor anyway vouches for nothing there.
        let contradicted = report.verdict == Verdict::Impersonation;
        let notices: Vec<NoticeView> = report
            .evidence
            .notices
            .iter()
            .map(|n| {
                let state = match n.state {
                    "verified" if contradicted => NoticeState::Copied,
                    "verified" => NoticeState::Verified,
                    "copied" | "partly-signed" => NoticeState::Copied,
                    "incomplete" => NoticeState::Incomplete,
                    _ => NoticeState::Invalid,
                };
                let message = match state {
                    NoticeState::Verified => format!("Genuine notice from {name}."),
                    NoticeState::Copied => format!(
                        "This {name} notice is genuine, but the content around it is not what it signed: it does not vouch for anything else here."
                    ),
                    NoticeState::Incomplete => "A notice here is cut off or damaged, so it cannot be checked. Open the whole message to check it.".into(),
                    NoticeState::Invalid => format!(
                        "A notice here claims to be from {name} but is not valid: {}",
                        shown(n.reason.as_deref().unwrap_or("it failed a check"))
                    ),
                };
                NoticeView {
                    state,
                    message,
                    code: n.code,
                    notice: n.claims.clone().filter(|_| state != NoticeState::Invalid),
                }
            })
            .collect();
        let copied = notices.iter().any(|n| n.state == NoticeState::Copied);

        // The facts: the weightiest reasons, one per code, with their values.
        let mut summary: Vec<Fact> = Vec::new();
        for r in &report.reasons {
            if summary.len() >= MAX_FACTS {
                break;
            }
            if matches!(
                r.code,
                "notice-valid"
                    | "no-claim"
                    | "list-view"
                    | "official-domain"
                    | "official-phone"
                    | "official-email"
                    | "official-sender"
            ) && report.verdict.is_warning()
            {
                continue;
            }
            if summary.iter().any(|f| f.code == r.code) {
                continue;
            }
            let args = fact_args(r.code, &report, &name, &official_phones, &official_emails);
            summary.push(Fact {
                code: r.code,
                args,
                message: shown_sentence(&r.message),
            });
        }

        let tactics: Vec<String> = report
            .evidence
            .signals
            .iter()
            .filter(|s| is_tactic_name(s))
            .cloned()
            .collect();
        let behaviour_seen = report.reasons.iter().any(|r| r.code == "scam-behaviour");
        let confidence = match report.verdict {
            Verdict::Impersonation | Verdict::InvalidNotice => Confidence::High,
            Verdict::Suspicious if behaviour_seen && report.score >= 50 => Confidence::High,
            Verdict::Suspicious => Confidence::Low,
            _ => Confidence::None,
        };
        let what = if is_message { "message" } else { "page" };
        let headline = match report.verdict {
            Verdict::Impersonation if copied && !notices.is_empty() => format!(
                "This {what} uses a genuine {name} notice copied from elsewhere. Do not trust it."
            ),
            Verdict::Impersonation if vendor_name.is_none() => {
                format!("This {what} shows signs of a support scam. Treat it as a scam.")
            }
            Verdict::Impersonation => format!("This {what} pretends to be {name}. It is not."),
            Verdict::InvalidNotice if vendor_name.is_none() => {
                format!("This {what} carries a fake notice. Treat it as a scam.")
            }
            Verdict::InvalidNotice => {
                format!("This {what} carries a fake {name} notice. Treat it as a scam.")
            }
            Verdict::Verified => format!("Genuine notice from {name}."),
            Verdict::Suspicious if vendor_name.is_none() || !behaviour_seen => {
                format!("Be careful: this {what} may be a scam.")
            }
            Verdict::Suspicious => {
                format!("Be careful: this {what} behaves like a tech-support scam.")
            }
            Verdict::Official => format!("This is an official {name} website."),
            Verdict::Clean => "Nothing here claims to be a vendor's support.".into(),
        };
        ScanReport {
            verdict: report.verdict,
            vendor: vendor_name,
            score: report.score,
            confidence,
            headline,
            summary,
            marks,
            notices,
            official: dir.map(Official::of),
            tactics,
            report,
        }
    }
}

/// A reason sentence, sanitised, with a full stop.
fn shown_sentence(message: &str) -> String {
    let mut s = shown(message);
    if !s.ends_with(['.', '!', '?', '…']) {
        s.push('.');
    }
    s
}

/// Whether an evidence signal is a scam tactic or behaviour.
fn is_tactic_name(signal: &str) -> bool {
    super::scan::is_tactic_signal(signal) || super::scan::is_behaviour_signal(signal)
}

/// The values a fact quotes, for the message catalogue. The first is
/// always the vendor's name.
fn fact_args(
    code: &str,
    report: &Report,
    name: &str,
    official_phones: &dyn Fn(&str) -> String,
    official_emails: &dyn Fn() -> String,
) -> Vec<String> {
    let ev = &report.evidence;
    let mut args = vec![name.to_string()];
    match code {
        "unofficial-phone" => {
            if let Some(p) = ev
                .phones
                .iter()
                .find(|p| p.attributed_to_vendor && !p.official)
            {
                args.push(crate::phone::display(&p.e164));
                args.push(official_phones(&p.e164));
            }
        }
        "unofficial-email" | "lookalike-email" | "free-mail" | "display-name" => {
            if let Some(e) = ev
                .emails
                .iter()
                .find(|e| e.attributed_to_vendor && !e.official)
            {
                args.push(shown(&e.address));
                args.push(official_emails());
            }
        }
        "lookalike-domain" | "lookalike-sender" => {
            if let Some(h) = &ev.host {
                args.push(shown(&h.unicode));
                args.push(shown(h.imitates().unwrap_or("")));
            }
        }
        "lookalike-link" | "lookalike-frame" => {
            if let Some(h) = ev.linked_hosts.first() {
                args.push(shown(&h.unicode));
                args.push(shown(h.imitates().unwrap_or("")));
            }
        }
        _ => {}
    }
    args
}
