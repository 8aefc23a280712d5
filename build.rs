//! Packs the Public Suffix List for the detection engine.
//!
//! `data/public_suffix_list.dat` lists some 10,000 rules as full names
//! (`a.b.aichi.jp`, `c.aichi.jp`, ...). Written as a tree of labels from the
//! top-level domain down, each ending shared once, the same rules take 87 KB
//! instead of 150 KB and 34 KB gzipped instead of 44 KB in the browser
//! extension's package. `src/detect/domain/suffix.rs` writes the list back
//! out as text for the `publicsuffix` crate, and its tests check that every
//! rule gives the same answer as from the original file.
//!
//! The packed form: the ICANN section, a newline, the private section. A
//! section is a comma-separated list of labels; a label is followed by `?`
//! when it is not a rule itself, and by its children in parentheses.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::PathBuf;

#[derive(Default)]
struct Node {
    rule: bool,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn insert(&mut self, rule: &str) {
        let mut node = self;
        for label in rule.rsplit('.') {
            node = node.children.entry(label.to_string()).or_default();
        }
        node.rule = true;
    }

    fn write(&self, out: &mut String) {
        for (i, (label, child)) in self.children.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(label);
            if !child.rule {
                out.push('?');
            }
            if !child.children.is_empty() {
                out.push('(');
                child.write(out);
                out.push(')');
            }
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=data/public_suffix_list.dat");
    let text = std::fs::read_to_string("data/public_suffix_list.dat")?;
    let (mut icann, mut private) = (Node::default(), Node::default());
    let mut section = None;
    for line in text.lines() {
        if line.contains("===BEGIN ICANN DOMAINS===") {
            section = Some(&mut icann);
        } else if line.contains("===BEGIN PRIVATE DOMAINS===") {
            section = Some(&mut private);
        } else if line.contains("===END ") {
            section = None;
        } else if let Some(rule) = line.split_whitespace().next() {
            if rule.starts_with("//") {
                continue;
            }
            let node = section
                .as_deref_mut()
                .ok_or_else(|| format!("public suffix rule outside a section: {rule}"))?;
            if rule.contains([',', '(', ')', '?']) || rule.split('.').any(str::is_empty) {
                return Err(format!("public suffix rule cannot be packed: {rule}").into());
            }
            node.insert(rule);
        }
    }
    let mut packed = String::new();
    icann.write(&mut packed);
    packed.push('\n');
    private.write(&mut packed);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(out.join("public_suffix_list.packed"), packed)?;
    Ok(())
}
