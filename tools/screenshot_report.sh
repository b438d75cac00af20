#!/usr/bin/env bash
# Takes a screenshot of an HTML report (regsim report) with headless Chromium.
# Usage: tools/screenshot_report.sh REPORT.html OUT.png [WIDTH,HEIGHT]   (default 1400,5000)
# Exit codes: 0 written; 2 bad arguments; 3 no Chromium (install Debian's chromium, e.g.
# bash tools/setup.sh); 1 Chromium ran but wrote no PNG.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: $0 REPORT.html OUT.png [WIDTH,HEIGHT]" >&2
  exit 2
fi
report=$1 out=$2 size=${3:-1400,5000}
[ -f "$report" ] || { echo "screenshot_report: $report: no such file" >&2; exit 2; }
chrome=""
for c in chromium chromium-browser google-chrome; do
  if command -v "$c" > /dev/null 2>&1; then chrome=$(command -v "$c"); break; fi
done
[ -n "$chrome" ] || { echo "screenshot_report: no chromium found (apt-get install chromium)" >&2; exit 3; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
abs_report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
mkdir -p "$(dirname "$out")"
abs_out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
rm -f "$abs_out"
# --no-sandbox: needed as root and in containers; a throw-away profile keeps runs independent.
HOME=$profile "$chrome" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --no-first-run --user-data-dir="$profile/chrome" --window-size="$size" \
  --screenshot="$abs_out" "file://$abs_report" > "$profile/log.txt" 2>&1 || true
if [ ! -s "$abs_out" ]; then
  echo "screenshot_report: chromium wrote no screenshot:" >&2
  tail -n 20 "$profile/log.txt" >&2
  exit 1
fi
echo "wrote $out"
