//! The CLI as data: each `tests/cli/*.toml` gives arguments, the expected
//! exit status and the exact output (`TRYCMD=overwrite` rewrites them).
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cli/*.toml");
}
