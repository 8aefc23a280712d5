//! The Public Suffix List: which part of a host name someone owns.
//!
//! `co.uk` and `github.io` are endings others register names under, so the
//! owner of `northwind.github.io` is whoever registered `northwind`, not
//! GitHub and not Northwind Security. The list is `data/public_suffix_list.dat`
//! (refreshed by `scripts/update-psl.sh`), packed by `build.rs` as a tree of
//! labels in breadth-first order (about 35 KB gzipped in the wasm package).
//!
//! Why not the `publicsuffix` crate at run time, as before: it parses the
//! list's text into a map of maps on first use, 35 million instructions
//! natively, most of the cost of opening a directory, and, in a browser, the
//! first code a freshly started service worker runs, before its wasm is
//! optimised (docs/benchmarks.md, "The Public Suffix List at start-up").
//! Here the packed tree is indexed in one pass over its bytes, with no copy
//! of a label, and looked up by halving each node's sorted children. The
//! rules of the lookup are the crate's, line for line (`find`, and
//! `suffix`/`domain` from `psl-types`), and the tests check every rule of the
//! original file, and random names, against the crate reading that file.
//! Compiling the list into code instead (the `psl` crate) costs about 230 KB
//! of the gzipped package (docs/benchmarks.md).

use std::sync::OnceLock;

/// The list packed by `build.rs` (see there for the form).
static PACKED: &str = include_str!(concat!(env!("OUT_DIR"), "/public_suffix_list.packed"));

/// The section a rule comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Icann,
    Private,
}

/// One name of the tree: its label in `PACKED`, its rule, its children.
#[derive(Clone, Copy, Debug)]
struct Node {
    /// Where the label starts in `PACKED`.
    at: u32,
    /// The label's length (labels are under 64 bytes).
    len: u8,
    /// The rule the name ending here is, if any: its section, and whether it
    /// is an exception (`!www.ck`).
    rule: Option<(Section, bool)>,
    /// The first child's index in `Tree::nodes`.
    first: u32,
    /// How many children.
    count: u32,
}

/// A packed list, indexed: `nodes[0]` is the root (no label); the labels
/// are read from `packed`.
struct Tree<'p> {
    packed: &'p str,
    nodes: Vec<Node>,
}

fn tree() -> Option<&'static Tree<'static>> {
    static TREE: OnceLock<Option<Tree<'static>>> = OnceLock::new();
    TREE.get_or_init(|| Tree::index(PACKED)).as_ref()
}

