//! Structured page scans: a page as the browser extension sees it, as data.
//!
//! The content script knows what a person can see (computed styles, shadow
//! roots, same-origin frames, which part of a webmail page is the open
//! message); the engine knows what it means. Rebuilding HTML in JavaScript
//! from `innerText` lost the structure (a heading became a line like any
//! other) and let hidden or script text in. So the content script sends a
//! typed [`Scan`]: the title, the visible text blocks with their role, the
//! links, the frames, the notices with the texts around them, the open
//! webmail message and what the page did (full screen, alarm audio...), and
//! [`Engine::analyse_scan`] judges it. Nothing here trusts the scan: it is
//! page data, bounded on the way in and only ever read as text.
//!
//! The webmail rule: when the scan carries the open `message`, only that
//! message is judged, as an email (sender, subject, body). The webmail's own
//! chrome (the user's address on the account button, the `To:` line, the
//! folder list) is not the message, and reading it as the message's content
//! made genuine support email look like impersonation. An inbox list
//! (`listView`) is never judged at all: a preview cuts notices off, and a
//! cut-off notice is incomplete, not forged.
//!
//! These are plain Rust types: the wasm façade reads them from the content
//! script's object property by property (`src/wasm/args.rs`, which holds the
//! JS names of the fields and roles), so no deserializer is derived here.

use super::report::Report;
use super::text::{self, Extracted, Link};
use super::verdict::Assessment;
use super::{email, Content, Engine, Evidence};
use crate::directory::UnixTime;

/// Most text blocks read from one scan.
pub const MAX_BLOCKS: usize = 20_000;
/// Most bytes of visible text read from one scan (blocks and message body).
pub const MAX_TEXT: usize = 2 * 1024 * 1024;
/// Most bytes of one field that is not page text (a title, a link, a name).
pub const MAX_FIELD: usize = 8 * 1024;
/// Most frames, notices and candidate bodies per notice read.
const MAX_FRAMES: usize = 64;
const MAX_NOTICES: usize = 16;
const MAX_BODIES: usize = 6;
/// Most bytes of one candidate body (the message a notice closes).
const MAX_BODY: usize = 256 * 1024;

/// What a block of visible text is on the page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BlockRole {
    /// `<h1>`...`<h6>` or `role=heading`.
    Heading,
    /// Running text.
    #[default]
    Text,
    /// Someone else's words (`<blockquote>`, quoted mail).
    Quote,
    /// A list item.
    ListItem,
    /// A button's label.
    Button,
    /// A form label.
    Label,
    /// A caption (figure, table).
    Caption,
    /// Preformatted text.
    Pre,
    /// A role this version does not know: read as running text.
    Other,
}

/// One block of visible text.
#[derive(Clone, Debug, Default)]
pub struct Block {
    /// What the block is.
    pub role: BlockRole,
    /// Heading level, 1 to 6 (0 when not a heading).
    pub level: u8,
    /// Its visible text.
    pub text: String,
}

/// A visible link.
#[derive(Clone, Debug, Default)]
pub struct ScanLink {
    /// The `href` as written.
    pub href: String,
    /// The anchor text.
    pub text: String,
}

/// An `<iframe>` of the page.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// Its address.
    pub url: String,
    /// Same origin as the page (then its text is among the blocks).
    pub same_origin: bool,
    /// Whether it covers (nearly) the whole viewport.
    pub covers_page: bool,
}

/// A visible notice candidate and the texts that may be the message it
/// closes.
#[derive(Clone, Debug, Default)]
pub struct ScanNotice {
    /// The notice as written (token, armored block or verify link).
    pub text: String,
    /// Candidate message bodies: the text before the notice in its element
    /// and a few ancestors.
    pub before: Vec<String>,
}

/// The open message of a webmail page, read by a webmail adapter.
#[derive(Clone, Debug, Default)]
pub struct Message {
    /// The sender's display name.
    pub sender_name: String,
    /// The sender's address (or `Name <address>`).
    pub sender_address: String,
    /// The subject.
    pub subject: String,
    /// The visible text of the message body.
    pub body: String,
    /// Recipient addresses shown.
    pub to: Vec<String>,
}

