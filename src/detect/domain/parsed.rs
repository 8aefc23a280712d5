//! A host or link read once, for every vendor that judges it.
//!
//! With many trusted vendors, one address is classified by several
//! [`DomainMatcher`](super::DomainMatcher)s (the vendors it could concern
//! and one standing for the rest). Everything a matcher derives from the
//! host alone (the browser's IDNA processing, the registrable domain and
//! its suffix, the labels, their look-alike folds, the text safe to show)
//! is the same for every vendor, so it is worked out here once and each
//! matcher reads it. Nothing in a [`ParsedHost`] depends on a directory;
//! the folds are computed the first time a matcher asks for them, since
//! most hosts never need them.
//!
//! `vendors::tests` checks that classifying a parsed host gives exactly
//! the report classifying the string gives, for every test host.

use std::cell::OnceCell;

use super::host::{self, display_safe, prefix, Normal, Problem};
use super::lookalike::{fold, may_fold};
use super::suffix;
use super::{fold_host, url_host, UrlError};

/// A host name after the checks every matcher makes first.
#[derive(Debug)]
pub struct ParsedHost {
    pub(super) state: State,
}

#[derive(Debug)]
pub(super) enum State {
    /// A host name.
    Name(Box<View>),
    /// Not a host name a vendor could own.
    Problem {
        /// The input, shortened and made safe to show.
        shown: String,
        /// `shown` as lowercase printable ASCII.
        sanitized: String,
        problem: Problem,
    },
}

/// What every matcher reads of a host name.
#[derive(Debug)]
pub(super) struct View {
    pub ascii: String,
    pub unicode: String,
    pub rewritten: bool,
    /// `unicode` made safe to show.
    pub shown: String,
    /// Where the registrable domain starts in `ascii`, if there is one.
    reg_start: Option<usize>,
    /// How many labels of `unicode` come before the public suffix.
    pub own: usize,
    /// Where each label of `unicode` starts and ends.
    spans: Vec<(usize, usize)>,
    private_suffix: OnceCell<bool>,
    /// [`fold_host`] of `unicode`.
    folded_host: OnceCell<String>,
    /// [`fold`] of `unicode` as one string.
    folded_whole: OnceCell<String>,
    /// [`fold`] of each label, `None` where it cannot differ or does not.
    folded_labels: OnceCell<Vec<Option<String>>>,
}

impl View {
    fn new(normal: Normal) -> View {
        let Normal {
            ascii,
            unicode,
            rewritten,
        } = normal;
        let shown = display_safe(&unicode, 300);
        let reg_start = suffix::registrable(&ascii).map(|reg| ascii.len() - reg.len());
        let mut spans = Vec::new();
        let mut start = 0;
        for label in unicode.split('.') {
            spans.push((start, start + label.len()));
            start += label.len() + 1;
        }
        let own = match reg_start.and_then(|at| ascii.get(at..)) {
            Some(reg) => {
                let suffix = reg.split_once('.').map(|(_, s)| s).unwrap_or_default();
                spans.len().saturating_sub(suffix.split('.').count())
            }
            None => 0,
        };
        View {
            ascii,
            unicode,
            rewritten,
            shown,
            reg_start,
            own,
            spans,
            private_suffix: OnceCell::new(),
            folded_host: OnceCell::new(),
            folded_whole: OnceCell::new(),
            folded_labels: OnceCell::new(),
        }
    }

    /// Label `k` of the Unicode host (empty past the end).
    pub fn label(&self, k: usize) -> &str {
        self.spans
            .get(k)
            .and_then(|&(a, b)| self.unicode.get(a..b))
            .unwrap_or_default()
    }

    /// The registrable domain (eTLD+1), ASCII.
    pub fn registrable(&self) -> Option<&str> {
        self.reg_start.and_then(|at| self.ascii.get(at..))
    }

    /// Whether the public suffix is a shared hosting service's.
    pub fn private_suffix(&self) -> bool {
        *self
            .private_suffix
            .get_or_init(|| suffix::is_private_suffix(&self.ascii))
    }

