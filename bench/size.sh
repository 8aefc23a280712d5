#!/usr/bin/env bash
# Size report for the wasm package (numbers go into docs/benchmarks.md).
#
#   bash bench/size.sh            wasm-opt levels, per-crate code, probes
#   bash bench/size.sh --variants also rebuilds with opt-level "s" and "z"
#                                 (one LTO build each: several minutes)
#
# Run scripts/build.sh first. Sections:
#   1. dist/pkg as shipped, raw and gzipped;
#   2. wasm-opt -O3 / -Os / -Oz on the same wasm-bindgen output, each with
#      its verify speed (bench/verify.mjs --pkg);
#   3. code bytes per crate, from a build that keeps function names
#      (bench/wasm-sizes.mjs);
#   4. what each dependency adds, data tables included: tiny probe modules
#      that each use one dependency the way Countersign does, built with the
#      same profile and versions (Cargo.lock), minus an empty baseline.
# Build products go under target/size*; nothing in the repository changes.
set -euo pipefail
cd "$(dirname "$0")/.."

variants=0
[ "${1:-}" = "--variants" ] && variants=1

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
gz() { gzip -9 -c "$1" | wc -c; }
raw() { wc -c <"$1"; }
opt_features=(--enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext
  --enable-mutable-globals --enable-nontrapping-float-to-int
  --enable-reference-types --enable-multivalue)
wasm_opt() { node_modules/.bin/wasm-opt "${opt_features[@]}" "$@"; }
# wasm-bindgen warns that strip = true removed the target_features section;
# wasm_opt above names the features instead, so drop that one line.
bindgen() {
  wasm-bindgen "$@" 2> >(grep -v "target_features. custom section is missing" >&2)
}

shipped=dist/pkg/countersign_bg.wasm
if [ ! -f "$shipped" ]; then
  echo "size.sh: $shipped is missing; run scripts/build.sh first" >&2
  exit 1
fi

section "1. shipped (dist/pkg)"
printf '%-34s %9s bytes raw %9s gzipped\n' "$shipped" "$(raw "$shipped")" "$(gz "$shipped")"

section "2. wasm-opt levels (same wasm-bindgen output)"
work=target/size/levels
rm -rf "$work"
mkdir -p "$work"
bindgen --target web --out-dir "$work/none" \
  target/wasm32-unknown-unknown/wasm/countersign.wasm
printf '%-8s %9s %9s   %s\n' level raw gzip "verify (wasm signature only / verifyNotice, ops/s)"
for level in none -O3 -Os -Oz; do
  dir="$work/${level#-}"
  if [ "$level" != none ]; then
    cp -R "$work/none" "$dir"
    wasm_opt "$level" "$work/none/countersign_bg.wasm" -o "$dir/countersign_bg.wasm"
  fi
  speed=$(node bench/verify.mjs --pkg "$dir" --seconds 2 --json |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s).results;
      const f=(n)=>Math.round(r.find(x=>x.name===n).opsPerSecond);
      console.log(`${f("wasm signature only")} / ${f("wasm verifyNotice")}`)})')
  printf '%-8s %9s %9s   %s\n' "$level" "$(raw "$dir/countersign_bg.wasm")" "$(gz "$dir/countersign_bg.wasm")" "$speed"
done

if [ "$variants" = 1 ]; then
  section "2b. Rust opt-level variants (wasm-opt -O3 after each)"
  for opt in 3 s z; do
    dir=target/size/opt-$opt
    CARGO_PROFILE_RELEASE_OPT_LEVEL=$opt CARGO_TARGET_DIR=target/size/build-opt-$opt \
      cargo rustc --quiet --lib --release --no-default-features --target wasm32-unknown-unknown \
      --crate-type cdylib
    rm -rf "$dir"
    bindgen --target web --out-dir "$dir" \
      target/size/build-opt-$opt/wasm32-unknown-unknown/release/countersign.wasm
    wasm_opt -O3 "$dir/countersign_bg.wasm" -o "$dir/countersign_bg.wasm"
    speed=$(node bench/verify.mjs --pkg "$dir" --seconds 2 --json |
      node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s).results;
        console.log(Math.round(r.find(x=>x.name==="wasm signature only").opsPerSecond))})')
    printf 'opt-level %-3s %9s raw %9s gzip   %s verify/s\n' "$opt" \
      "$(raw "$dir/countersign_bg.wasm")" "$(gz "$dir/countersign_bg.wasm")" "$speed"
  done