/// What the page did, as the content script saw it: the behaviour of
/// tech-support-scam pages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Behaviour {
    /// Went full screen.
    pub fullscreen: bool,
    /// Locked the pointer.
    pub pointer_lock: bool,
    /// Locked the keyboard (`navigator.keyboard.lock`).
    pub keyboard_lock: bool,
    /// Asked "leave this page?" on the way out.
    pub before_unload: bool,
    /// Opened dialog after dialog.
    pub dialog_loop: bool,
    /// Pushed many history entries (to trap the back button).
    pub history_flood: bool,
    /// Played audio on its own (an alarm).
    pub autoplay_audio: bool,
}

/// Each behaviour's signal name, weight and sentence, in the order of
/// `Behaviour::flags`.
const BEHAVIOURS: [(&str, u32, &str); 7] = [
    ("fullscreen", 15, "It takes over the whole screen"),
    ("keyboard-lock", 20, "It locks the keyboard"),
    ("pointer-lock", 15, "It captures the mouse pointer"),
    ("alarm-audio", 15, "It plays an alarm sound by itself"),
    ("dialog-loop", 15, "It opens message box after message box"),
    ("history-flood", 15, "It blocks the Back button"),
    ("leave-trap", 5, "It tries to stop you leaving the page"),
];

impl Behaviour {
    /// The flags, in the order of [`BEHAVIOURS`].
    fn flags(&self) -> [bool; 7] {
        [
            self.fullscreen,
            self.keyboard_lock,
            self.pointer_lock,
            self.autoplay_audio,
            self.dialog_loop,
            self.history_flood,
            self.before_unload,
        ]
    }

    /// The behaviours seen, as (name, weight, sentence).
    fn seen(&self) -> Vec<(&'static str, u32, &'static str)> {
        self.flags()
            .into_iter()
            .zip(BEHAVIOURS)
            .filter_map(|(on, b)| on.then_some(b))
            .collect()
    }
}

/// Whether an evidence signal names a page behaviour (`fullscreen`...).
pub(crate) fn is_behaviour_signal(signal: &str) -> bool {
    BEHAVIOURS.iter().any(|(name, ..)| *name == signal)
}

/// A page as the extension's content script read it. Every field may be
/// missing; strings and lists are bounded when read.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// The page's address (the extension sets it from the browser, not from
    /// the page).
    pub url: String,
    /// The document title.
    pub title: String,
    /// The document language (`<html lang>`).
    pub lang: Option<String>,
    /// Visible text blocks in document order.
    pub blocks: Vec<Block>,
    /// Visible links.
    pub links: Vec<ScanLink>,
    /// Frames.
    pub frames: Vec<Frame>,
    /// Visible notice candidates.
    pub notices: Vec<ScanNotice>,
    /// Notice markers in text nobody can see (hidden by style).
    pub hidden_notices: u32,
    /// The open webmail message, if a webmail adapter found one.
    pub message: Option<Message>,
    /// An inbox list or preview pane: never judged.
    pub list_view: bool,
    /// What the page did.
    pub behaviour: Behaviour,
}

/// The longest prefix of `s` within `max` bytes, as an owned string.
fn bounded(s: &str, max: usize) -> String {
    text::prefix(s, max).to_string()
}