    /// The fold of each label of the Unicode host, joined with dots.
    pub fn folded_host(&self) -> &str {
        self.folded_host.get_or_init(|| fold_host(&self.unicode))
    }

    /// The fold of the whole Unicode host, if it can differ from it.
    pub fn folded_whole(&self) -> Option<&str> {
        if !may_fold(&self.unicode) {
            return None;
        }
        Some(self.folded_whole.get_or_init(|| fold(&self.unicode)))
    }

    /// The fold of label `k`, if it differs from the label.
    pub fn folded_label(&self, k: usize) -> Option<&str> {
        let all = self.folded_labels.get_or_init(|| {
            (0..self.spans.len())
                .map(|k| {
                    let l = self.label(k);
                    if !may_fold(l) {
                        return None;
                    }
                    Some(fold(l)).filter(|f| f != l)
                })
                .collect()
        });
        all.get(k)?.as_deref()
    }
}

impl ParsedHost {
    /// Reads a host as [`DomainMatcher::classify_host`](super::DomainMatcher::classify_host)
    /// takes it: Unicode or punycode, any case, maybe a trailing dot or a
    /// port. Never panics; inputs over 2 KiB are rejected unread.
    pub fn new(raw: &str) -> ParsedHost {
        let state = match host::normalize(raw) {
            Ok(normal) => State::Name(Box::new(View::new(normal))),
            Err(problem) => {
                let cut = prefix(raw, 512);
                let shown = display_safe(cut.trim(), 80);
                let sanitized = shown
                    .chars()
                    .map(|c| {
                        if c.is_ascii_graphic() {
                            c.to_ascii_lowercase()
                        } else {
                            '?'
                        }
                    })
                    .collect();
                State::Problem {
                    shown,
                    sanitized,
                    problem,
                }
            }
        };
        ParsedHost { state }
    }

    /// The lowercase ASCII form, if this is a host name: `None` for an IP
    /// address or a string no host name can be.
    pub fn ascii(&self) -> Option<&str> {
        match &self.state {
            State::Name(v) => Some(&v.ascii),
            State::Problem { .. } => None,
        }
    }

    /// Whether the name is plain ASCII as written (no IDN label, nothing
    /// rewritten by IDNA processing).
    pub fn is_plain_ascii(&self) -> bool {
        match &self.state {
            State::Name(v) => !v.rewritten && v.unicode == v.ascii && v.ascii.is_ascii(),
            State::Problem { .. } => false,
        }
    }

    /// Works out every value computed on demand, last label first, as no
    /// matcher does: a test compares the reports from such a view with
    /// those from a fresh one, so a value cached under the wrong key, or
    /// depending on who asked first, shows.
    #[cfg(test)]
    pub(crate) fn fill_in_reverse(&self) {
        if let Some(v) = self.view() {
            for k in (0..v.spans.len()).rev() {
                let _ = v.folded_label(k);
            }
            let _ = (v.folded_whole(), v.folded_host(), v.private_suffix());
        }
    }

    /// The view of a host name.
    pub(super) fn view(&self) -> Option<&View> {
        match &self.state {
            State::Name(v) => Some(v),
            State::Problem { .. } => None,
        }
    }
}

/// Where a link goes, read once: its host and what comes before an `@`.
#[derive(Debug)]
pub struct ParsedUrl {
    /// The host.
    pub host: ParsedHost,
    /// Anything before an `@` in the authority, if not empty.
    pub userinfo: Option<String>,
}

impl ParsedUrl {
    /// Reads a link as [`DomainMatcher::classify_url`](super::DomainMatcher::classify_url)
    /// takes it.
    pub fn new(url: &str) -> Result<ParsedUrl, UrlError> {
        let parts = url_host(url)?;
        Ok(ParsedUrl {
            host: ParsedHost::new(&parts.host),
            userinfo: parts
                .userinfo
                .filter(|u| !u.is_empty())
                .map(|u| u.into_owned()),
        })
    }
}
