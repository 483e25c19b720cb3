#!/usr/bin/env bash
# fetch-sarif-schema.sh
#
# Puts the SARIF 2.1.0 JSON schema where internal/report's SARIF validation
# test looks for it (internal/report/testdata/sarif-schema/, ignored by git).
# The schema comes from the npm package @microsoft/jest-sarif, which ships
# it as lib/schemas/sarif-2.1.0-rtm.5.json (the 2.1.0 schema as released by
# the OASIS SARIF TC; the package is MIT-licensed). The file's checksum is
# pinned, so a changed download fails here rather than in the test.
# Needs npm and access to the npm registry; the test skips without the file.
set -euo pipefail

pkg=@microsoft/jest-sarif@1.0.0-beta.0
member=package/lib/schemas/sarif-2.1.0-rtm.5.json
sum=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8

root=$(cd "$(dirname "$0")/.." && pwd)
dest=$root/internal/report/testdata/sarif-schema/sarif-2.1.0-rtm.5.json
if [ -f "$dest" ] && echo "$sum  $dest" | sha256sum -c --status; then
	echo "$dest is up to date"
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "$pkg" >/dev/null)
tar -xzf "$tmp"/*.tgz -C "$tmp" "$member"
echo "$sum  $tmp/$member" | sha256sum -c --status || {
	echo "$0: checksum of $member in $pkg differs from the pinned one" >&2
	exit 1
}
mkdir -p "$(dirname "$dest")"
cp "$tmp/$member" "$dest"
echo "wrote $dest"
