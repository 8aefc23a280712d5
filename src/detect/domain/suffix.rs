//! The Public Suffix List: which part of a host name someone owns.
//!
//! `co.uk` and `github.io` are endings others register names under, so the
//! owner of `northwind.github.io` is whoever registered `northwind`, not
//! GitHub and not Northwind Security. The list is `data/public_suffix_list.dat`
//! (refreshed by `scripts/update-psl.sh`), parsed once on first use by the
//! `publicsuffix` crate. Compiling the list into code instead (the `psl`
//! crate) is faster to start but costs about 230 KB of the gzipped wasm
//! package against 45 KB for the text (docs/benchmarks.md). The package
//! carries the list packed as a tree of labels (`build.rs`: 34 KB gzipped),
//! written back out as the list's text on first use.

use std::sync::OnceLock;

use publicsuffix::{List, Psl as _, Type};

/// The list packed by `build.rs`: the ICANN section, a newline, the private
/// section, each a tree of labels from the top-level domain down.
static PACKED: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_list.packed"));

fn list() -> Option<&'static List> {
    static LIST: OnceLock<Option<List>> = OnceLock::new();
    LIST.get_or_init(|| List::from_bytes(unpack(PACKED).as_bytes()).ok())
        .as_ref()
}

/// The packed list as the list's own text: one rule a line, in the ICANN
/// and private sections the `publicsuffix` crate reads.
fn unpack(packed: &str) -> String {
    let (icann, private) = packed.split_once('\n').unwrap_or((packed, ""));
    let mut out = String::with_capacity(packed.len() * 2);
    out.push_str("// ===BEGIN ICANN DOMAINS===\n");
    unpack_section(icann, &mut out);
    out.push_str("// ===END ICANN DOMAINS===\n// ===BEGIN PRIVATE DOMAINS===\n");
    unpack_section(private, &mut out);
    out.push_str("// ===END PRIVATE DOMAINS===\n");
    out
}

/// Writes the rules of one packed section: `label[?][(children)]` items
/// separated by commas, `?` marking a label that is not a rule itself.
fn unpack_section(mut rest: &str, out: &mut String) {
    let mut path: Vec<&str> = Vec::new();
    loop {
        let end = rest.find([',', '(', ')', '?']).unwrap_or(rest.len());
        let (label, after) = rest.split_at(end);
        rest = after;
        path.push(label);
        match rest.strip_prefix('?') {
            Some(after) => rest = after,
            None if !label.is_empty() => {
                for (i, l) in path.iter().rev().enumerate() {
                    if i > 0 {
                        out.push('.');
                    }
                    out.push_str(l);
                }
                out.push('\n');
            }
            None => {}
        }
        match rest.strip_prefix('(') {
            Some(after) => {
                rest = after;
                continue;
            }
            None => {
                path.pop();
            }
        }
        // Close finished parents until the next sibling or the end.
        loop {
            if let Some(after) = rest.strip_prefix(',') {
                rest = after;
                break;
            } else if let Some(after) = rest.strip_prefix(')') {
                rest = after;
                path.pop();
            } else {
                return;
            }
        }
    }
}

/// The registrable domain (public suffix plus one label) of a lowercase
/// ASCII host, or `None` for a public suffix itself or a name the list
/// cannot place.
pub fn registrable(host: &str) -> Option<&str> {
    let domain = list()?.domain(host.as_bytes())?;
    let len = domain.as_bytes().len();
    host.get(host.len().checked_sub(len)?..)
}

/// Whether the host's public suffix is a private one: a shared hosting or
/// platform domain such as `github.io`, where anyone can get a name.
pub fn is_private_suffix(host: &str) -> bool {
    list()
        .and_then(|l| l.suffix(host.as_bytes()))
        .and_then(|s| s.typ())
        == Some(Type::Private)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = include_str!("../../../data/public_suffix_list.dat");

    /// The rules of each section of a list's text.
    fn sections(text: &str) -> (Vec<&str>, Vec<&str>) {
        let (mut icann, mut private) = (Vec::new(), Vec::new());
        let mut section = None;
        for line in text.lines() {
            if line.contains("===BEGIN ICANN DOMAINS===") {
                section = Some(&mut icann);
            } else if line.contains("===BEGIN PRIVATE DOMAINS===") {
                section = Some(&mut private);
            } else if line.contains("===END ") {
                section = None;
            } else if let Some(rule) = line.split_whitespace().next() {
                if let (false, Some(rules)) = (rule.starts_with("//"), section.as_deref_mut()) {
                    rules.push(rule);
                }
            }
        }
        icann.sort_unstable();
        private.sort_unstable();
        (icann, private)
    }

    #[test]
    fn the_packed_list_holds_every_rule_in_its_section() {
        let unpacked = unpack(PACKED);
        let (icann, private) = sections(ORIGINAL);
        assert!(icann.len() > 5_000 && private.len() > 2_000);
        assert_eq!(sections(&unpacked), (icann, private));
    }

    #[test]
    fn every_rule_places_domains_as_the_original_list_does() {
        let original = List::from_bytes(ORIGINAL.as_bytes());
        assert!(original.is_ok() && list().is_some(), "both lists parse");
        let (Ok(original), Some(packed)) = (original, list()) else {
            return;
        };
        let (icann, private) = sections(ORIGINAL);
        let mut hosts = 0;
        for rule in icann.iter().chain(&private) {
            let name = rule.trim_start_matches('!').trim_start_matches("*.");
            for host in [
                name.to_string(),
                format!("northwind.{name}"),
                format!("a.b.northwind.{name}"),
            ] {
                let answer = |l: &List| {
                    (
                        l.domain(host.as_bytes()).map(|d| d.as_bytes().to_vec()),
                        l.suffix(host.as_bytes())
                            .map(|s| (s.as_bytes().to_vec(), s.typ())),
                    )
                };
                assert_eq!(answer(packed), answer(&original), "{host}");
                hosts += 1;
            }
        }
        assert!(hosts > 20_000);
    }

    #[test]
    fn the_embedded_list_parses_and_places_domains() {
        assert!(list().is_some(), "data/public_suffix_list.dat must parse");
        assert_eq!(
            registrable("www.northwind.example.co.uk"),
            Some("example.co.uk")
        );
        assert_eq!(
            registrable("northwind.github.io"),
            Some("northwind.github.io")
        );
        assert_eq!(registrable("a.b.northwind.com"), Some("northwind.com"));
        assert_eq!(registrable("co.uk"), None);
        // IDN rules are in punycode: 公司.cn is a public suffix.
        assert_eq!(
            registrable("www.northwind.xn--55qx5d.cn"),
            Some("northwind.xn--55qx5d.cn")
        );
        assert!(is_private_suffix("northwind.github.io"));
        assert!(!is_private_suffix("northwind.com"));
    }
}
