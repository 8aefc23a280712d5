//! The Public Suffix List: which part of a host name someone owns.
//!
//! `co.uk` and `github.io` are endings others register names under, so the
//! owner of `northwind.github.io` is whoever registered `northwind`, not
//! GitHub and not Northwind Security. The list is `data/public_suffix_list.dat`
//! (refreshed by `scripts/update-psl.sh`), parsed once on first use by the
//! `publicsuffix` crate. Compiling the list into code instead (the `psl`
//! crate) is faster to start but costs about 230 KB of the gzipped wasm
//! package against 45 KB for the text (docs/benchmarks.md).

use std::sync::OnceLock;

use publicsuffix::{List, Psl as _, Type};

static LIST_TEXT: &[u8] = include_bytes!("../../../data/public_suffix_list.dat");

fn list() -> Option<&'static List> {
    static LIST: OnceLock<Option<List>> = OnceLock::new();
    LIST.get_or_init(|| List::from_bytes(LIST_TEXT).ok())
        .as_ref()
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
