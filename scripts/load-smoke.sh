#!/usr/bin/env bash
# CI smoke test of the ballot path under load: `serve` on a SQLite file in a
# temporary folder, medlemsbudget-load casting and revising ballots for 3 seconds,
# and the run must end with "N passed, 0 failed" (N > 0) and exit 0.
# Usage: scripts/load-smoke.sh [debug|release]   (default debug: the profile CI builds)
# Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-debug}"
flag=""
[ "${profile}" = release ] && flag="--release"
cargo build ${flag} -p medlemsbudget -p medlemsbudget-tests --bins
bin="${CARGO_TARGET_DIR:-target}/${profile}"

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "${server}" ]; then kill "${server}" 2>/dev/null || true; wait "${server}" 2>/dev/null || true; fi
  rm -rf "${work}"
}
trap cleanup EXIT
export MEDLEMSBUDGET_JWT_SECRET="load-smoke-jwt-secret-0123456789abcdef"
export MEDLEMSBUDGET_BALLOT_SECRET="load-smoke-ballot-secret-0123456789ab"
export MEDLEMSBUDGET_SIGNING_KEY="load-smoke-signing-key-0123456789abcd"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${bin}/medlemsbudget" serve --bind "127.0.0.1:${port}" --database-url "sqlite://${work}/smoke.db" \
  >"${work}/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 200); do
  curl -fsS "http://127.0.0.1:${port}/readyz" >/dev/null 2>&1 && break
  sleep 0.05
done

status=0
"${bin}/medlemsbudget-load" --base-url "http://127.0.0.1:${port}" --setup \
  --members 40 --concurrency 4 --duration 3 --bids 5 | tee "${work}/load.txt" || status=$?
summary=$(tail -n 1 "${work}/load.txt")
if [ "${status}" != 0 ] || ! [[ "${summary}" =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]]; then
  echo "FAIL: load smoke test (exit ${status}, '${summary}'); server log:"
  tail -n 30 "${work}/serve.log"
  exit 1
fi
echo "ok: load smoke test"
