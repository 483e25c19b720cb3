#!/usr/bin/env bash
# html-screenshot.sh REPORT.html OUT.png
#
# Renders an slsguard HTML report in headless Chromium, with the network
# features that would phone home turned off, writes a screenshot, and checks
# that the page's script drew every chart: each canvas carries
# data-drawn="true" once drawn. Needs Chromium (Debian: apt-get install -y
# chromium). Not part of `go test`, which runs where no browser is.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 REPORT.html OUT.png" >&2
	exit 2
fi
report=$1
out=$2
[ -f "$report" ] || { echo "$0: $report: no such file" >&2; exit 2; }

browser=""
for b in chromium chromium-browser google-chrome; do
	if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
[ -n "$browser" ] || { echo "$0: Chromium not found (apt-get install -y chromium)" >&2; exit 2; }

url="file://$(cd "$(dirname "$report")" && pwd)/$(basename "$report")"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
	--disable-background-networking --disable-component-update --disable-sync
	--user-data-dir="$profile" --window-size=1280,2000)

"$browser" "${flags[@]}" --screenshot="$out" "$url" 2>/dev/null
[ -s "$out" ] || { echo "$0: no screenshot written to $out" >&2; exit 1; }

dom=$("$browser" "${flags[@]}" --dump-dom "$url" 2>/dev/null)
canvases=$(grep -o '<canvas id="chart-[a-z]*"[^>]*>' <<<"$dom" || true)
total=$(grep -c . <<<"$canvases" || true)
drawn=$(grep -c 'data-drawn="true"' <<<"$canvases" || true)
if [ "$total" -eq 0 ] || [ "$drawn" -ne "$total" ]; then
	echo "$0: $drawn of $total charts drawn" >&2
	exit 1
fi
echo "screenshot: $out; charts drawn: $drawn of $total"
