#!/usr/bin/env bash
# Refreshes the RustSec advisory snapshot in deny/advisory-db that
# `cargo xtask deny` checks against (CI cannot reach GitHub). Run where
# GitHub is reachable, then commit deny/advisory-db.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q --depth 1 https://github.com/rustsec/advisory-db "$tmp/db"
rm -rf deny/advisory-db
mkdir -p deny/advisory-db
git -C "$tmp/db" archive HEAD crates rust LICENSE.txt | tar -x -C deny/advisory-db
echo "rustsec/advisory-db $(git -C "$tmp/db" log -1 --format='%H %cI')" > deny/advisory-db/SNAPSHOT
cat deny/advisory-db/SNAPSHOT
