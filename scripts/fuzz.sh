#!/usr/bin/env bash
# Fuzzes every reader of untrusted input (fuzz/fuzz_targets, cargo-fuzz with
# libFuzzer), starting from the seed corpora in fuzz/corpus and, for the
# email and HTML readers, the detection corpus in tests/corpus.
#
#   bash scripts/fuzz.sh              every target for FUZZ_SECONDS (default 10)
#   bash scripts/fuzz.sh page 600     one target for 600 seconds
#
# Installs what it needs first: the nightly toolchain (minimal profile,
# through rustup) and cargo-fuzz. Inputs a run finds are kept in fuzz/runs/
# (ignored by git), crashes in fuzz/artifacts/<target>/; a crash fails the
# script. The crate forbids unsafe code, so no sanitizer is built in
# (`-s none`): the build is several times faster, and what is left to find,
# panics, overflows (debug assertions are on), hangs and runaway memory, is
# caught without one. docs/fuzzing.md has the numbers of the long runs.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1mfuzz:\033[0m %s\n' "$*" >&2; }

if ! rustup toolchain list | grep -q '^nightly'; then
  log "installing the nightly toolchain (minimal profile)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz (a few minutes, once)"
  cargo +nightly install cargo-fuzz --locked
fi

seconds="${FUZZ_SECONDS:-10}"
if [ "$#" -ge 1 ]; then
  targets=("$1")
  seconds="${2:-$seconds}"
else
  mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
fi

# One build (all targets, or the one named), then the runs.
log "building ${#targets[@]} target(s)"
build_log="$(mktemp)"
build_args=()
if [ "$#" -ge 1 ]; then build_args=("$1"); fi
if ! (cd fuzz && cargo +nightly fuzz build -s none "${build_args[@]}" >"$build_log" 2>&1); then
  # Show the compiler's errors, not the last lines of a backtrace.
  log "the fuzz targets do not build:"
  grep -E '^error' -A12 "$build_log" | head -n 80 >&2 || tail -n 40 "$build_log" >&2
  rm -f "$build_log"
  exit 1
fi
tail -n 2 "$build_log"
rm -f "$build_log"

# Seeds besides fuzz/corpus/<target>: the detection corpus's emails and pages
# are read in place rather than kept twice (libFuzzer reads every directory
# after the first, and writes what it finds only to the first, fuzz/runs/).
seeds_for() {
  case "$1" in
    email) echo "../tests/corpus/emails" ;;
    html_text) echo "../tests/corpus/pages" ;;
  esac
}

for target in "${targets[@]}"; do
  mkdir -p "fuzz/runs/$target"
  log "$target: ${seconds}s"
  dirs=("runs/$target")
  [ -d "fuzz/corpus/$target" ] && dirs+=("corpus/$target")
  for extra in $(seeds_for "$target"); do dirs+=("$extra"); done
  # -rss_limit_mb and -timeout: runaway memory and hangs are failures too.
  (cd fuzz && cargo +nightly fuzz run -s none "$target" "${dirs[@]}" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ *DONE|==[0-9]+== ERROR|.*panicked at|SUMMARY)' || true)
  if [ -n "$(ls -A "fuzz/artifacts/$target" 2>/dev/null)" ]; then
    log "$target: crash inputs in fuzz/artifacts/$target"
    exit 1
  fi
done
log "no crash"