impl Scan {
    /// The page as the detectors read it: the title on the first line, then
    /// each block on its own line (quotes marked as quoted), then the links
    /// placed at their anchor text.
    pub fn extracted(&self) -> Extracted {
        let mut out = Extracted {
            title: bounded(self.title.trim(), 1024),
            ..Extracted::default()
        };
        let push_line = |out: &mut Extracted, line: &str| -> (usize, usize) {
            let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
            if !out.text.is_empty() {
                out.text.push('\n');
            }
            let start = out.text.len();
            out.text.push_str(&line);
            (start, out.text.len())
        };
        let title = out.title.clone();
        if !title.is_empty() {
            push_line(&mut out, &title);
        }
        for block in self.blocks.iter().take(MAX_BLOCKS) {
            if out.text.len() >= MAX_TEXT {
                break;
            }
            let room = MAX_TEXT - out.text.len();
            // A block may hold several lines (a <pre>, a message body).
            for line in text::prefix(&block.text, room).lines() {
                if line.trim().is_empty() {
                    continue;
                }
                let (s, e) = push_line(&mut out, line);
                if block.role == BlockRole::Quote && out.quoted.len() < 1_000 {
                    out.quoted.push((s, e));
                }
            }
        }
        // Links at their anchor text: searched forward from the last one
        // placed, as they come in document order; a link whose text is not
        // among the blocks gets a line of its own.
        let mut cursor = 0;
        for link in self.links.iter().take(text::MAX_LINKS) {
            let href = bounded(link.href.trim(), MAX_FIELD);
            let anchor = link.text.split_whitespace().collect::<Vec<_>>().join(" ");
            let anchor = text::prefix(&anchor, 512);
            let found = (!anchor.is_empty())
                .then(|| out.text.get(cursor..).and_then(|rest| rest.find(anchor)))
                .flatten()
                .map(|p| cursor + p);
            let at = match found {
                Some(at) => {
                    cursor = at;
                    at
                }
                None if out.text.len() < MAX_TEXT && !anchor.is_empty() => {
                    push_line(&mut out, anchor).0
                }
                None => out.text.len(),
            };
            out.links.push(Link { href, at });
        }
        out.links.sort_by_key(|l| l.at);
        out
    }

    /// Candidate bodies per notice token, for body digests on pages.
    fn notice_bodies(&self) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for n in self.notices.iter().take(MAX_NOTICES) {
            for found in crate::notice::find_notices(text::prefix(&n.text, MAX_BODY)) {
                let bodies: Vec<String> = n
                    .before
                    .iter()
                    .take(MAX_BODIES)
                    .map(|b| bounded(b, MAX_BODY))
                    .collect();
                match out.iter_mut().find(|(t, _)| *t == found.token) {
                    Some((_, list)) => list.extend(bodies),
                    None => out.push((found.token, bodies)),
                }
            }
        }
        out
    }

    /// The open webmail message as an email.
    fn email(&self, message: &Message, recipients: &[String]) -> email::Email {
        let body = bounded(&message.body, MAX_TEXT);
        let quoted = text::quoted_lines(&body);
        let address = bounded(&message.sender_address, MAX_FIELD);
        // The user's own address among the recipients, for recipient
        // bindings; else the first recipient shown.
        let to = message
            .to
            .iter()
            .take(64)
            .map(|t| webmail_address(t))
            .find(|t| recipients.iter().any(|r| r.eq_ignore_ascii_case(t)))
            .or_else(|| message.to.first().map(|t| webmail_address(t)))
            .filter(|t| !t.is_empty());
        email::Email {
            from_name: bounded(message.sender_name.trim(), MAX_FIELD),
            from_address: webmail_address(&address),
            to,
            subject: bounded(message.subject.trim(), MAX_FIELD),
            body,
            links: Vec::new(),
            // The body is visible text of rendered HTML: its line breaks
            // end blocks.
            body_is_html: true,
            quoted,
            ..email::Email::default()
        }
    }
}

/// An address as webmail shows it ("Name <address>" or the bare address),
/// lowercased.
pub(crate) fn webmail_address(shown: &str) -> String {
    shown
        .rsplit_once('<')
        .map_or(shown, |(_, a)| a)
        .trim()
        .trim_matches(['<', '>'])
        .trim()
        .to_ascii_lowercase()
}

