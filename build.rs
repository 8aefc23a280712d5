//! Packs the Public Suffix List for the detection engine.
//!
//! `data/public_suffix_list.dat` lists some 10,000 rules as full names
//! (`a.b.aichi.jp`, `c.aichi.jp`, ...). Written as a tree of labels from the
//! top-level domain down, each ending shared once, the same rules take about
//! 90 KB instead of 150 KB, and about 35 KB gzipped in the browser
//! extension's package. `src/detect/domain/suffix.rs` indexes the packed
//! tree once (one pass, no copy of a label) and looks hosts up in it; its
//! tests check every rule against the `publicsuffix` crate reading the
//! original file.
//!
//! The packed form is the tree in breadth-first order, so that the children
//! of each node are neighbours, sorted by label (their bytes), which lets a
//! lookup search them by halves. It starts with the number of top-level
//! labels and a `;`; then one record per node, comma-separated: the label,
//! a mark, and the number of its children (left out when none). The mark
//! says what rule the name ending in that label is, as the `publicsuffix`
//! crate keeps it: one tree for both sections, an exception rule (`!www.ck`)
//! kept under its name without the `!`, and a rule listed in both sections
//! taken as the later (private) one:
//!
//!   `?` no rule   `=` ICANN rule   `+` private rule
//!   `!` ICANN exception           `^` private exception

use std::collections::{BTreeMap, VecDeque};
use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

/// A rule's kind: an exception or not, private or ICANN.
#[derive(Clone, Copy)]
struct Leaf {
    exception: bool,
    private: bool,
}

#[derive(Default)]
struct Node {
    leaf: Option<Leaf>,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn insert(&mut self, rule: &str, private: bool) {
        let (exception, rule) = match rule.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, rule),
        };
        let mut node = self;
        for label in rule.rsplit('.') {
            node = node.children.entry(label.to_string()).or_default();
        }
        node.leaf = Some(Leaf { exception, private });
    }

    fn mark(&self) -> char {
        match self.leaf {
            None => '?',
            Some(Leaf {
                exception: false,
                private: false,
            }) => '=',
            Some(Leaf {
                exception: false,
                private: true,
            }) => '+',
            Some(Leaf {
                exception: true,
                private: false,
            }) => '!',
            Some(Leaf {
                exception: true,
                private: true,
            }) => '^',
        }
    }

    /// The tree below this node, breadth first (see the module's docs).
    fn write(&self, out: &mut String) {
        out.push_str(&self.children.len().to_string());
        out.push(';');
        let mut queue: VecDeque<&Node> = VecDeque::from([self]);
        let mut first = true;
        while let Some(node) = queue.pop_front() {
            for (label, child) in &node.children {
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(label);
                out.push(child.mark());
                if !child.children.is_empty() {
                    let _ = write!(out, "{}", child.children.len());
                }
                queue.push_back(child);
            }
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=data/public_suffix_list.dat");
    let text = std::fs::read_to_string("data/public_suffix_list.dat")?;
    let mut tree = Node::default();
    // Private or not, once inside a section.
    let mut section = None;
    for line in text.lines() {
        if line.contains("===BEGIN ICANN DOMAINS===") {
            section = Some(false);
        } else if line.contains("===BEGIN PRIVATE DOMAINS===") {
            section = Some(true);
        } else if line.contains("===END ") {
            section = None;
        } else if let Some(rule) = line.split_whitespace().next() {
            if rule.starts_with("//") {
                continue;
            }
            let private =
                section.ok_or_else(|| format!("public suffix rule outside a section: {rule}"))?;
            // Labels of letters, digits, `-` and `*` only (the list is ASCII,
            // scripts/update-psl.sh writes IDN rules in punycode), so that
            // no label holds a mark, a digit after its mark or a comma.
            let name = rule.strip_prefix('!').unwrap_or(rule);
            let label_ok = |l: &str| {
                !l.is_empty()
                    && l.len() < 64
                    && l.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'*'
                    })
            };
            if !name.split('.').all(label_ok) || (rule.starts_with('!') && !name.contains('.')) {
                return Err(format!("public suffix rule cannot be packed: {rule}").into());
            }
            tree.insert(rule, private);
        }
    }
    let mut packed = String::new();
    tree.write(&mut packed);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(out.join("public_suffix_list.packed"), packed)?;
    Ok(())
}
