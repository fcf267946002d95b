#!/usr/bin/env bash
# The pages' speed and weight, on SQLite and PostgreSQL, in one run:
#   - each page's server time under load: medlemsbudget-load --mode pages at concurrency 16
#     against a round in voting with 50 accepted bids and 10,000 members on the roll
#     (every page a visitor, a member, a board and HB open there), then against a
#     round of the same size that 5,000 of its members voted in, counted and
#     published (its result, receipt search, follow-up, HB's pages and the rule
#     comparison), --duration seconds each;
#   - ballots cast through the ballot page's form per second, against ballots through
#     the API on a fresh round of the same shape (alternating, --repeat times);
#   - page weight: HTML + CSS + JS of each page, uncompressed, as curl receives it.
# Usage: scripts/bench-pages.sh [--duration 5] [--repeat 3] [--no-postgres] [--skip-build]
#          [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

duration=5 repeat=3 postgres=1 build=1 out=""
pg_url="postgres://postgres@127.0.0.1:5432/postgres"
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --no-postgres) postgres=0; shift ;;
    --skip-build) build=0; shift ;;
    --pg-url) pg_url="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

target_dir="${CARGO_TARGET_DIR:-target}"
bin="${target_dir}/release"
work=$(mktemp -d)
out="${out:-${target_dir}/bench-pages/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "${out}"
server=""
scratch=""
cleanup() {
  if [ -n "${server}" ]; then kill "${server}" 2>/dev/null || true; wait "${server}" 2>/dev/null || true; fi
  if [ -n "${scratch}" ]; then psql "${pg_url}" -qc "DROP DATABASE IF EXISTS ${scratch}" >/dev/null 2>&1 || true; fi
  rm -rf "${work}"
}
trap cleanup EXIT

if [ "${build}" = 1 ]; then
  cargo build --release -p medlemsbudget -p medlemsbudget-tests --bin medlemsbudget --bin medlemsbudget-load
fi
export MEDLEMSBUDGET_JWT_SECRET MEDLEMSBUDGET_BALLOT_SECRET MEDLEMSBUDGET_SIGNING_KEY
MEDLEMSBUDGET_JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MEDLEMSBUDGET_SIGNING_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MEDLEMSBUDGET_BALLOT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
load() { "${bin}/medlemsbudget-load" --base-url "${base}" --concurrency 16 --members 1000 --bids 50 --roll 10000 "$@"; }

start_server() {
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  base="http://127.0.0.1:${port}"
  "${bin}/medlemsbudget" serve --bind "127.0.0.1:${port}" --database-url "$1" --db-max-connections 16 \
    >"${work}/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do
    curl -fsS "${base}/readyz" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "serve did not become ready:" >&2; cat "${work}/serve.log" >&2; exit 1
}
stop_server() { kill "${server}"; wait "${server}" 2>/dev/null || true; server=""; }

# The cookie header of a session signed in with token $1 (the pages' token sign-in).
session() {
  local csrf=0123456789abcdef0123456789abcdef0123456789abcdef
  curl -s -o /dev/null -D - -H "Cookie: mb_csrf=${csrf}" --data-urlencode "token=$1" --data-urlencode "csrf=${csrf}" \
    "${base}/log-ind/noegle" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(mb_session=[^;]*\).*/\1/p' | head -n 1
}

weigh() {
  local round="$1" published="$3" token
  token=$("${bin}/medlemsbudget" token --database-url "$2" --role member --sub load-member-0 --storkreds fyn 2>/dev/null | tail -n 1)
  hb=$("${bin}/medlemsbudget" token --database-url "$2" --role hb --sub load-hb 2>/dev/null | tail -n 1)
  local assets
  assets=$(( $(curl -s "${base}/assets/app.css" | wc -c) + $(curl -s "${base}/assets/app.js" | wc -c) ))
  echo "| page | HTML bytes | + CSS and JS | total |"
  echo "|---|---|---|---|"
  for page in "/" "/runder/${round}" "/runder/${round}/stemme member" "/hb/runder/${round} hb" "/hb/runder/${round}/log hb" "/log-ind" \
    "/runder/${published}/resultat" "/hb/runder/${published}/sammenlign hb"; do
    set -- ${page}
    local cookie=""
    [ "${2:-}" = member ] && cookie="$(session "${token}")"
    [ "${2:-}" = hb ] && cookie="$(session "${hb}")"
    local html
    html=$(curl -s -H "Cookie: ${cookie}" "${base}$1" | wc -c)
    echo "| \`$1\` ${2:-} | ${html} | ${assets} | $(( html + assets )) |"
  done
}

backend() {
  local name="$1" url="$2"
  echo "== ${name}" | tee -a "${out}/summary.txt"
  start_server "${url}"
  load --setup --mode pages --duration "${duration}" | tee "${out}/${name}-pages.txt"
  local rounds
  rounds=$(curl -s "${base}/api/v1/rounds" -H "Authorization: Bearer $("${bin}/medlemsbudget" token --database-url "${url}" --role hb --sub load-hb | tail -n 1)")
  newest() { python3 -c 'import json, sys; print(max(r["id"] for r in json.load(sys.stdin) if r["phase"] == sys.argv[1]))' "$1"; }
  weigh "$(newest voting <<<"${rounds}")" "${url}" "$(newest published <<<"${rounds}")" | tee "${out}/${name}-weight.md"
  for i in $(seq 1 "${repeat}"); do
    for mode in api form; do
      load --setup --mode "${mode}" --duration "${duration}" --json | head -n 1 >"${out}/${name}-${mode}-${i}.json"
      python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); print(sys.argv[2], sys.argv[3], round(r["ok_per_s"], 1), "ballots/s, p99", round(r["latency_ms"]["p99"], 2), "ms, failed", r["failed"])' \
        "${out}/${name}-${mode}-${i}.json" "${name}" "${mode}" | tee -a "${out}/summary.txt"
    done
  done
  stop_server
}

backend sqlite "sqlite://${work}/pages.db"
if [ "${postgres}" = 1 ]; then
  scratch="bench_pages_$$"
  psql "${pg_url}" -qc "CREATE DATABASE ${scratch}" >/dev/null
  backend postgres "${pg_url%/*}/${scratch}"
fi
echo "results in ${out}"