impl Engine {
    /// Judges a page scan (see the module docs). `recipients` are the
    /// user's own email addresses, for notices bound to a recipient.
    pub fn analyse_scan(&self, scan: &Scan, recipients: &[String], now: UnixTime) -> Report {
        let mut a = Assessment::default();
        let mut ev = Evidence::default();
        let url = bounded(scan.url.trim(), MAX_FIELD);
        if !url.is_empty() {
            self.check_address(&url, &mut a, &mut ev);
        }
        if scan.list_view {
            a.note(
                "list-view",
                "An inbox list is not checked: open a message to check it".into(),
            );
            return self.finish(a, ev);
        }
        let bodies = scan.notice_bodies();
        if let Some(message) = &scan.message {
            let mail = scan.email(message, recipients);
            self.mail_into(&mail, recipients, &bodies, now, &mut a, &mut ev);
        } else {
            let extracted = scan.extracted();
            let content = Content {
                text: &extracted.text,
                title: &extracted.title,
                links: &extracted.links,
                positioned: true,
                plain: false,
                quoted: &extracted.quoted,
                notice_text: &extracted.text,
                notice_text_is_message: false,
                sender_claims: false,
                sender_official: false,
                sender: None,
                recipient: None,
                recipients,
                notice_bodies: &bodies,
            };
            self.analyse_content(&content, now, &mut a, &mut ev);
        }
        self.weigh_page_behaviour(scan, &mut a, &mut ev);
        self.finish(a, ev)
    }

    /// What the page did and hid, weighed on top of what it says.
    fn weigh_page_behaviour(&self, scan: &Scan, a: &mut Assessment, ev: &mut Evidence) {
        let vendor = self.vendor().to_string();
        let seen = scan.behaviour.seen();
        // Scam behaviour counts in full where the page speaks as the vendor
        // or already shows scam tactics; elsewhere (a game going full screen,
        // a video playing) it is only noted.
        let scammy = a.claims_vendor || ev.signals.iter().any(|s| is_tactic_signal(s));
        for (name, weight, sentence) in &seen {
            ev.signals.push((*name).to_string());
            if scammy {
                a.warn(
                    *weight,
                    "scam-behaviour",
                    format!("{sentence}, as tech-support scams do"),
                );
            }
        }
        if scammy && seen.len() >= 2 && !a.claims_vendor && !ev.phones.is_empty() {
            a.warn(
                20,
                "scam-pattern",
                "It locks up the browser like a tech-support scam and gives a number to call"
                    .into(),
            );
        }
        if scan.hidden_notices > 0 {
            ev.signals.push("hidden-notice".into());
            a.warn(
                10,
                "hidden-notice",
                format!("It hides a {vendor} notice where you cannot see it; a hidden notice proves nothing"),
            );
        }
        let covering = scan
            .frames
            .iter()
            .take(MAX_FRAMES)
            .find(|f| f.covers_page && !f.same_origin);
        if let Some(frame) = covering {
            match self.domains.classify_url(frame.url.trim()) {
                Ok(h) => {
                    if matches!(h.verdict, super::domain::HostVerdict::Lookalike { .. }) {
                        a.claims_vendor = true;
                        a.warn(
                            60,
                            "lookalike-frame",
                            format!(
                                "It shows {} in a frame over the whole page: {}",
                                h.unicode,
                                self.host_message(&h)
                            ),
                        );
                    } else if !h.is_official() {
                        a.warn(
                            10,
                            "covering-frame",
                            format!("It shows another site, {}, over the whole page", h.unicode),
                        );
                    }
                    ev.linked_hosts.push(h);
                }
                Err(_) => a.warn(
                    10,
                    "covering-frame",
                    "It shows another site over the whole page".into(),
                ),
            }
        }
    }
}

/// Whether an evidence signal names a scam tactic (remote access, gift
/// cards, "do not shut down"...).
pub(crate) fn is_tactic_signal(signal: &str) -> bool {
    use super::context::Cue;
    [
        Cue::Infected,
        Cue::DoNotShutDown,
        Cue::RemoteAccess,
        Cue::GiftCards,
        Cue::Secrets,
    ]
    .iter()
    .any(|c| c.as_str() == signal)
}

#[cfg(test)]
mod tests;
