#!/usr/bin/env bash
# Opens the pages in Debian's chromium with Playwright (tests/browser/): every
# test at 1280 px and 360 px wide, axe's WCAG 2.x A/AA checks at each state,
# no request to another origin, a screenshot of each state.
# Usage: scripts/browser-tests.sh [path/to/medlemsbudget] [pytest arguments...]
#   (default binary: target/debug/medlemsbudget)
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-target/debug/medlemsbudget}"
shift || true
venv="${BROWSER_TESTS_VENV:-${HOME}/.cache/medlemsbudget/browser-venv}"
requirements=tests/browser/requirements.txt
chromium="${CHROMIUM:-/usr/bin/chromium}"

if [ ! -x "${binary}" ]; then
  echo "no binary at ${binary}: cargo build -p medlemsbudget --bin medlemsbudget"; exit 1
fi

# The venv is reused while it was made from the same requirements.
stamp="${venv}/requirements.sha256"
wanted=$(sha256sum "${requirements}" | awk '{print $1}')
if [ "$(cat "${stamp}" 2>/dev/null || true)" != "${wanted}" ] || [ ! -x "${venv}/bin/pytest" ]; then
  python3 -m venv "${venv}"
  "${venv}/bin/pip" install --quiet --disable-pip-version-check -r "${requirements}"
  echo "${wanted}" > "${stamp}"
fi

# Debian's chromium, never a browser of Playwright's own (that download fails offline).
if [ ! -x "${chromium}" ]; then
  apt-get update -qq && apt-get install -y -qq chromium
fi
"${chromium}" --version 2>/dev/null | grep -v '^\s*$' | tail -n 1 || true

status=0
MEDLEMSBUDGET_BIN="$(realpath "${binary}")" CHROMIUM="${chromium}" \
  "${venv}/bin/pytest" tests/browser "$@" || status=$?
echo "screenshots: $(pwd)/tests/browser/screenshots/ ($(find tests/browser/screenshots -name '*.png' 2>/dev/null | wc -l) files)"
exit "${status}"
