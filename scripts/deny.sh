#!/usr/bin/env bash
# Checks the crates the tool ships against deny.toml: licences (permissive only), bans (no two
# versions of a crate without a recorded reason, no crate the project has ruled out) and
# sources (crates.io only).
#
# cargo-deny is installed from crates.io when missing (`cargo install --locked`, about ten
# minutes on a 2-core machine; it stays in ~/.cargo/bin, so later runs start at once — cache
# that folder in CI).
#
# Advisories (`cargo deny check advisories`) are NOT checked here: they need the RustSec
# advisory database, fetched from GitHub, which this project's CI machines cannot reach. Run
# `cargo deny check advisories` where the network allows it (a release machine, a scheduled job).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo-deny >/dev/null 2>&1; then
    echo "scripts/deny.sh: installing cargo-deny from crates.io (once; it stays in ~/.cargo/bin)" >&2
    cargo install --locked cargo-deny
fi

cargo deny --offline check licenses bans sources
echo "scripts/deny.sh: advisories not checked (the RustSec database cannot be fetched here)" >&2