fi

section "3. code bytes per crate (names kept; before wasm-opt)"
CARGO_PROFILE_WASM_STRIP=false CARGO_TARGET_DIR=target/size/named \
  cargo rustc --quiet --lib --profile wasm --no-default-features --features detect --target wasm32-unknown-unknown \
  --crate-type cdylib
rm -rf target/size/named-pkg
bindgen --target web --keep-debug --out-dir target/size/named-pkg \
  target/size/named/wasm32-unknown-unknown/wasm/countersign.wasm
node bench/wasm-sizes.mjs target/size/named-pkg/countersign_bg.wasm --top 20

section "4. what each dependency adds (probe modules, wasm-opt -O3)"
probe=target/size/probe
mkdir -p "$probe/src"
cp Cargo.lock "$probe/Cargo.lock"
cp data/public_suffix_list.dat "$probe/public_suffix_list.dat"
cat >"$probe/Cargo.toml" <<'TOML'
[package]
name = "size-probe"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
crate-type = ["cdylib"]
path = "src/lib.rs"

[workspace]

[features]
verify = ["dep:ed25519-dalek"]
sign = ["dep:ed25519-dalek"]
sha256 = ["dep:sha2"]
nfc = ["dep:unicode-normalization"]
words = ["dep:pgp-words"]
json = ["dep:serde", "dep:serde_json"]
jsvalue = ["dep:serde", "dep:serde-wasm-bindgen"]
base64 = ["dep:base64"]
fmt = []
psl = ["dep:publicsuffix"]
confusables = ["dep:unicode-security"]
idna = ["dep:idna", "dep:idna_adapter"]
mail = ["dep:mail-parser"]

[dependencies]
wasm-bindgen = "=0.2.130"
ed25519-dalek = { version = "2.2", default-features = false, features = ["std", "fast", "zeroize"], optional = true }
sha2 = { version = "0.10", default-features = false, optional = true }
unicode-normalization = { version = "0.1", default-features = false, features = ["std"], optional = true }
pgp-words = { version = "1.1", optional = true }
serde = { version = "1", default-features = false, features = ["derive", "std"], optional = true }
serde_json = { version = "1", default-features = false, features = ["std"], optional = true }
serde-wasm-bindgen = { version = "0.6", optional = true }
base64 = { version = "0.22", default-features = false, features = ["alloc"], optional = true }
publicsuffix = { version = "2.3", default-features = false, features = ["punycode"], optional = true }
unicode-security = { version = "0.1", optional = true }
idna = { version = "1", optional = true }
idna_adapter = { version = "=1.1.0", optional = true }
mail-parser = { version = "0.11", default-features = false, optional = true }

[profile.release]
opt-level = 3
lto = true
codegen-units = 1
panic = "abort"
strip = true
TOML
cat >"$probe/src/lib.rs" <<'RUST'
//! One export per feature, each using one dependency as Countersign does.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub fn baseline(text: &str) -> String {
    text.to_string()
}

#[cfg(feature = "verify")]
#[wasm_bindgen]
pub fn verify(key: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (Ok(key), Ok(signature)) = (<[u8; 32]>::try_from(key), ed25519_dalek::Signature::from_slice(signature)) else {
        return false;
    };
    ed25519_dalek::VerifyingKey::from_bytes(&key).is_ok_and(|k| !k.is_weak() && k.verify_strict(message, &signature).is_ok())
}

#[cfg(feature = "sign")]
#[wasm_bindgen]
pub fn sign(seed: &[u8], message: &[u8]) -> Vec<u8> {
    use ed25519_dalek::Signer as _;
    let seed: [u8; 32] = seed.try_into().unwrap_or([0; 32]);
    ed25519_dalek::SigningKey::from_bytes(&seed).sign(message).to_bytes().to_vec()
}

#[cfg(feature = "sha256")]
#[wasm_bindgen]
pub fn sha256(data: &[u8]) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(data).to_vec()
}

#[cfg(feature = "nfc")]
#[wasm_bindgen]
pub fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    text.nfc().collect()
}

#[cfg(feature = "words")]
#[wasm_bindgen]
pub fn words(bytes: &[u8]) -> String {
    let words = pgp_words::to_words(bytes).join(" ");
    let back: Vec<&str> = words.split(' ').collect();
    if pgp_words::to_bytes(&back).is_some() { words } else { String::new() }
}