impl<'p> Tree<'p> {
    /// Indexes the packed tree, or `None` if it is not in the form `build.rs`
    /// writes (then no host has a registrable domain).
    fn index(packed: &'p str) -> Option<Tree<'p>> {
        let bytes = packed.as_bytes();
        let (top, mut at) = read_count(bytes, 0)?;
        if bytes.get(at) != Some(&b';') {
            return None;
        }
        at += 1;
        let mut nodes = Vec::with_capacity(bytes.len() / 6);
        nodes.push(Node {
            at: 0,
            len: 0,
            rule: None,
            first: 1,
            count: top,
        });
        // The children of node i follow those of node i - 1.
        let mut next_first: u32 = 1u32.checked_add(top)?;
        while at < bytes.len() {
            let start = at;
            while bytes
                .get(at)
                .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'*'))
            {
                at += 1;
            }
            let len = u8::try_from(at - start).ok().filter(|&l| l > 0)?;
            let rule = match bytes.get(at)? {
                b'?' => None,
                b'=' => Some((Section::Icann, false)),
                b'+' => Some((Section::Private, false)),
                b'!' => Some((Section::Icann, true)),
                b'^' => Some((Section::Private, true)),
                _ => return None,
            };
            let (count, after) = read_count(bytes, at + 1)?;
            at = after;
            match bytes.get(at) {
                Some(b',') => at += 1,
                None => {}
                Some(_) => return None,
            }
            nodes.push(Node {
                at: u32::try_from(start).ok()?,
                len,
                rule,
                first: next_first,
                count,
            });
            next_first = next_first.checked_add(count)?;
        }
        // Every child counted is a node read, and no more.
        (usize::try_from(next_first).ok()? == nodes.len()).then_some(Tree { packed, nodes })
    }

    fn label(&self, node: &Node) -> &'p [u8] {
        let at = node.at as usize;
        self.packed
            .as_bytes()
            .get(at..at + usize::from(node.len))
            .unwrap_or(&[])
    }

    /// The child of `parent` labelled `label`: the children are sorted by
    /// their bytes.
    fn child(&self, parent: &Node, label: &[u8]) -> Option<&Node> {
        let first = parent.first as usize;
        let children = self.nodes.get(first..first + parent.count as usize)?;
        let i = children
            .binary_search_by(|c| self.label(c).cmp(label))
            .ok()?;
        children.get(i)
    }

    /// The length of the public suffix of a name given by its labels from
    /// the right, and the section of the rule that said so (`None`: no rule,
    /// the implicit `*`): the `publicsuffix` crate's `List::find`.
    fn find<'a>(&self, mut labels: impl Iterator<Item = &'a [u8]>) -> (usize, Option<Section>) {
        let Some(root) = self.nodes.first() else {
            return (0, None);
        };
        let Some(top) = labels.next() else {
            return (0, None);
        };
        let mut len = top.len();
        let Some(mut node) = self.child(root, top) else {
            return (len, None);
        };
        let mut section = node.rule.map(|(s, _)| s);
        let mut so_far = len;
        for label in labels {
            let Some(next) = self.child(node, label).or_else(|| self.child(node, b"*")) else {
                break;
            };
            node = next;
            let with_dot = label.len() + 1;
            if let Some((s, exception)) = node.rule {
                section = Some(s);
                if exception {
                    len = so_far;
                    break;
                }
                len = so_far + with_dot;
            }
            so_far += with_dot;
        }
        (len, section)
    }

    /// The public suffix of `name` (with its final dot, if it has one) and
    /// its section: `psl-types`' `List::suffix`.
    fn suffix<'n>(&self, name: &'n [u8]) -> Option<(&'n [u8], Option<Section>)> {
        let mut labels = name.rsplit(|&b| b == b'.');
        let fqdn = name.ends_with(b".");
        if fqdn {
            labels.next();
        }
        let (mut len, section) = self.find(labels);
        if fqdn {
            len += 1;
        }
        if len == 0 {
            return None;
        }
        let bytes = name.get(name.len().checked_sub(len)?..)?;
        Some((bytes, section))
    }

    /// The registrable domain of `name`: `psl-types`' `List::domain`.
    fn domain<'n>(&self, name: &'n [u8]) -> Option<&'n [u8]> {
        let (suffix, _) = self.suffix(name)?;
        let (name_len, suffix_len) = (name.len(), suffix.len());
        if name_len < suffix_len + 2 {
            return None;
        }
        let subdomain = name.get(..name_len - (1 + suffix_len))?;
        let root_label = subdomain.rsplit(|&b| b == b'.').next()?;
        name.get(name_len - (root_label.len() + 1 + suffix_len)..)
    }
}

/// A decimal count at `at` (none written: 0), and where it ends.
fn read_count(bytes: &[u8], mut at: usize) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    while let Some(&b) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
        n = n.checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
        at += 1;
    }
    Some((n, at))
}

/// The registrable domain (public suffix plus one label) of a lowercase
/// ASCII host, or `None` for a public suffix itself or a name the list
/// cannot place.
pub fn registrable(host: &str) -> Option<&str> {
    let domain = tree()?.domain(host.as_bytes())?;
    host.get(host.len().checked_sub(domain.len())?..)
}

