//! Reading typed values out of the TOML document, keeping the line of every
//! field, and reporting each problem without stopping at the first.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use toml_edit::{Item, TableLike, Value};

use super::hints::{article, capitalise, closest, header_of};
use super::{line_at, SourceProblem, PLACEHOLDER, TOP_LEVEL, VENDOR_FIELDS};
use crate::io::parse_time;

/// One table of the source (the root, `[vendor]`, or an entry of an array
/// of tables or inline tables) and where it is.
pub(super) struct Entry<'d> {
    pub(super) table: &'d dyn TableLike,
    /// Field path of the entry: `` (root), `vendor`, `phones[1]`.
    pub(super) path: String,
    /// How to name it in messages: "the [vendor] section", "this [[phones]] entry".
    pub(super) name: String,
    /// Its header's (or its own) line.
    pub(super) line: Option<usize>,
}

impl Entry<'_> {
    pub(super) fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }
}

pub(super) struct Reader<'t> {
    pub(super) text: &'t str,
    pub(super) problems: Vec<SourceProblem>,
    pub(super) lines: BTreeMap<String, usize>,
    pub(super) failed: BTreeSet<String>,
}

impl<'t> Reader<'t> {
    pub(super) fn line(&self, span: Option<Range<usize>>) -> Option<usize> {
        span.map(|s| line_at(self.text, s.start))
    }

    pub(super) fn fail(&mut self, field: String, line: Option<usize>, message: String) {
        self.problems.push(SourceProblem { line, message });
        self.failed.insert(field);
    }

    /// The item at `key`, recording its line.
    pub(super) fn get<'d>(&mut self, entry: &Entry<'d>, key: &str) -> Option<&'d Item> {
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

    pub(super) fn line_of_key(&self, entry: &Entry<'_>, key: &str) -> Option<usize> {
        self.lines.get(&entry.field(key)).copied().or(entry.line)
    }

    /// Reports a required key that is missing.
    pub(super) fn missing(&mut self, entry: &Entry<'_>, key: &str, help: &str) {
        let message = format!("{} has no `{key}`: {help}", entry.name);
        self.fail(entry.field(key), entry.line, message);
    }

    pub(super) fn wrong_type(&mut self, entry: &Entry<'_>, key: &str, expected: &str, item: &Item) {
        let line = self.line_of_key(entry, key);
        let message = format!(
            "`{key}` must be {expected}, not {}",
            article(item.type_name())
        );
        self.fail(entry.field(key), line, message);
    }

    pub(super) fn bad_value(&mut self, entry: &Entry<'_>, key: &str, message: String) {
        let line = self.line_of_key(entry, key);
        self.fail(entry.field(key), line, format!("`{key}`: {message}"));
    }

    pub(super) fn string(&mut self, entry: &Entry<'_>, key: &str, help: &str) -> Option<String> {
        match self.optional_string(entry, key)? {
            Some(s) => Some(s),
            None => {
                self.missing(entry, key, help);
                None
            }
        }
    }

    /// `Some(None)` when absent, `None` when present but not text.
    pub(super) fn optional_string(
        &mut self,
        entry: &Entry<'_>,
        key: &str,
    ) -> Option<Option<String>> {
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

    pub(super) fn bool_or(&mut self, entry: &Entry<'_>, key: &str, default: bool) -> bool {
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

    pub(super) fn time(&mut self, entry: &Entry<'_>, key: &str) -> Option<Option<i64>> {
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

    pub(super) fn required_time(
        &mut self,
        entry: &Entry<'_>,
        key: &str,
        help: &str,
    ) -> Option<i64> {
        match self.time(entry, key)? {
            Some(t) => Some(t),
            None => {
                self.missing(entry, key, help);
                None
            }
        }
    }

    pub(super) fn string_list(
        &mut self,
        entry: &Entry<'_>,
        key: &str,
    ) -> Option<Option<Vec<String>>> {
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
    pub(super) fn unknown_keys(&mut self, entry: &Entry<'_>, allowed: &[&str]) {
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
    pub(super) fn entries<'d>(
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

    /// Records the line of an entry of a list.
    pub(super) fn record(&mut self, entry: &Entry<'_>) {
        if let Some(line) = entry.line {
            self.lines.insert(entry.path.clone(), line);
        }
    }

    /// Tables of a list, with a problem for each element that is not one.
    pub(super) fn tables(
        &mut self,
        root: &Entry<'t>,
        key: &str,
        entry_name: &str,
    ) -> Vec<Option<Entry<'t>>> {
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
}

pub(super) enum EntryOrValue<'d> {
    Entry(Entry<'d>),
    Value(&'d Value, Option<usize>),
}