#[cfg(any(feature = "json", feature = "jsvalue"))]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Claims {
    v: u32,
    kid: String,
    agt: String,
    iat: i64,
    tkt: Option<String>,
}

#[cfg(feature = "json")]
#[wasm_bindgen]
pub fn json(text: &str) -> String {
    match serde_json::from_str::<Claims>(text) {
        Ok(claims) => serde_json::to_string(&claims).unwrap_or_default(),
        Err(e) => e.to_string(),
    }
}

#[cfg(feature = "jsvalue")]
#[wasm_bindgen]
pub fn jsvalue(value: JsValue) -> JsValue {
    use serde::Serialize as _;
    match serde_wasm_bindgen::from_value::<Claims>(value) {
        Ok(claims) => claims.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL),
        Err(e) => e.into(),
    }
}

#[cfg(feature = "base64")]
#[wasm_bindgen]
pub fn b64(data: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(data);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text).ok()
}

#[cfg(feature = "psl")]
#[wasm_bindgen]
pub fn registrable(host: &str) -> Option<String> {
    use publicsuffix::Psl as _;
    let list = publicsuffix::List::from_bytes(include_bytes!("../public_suffix_list.dat")).ok()?;
    let domain = list.domain(host.as_bytes())?;
    String::from_utf8(domain.as_bytes().to_vec()).ok()
}

#[cfg(feature = "confusables")]
#[wasm_bindgen]
pub fn skeleton(text: &str) -> String {
    use unicode_security::MixedScript as _;
    let mut out: String = unicode_security::skeleton(text).collect();
    if !text.is_single_script() {
        out.push('!');
    }
    out
}

#[cfg(feature = "idna")]
#[wasm_bindgen]
pub fn to_ascii(host: &str) -> Option<String> {
    let ascii = idna::domain_to_ascii(host).ok()?;
    Some(idna::domain_to_unicode(&ascii).0)
}

#[cfg(feature = "mail")]
#[wasm_bindgen]
pub fn subject(raw: &[u8]) -> Option<String> {
    let message = mail_parser::MessageParser::default().parse(raw)?;
    let from = message.from().and_then(|a| a.first()).and_then(|a| a.address()).unwrap_or_default();
    Some(format!("{from} {}", message.body_text(0).unwrap_or_default()))
}

#[cfg(feature = "fmt")]
#[wasm_bindgen]
pub fn fmt(n: i64, f: f64) -> String {
    format!("{n} {f} {:02x}", n as u8)
}
RUST
build_probe() {
  local name=$1
  shift
  (cd "$probe" && cargo build --quiet --release --target wasm32-unknown-unknown "$@")
  rm -rf "$probe/pkg-$name"
  bindgen --target web --out-dir "$probe/pkg-$name" \
    "$probe/target/wasm32-unknown-unknown/release/size_probe.wasm"
  wasm_opt -O3 "$probe/pkg-$name/size_probe_bg.wasm" -o "$probe/pkg-$name/size_probe_bg.wasm"
  echo "$(raw "$probe/pkg-$name/size_probe_bg.wasm") $(gz "$probe/pkg-$name/size_probe_bg.wasm")"
}
read -r base_raw base_gz < <(build_probe baseline)
printf '%-44s %9s %9s\n' "probe (adds over baseline)" raw gzip
printf '%-44s %9s %9s\n' "baseline (wasm-bindgen, allocator, a string)" "$base_raw" "$base_gz"
for spec in \
  "verify:ed25519-dalek verify_strict" \
  "sign:ed25519-dalek signing (keygen, console)" \
  "verify,sign:ed25519-dalek both" \
  "sha256:sha2 (SHA-256)" \
  "nfc:unicode-normalization (NFC)" \
  "words:pgp-words (phrases)" \
  "json:serde + serde_json (derive)" \
  "jsvalue:serde + serde-wasm-bindgen" \
  "base64:base64" \
  "fmt:core::fmt with integers and floats" \
  "psl:publicsuffix + the list as data (148 KB)" \
  "confusables:unicode-security (skeleton, mixed script)" \
  "idna:idna (UTS #46)" \
  "mail:mail-parser (no default features)"; do
  probe_features=${spec%%:*}
  label=${spec#*:}
  read -r r g < <(build_probe "${probe_features//,/-}" --features "$probe_features")
  printf '%-44s %+9d %+9d\n' "$label" $((r - base_raw)) $((g - base_gz))
done
