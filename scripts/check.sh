#!/usr/bin/env bash
# The gate: what CI runs and what every change must pass.
#   fmt check, clippy on all targets with warnings as errors, the whole test suite, the docs.
# Usage: scripts/check.sh            (from anywhere inside the repository)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy --all-targets -D warnings"
cargo clippy --all-targets --locked -- -D warnings

# The README's test command, exactly: unit, integration, pseudo-terminal and doc tests.
step "cargo test"
cargo test --locked --no-fail-fast

# Private items too, so that the links in comments between modules do not rot.
step "cargo doc -D warnings"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --document-private-items --locked --quiet

step "all checks passed"