/// Whether the host's public suffix is a private one: a shared hosting or
/// platform domain such as `github.io`, where anyone can get a name.
pub fn is_private_suffix(host: &str) -> bool {
    tree()
        .and_then(|t| t.suffix(host.as_bytes()))
        .and_then(|(_, section)| section)
        == Some(Section::Private)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use publicsuffix::{List, Psl as _, Type};

    const ORIGINAL: &str = include_str!("../../../data/public_suffix_list.dat");

    /// The crate reading the original file: what the packed tree must answer.
    fn original() -> &'static List {
        static LIST: OnceLock<List> = OnceLock::new();
        LIST.get_or_init(|| List::from_bytes(ORIGINAL.as_bytes()).unwrap_or_default())
    }

    /// The rules of the original file, both sections.
    fn rules() -> Vec<&'static str> {
        ORIGINAL
            .lines()
            .filter_map(|l| l.split_whitespace().next())
            .filter(|r| !r.starts_with("//"))
            .collect()
    }

    /// (registrable domain, (suffix, private?)) as the crate says and as
    /// the packed tree says.
    type Answer = (Option<Vec<u8>>, Option<(Vec<u8>, Option<bool>)>);

    fn both(host: &str) -> (Answer, Answer) {
        let l = original();
        let theirs = (
            l.domain(host.as_bytes()).map(|d| d.as_bytes().to_vec()),
            l.suffix(host.as_bytes())
                .map(|s| (s.as_bytes().to_vec(), s.typ().map(|t| t == Type::Private))),
        );
        let t = tree();
        let ours = (
            t.and_then(|t| t.domain(host.as_bytes()))
                .map(<[u8]>::to_vec),
            t.and_then(|t| t.suffix(host.as_bytes()))
                .map(|(s, sec)| (s.to_vec(), sec.map(|s| s == Section::Private))),
        );
        (theirs, ours)
    }

    #[test]
    fn every_rule_places_domains_as_the_original_list_does() {
        assert!(
            !original().is_empty() && tree().is_some(),
            "both lists read"
        );
        let rules = rules();
        assert!(rules.len() > 9_000, "{} rules", rules.len());
        let mut hosts = 0;
        for rule in &rules {
            let name = rule.trim_start_matches('!').trim_start_matches("*.");
            for host in [
                name.to_string(),
                format!("northwind.{name}"),
                format!("a.b.northwind.{name}"),
                format!("www.{name}"),
                format!("northwind.{name}."),
                rule.replace('*', "wild"),
            ] {
                let (theirs, ours) = both(&host);
                assert_eq!(ours, theirs, "{host}");
                hosts += 1;
            }
        }
        assert!(hosts > 50_000);
    }

    /// Labels the list uses (so that random names hit its rules), and some
    /// it does not.
    fn label() -> impl Strategy<Value = String> {
        let mut known: Vec<String> = rules()
            .iter()
            .flat_map(|r| r.trim_start_matches('!').split('.'))
            .map(str::to_string)
            .collect();
        known.sort_unstable();
        known.dedup();
        prop_oneof![
            3 => proptest::sample::select(known),
            1 => "[a-z0-9*-]{0,6}",
        ]
    }

    proptest! {
        #[test]
        fn random_names_are_placed_as_the_original_list_does(
            labels in proptest::collection::vec(label(), 0..6),
            dot in proptest::bool::ANY,
        ) {
            let mut host = labels.join(".");
            if dot {
                host.push('.');
            }
            let (theirs, ours) = both(&host);
            prop_assert_eq!(ours, theirs, "{}", host);
        }

        /// Names built from a rule: labels added in front, some of its own
        /// left out, its wildcard filled in.
        #[test]
        fn names_near_a_rule_are_placed_as_the_original_list_does(
            rule in proptest::sample::select(rules()),
            front in proptest::collection::vec(label(), 0..3),
            drop in 0usize..3,
            fill in label(),
            dot in proptest::bool::ANY,
        ) {
            let mut own: Vec<String> = rule
                .trim_start_matches('!')
                .split('.')
                .map(|l| if l == "*" { fill.clone() } else { l.to_string() })
                .collect();
            own.drain(..drop.min(own.len().saturating_sub(1)));
            let mut host = [front, own].concat().join(".");
            if dot {
                host.push('.');
            }
            let (theirs, ours) = both(&host);
            prop_assert_eq!(ours, theirs, "{}", host);
        }

        #[test]
        fn any_text_is_placed_as_the_original_list_does(host in "[a-z.*!-]{0,24}|\\PC{0,12}") {
            let (theirs, ours) = both(&host);
            prop_assert_eq!(ours, theirs, "{}", host);
        }

        #[test]
        fn a_damaged_packed_list_is_refused_or_read_without_panic(
            cut in 0usize..PACKED.len(),
            junk in "[a-z0-9=?+!^,;*]{0,8}",
        ) {
            let cut = cut.min(PACKED.len());
            let damaged = format!("{}{junk}", PACKED.get(..cut).unwrap_or(""));
            // A cut tree no longer holds the children it counts.
            if let Some(t) = Tree::index(&damaged) {
                let _ = t.domain(b"www.northwind.co.uk");
            }
        }
    }

    #[test]
    fn a_packed_list_that_does_not_add_up_is_refused() {
        assert!(Tree::index("1;com=").is_some());
        assert!(
            Tree::index("2;com=").is_none(),
            "a child counted, not there"
        );
        assert!(Tree::index("1;com=,net=").is_none(), "a node not counted");
        assert!(Tree::index("1;com=1,co=").is_some());
        assert!(Tree::index("1;com=1").is_none());
        assert!(Tree::index("1;com#").is_none(), "an unknown mark");
        assert!(Tree::index("1;=").is_none(), "an empty label");
        assert!(Tree::index("").is_none());
    }

    #[test]
    fn the_embedded_list_parses_and_places_domains() {
        assert!(tree().is_some(), "the packed list must index");
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
        // Wildcards and their exceptions: *.ck, !www.ck.
        assert_eq!(registrable("a.b.ck"), Some("a.b.ck"));
        assert_eq!(registrable("www.ck"), Some("www.ck"));
        assert_eq!(registrable("a.www.ck"), Some("www.ck"));
        // A name under no rule: its last label is the suffix (the implicit *).
        assert_eq!(
            registrable("a.northwind.invalidtld"),
            Some("northwind.invalidtld")
        );
        assert!(is_private_suffix("northwind.github.io"));
        assert!(!is_private_suffix("northwind.com"));
        assert!(!is_private_suffix("northwind.invalidtld"));
    }
}
