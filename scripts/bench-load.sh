#!/usr/bin/env bash
# Ballot throughput against the database's own limit, on this machine, in one run.
#
#   SQLite:     `serve` on a file in a temporary folder (WAL, synchronous=FULL, one
#               connection) under medlemsbudget-load, against medlemsbudget-db-limit
#               doing one upsert per transaction on a file beside it, opened the same way.
#   PostgreSQL: `serve` on a scratch database under the same load, against pgbench
#               doing one upsert per transaction at the same concurrency (same server,
#               so the same fsync/synchronous_commit settings). Scratch databases are
#               created and dropped. pgbench also runs the ballot endpoint's own
#               statement (pgbench-ballot.sql in the output: voter + ballot rows written
#               while the round, locked FOR SHARE, is in voting; the round, its bids and
#               roll are read once per round and kept), to show what the ballot's shape costs.
# Each pair runs --repeat times, alternating, and the table shows medians. The server's
# peak RSS is its VmHWM at the end of the run (and the largest VmRSS sampled every 0.2 s).
# medlemsbudget-db-limit --shape service (the endpoint's transaction without HTTP) is
# run too, to show where the time goes. With --baseline-bin, each repeat also runs the load
# against `serve` from that binary (an older build), interleaved, for a before/after under
# the same noise.
#
# Usage: scripts/bench-load.sh [--concurrency 16] [--members 1000] [--duration 10]
#          [--repeat 3] [--bids 10] [--roll 0] [--db-max-connections 10]
#          [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--no-postgres]
#          [--baseline-bin PATH] [--skip-build] [--out DIR]
# Honours CARGO_TARGET_DIR. Exit status 0 even when a target is missed (the table says
# so); non-zero when a run fails outright or a load run sees a 5xx or transport error.
set -euo pipefail
cd "$(dirname "$0")/.."

concurrency=16 members=1000 duration=10 repeat=3 bids=10 roll=0 pool=10
pg_url="postgres://postgres@127.0.0.1:5432/postgres" postgres=1 build=1 out="" baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --concurrency) concurrency="$2"; shift 2 ;;
    --members) members="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --repeat) repeat="$2"; shift 2 ;;
    --bids) bids="$2"; shift 2 ;;
    --roll) roll="$2"; shift 2 ;;
    --db-max-connections) pool="$2"; shift 2 ;;
    --pg-url) pg_url="$2"; shift 2 ;;
    --no-postgres) postgres=0; shift ;;
    --skip-build) build=0; shift ;;
    --baseline-bin) baseline="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

target_dir="${CARGO_TARGET_DIR:-target}"
bin="${target_dir}/release"
work=$(mktemp -d)
out="${out:-${target_dir}/bench-load/$(date +%Y%m%d-%H%M%S)}"
mkdir -p "${out}"
server=""
scratch_dbs=()
cleanup() {
  if [ -n "${server}" ]; then kill "${server}" 2>/dev/null || true; wait "${server}" 2>/dev/null || true; fi
  for db in "${scratch_dbs[@]}"; do
    psql "${pg_url}" -Atqc "DROP DATABASE IF EXISTS \"${db}\" WITH (FORCE)" >/dev/null 2>&1 || true
  done
  rm -rf "${work}"
}
trap cleanup EXIT

export MEDLEMSBUDGET_JWT_SECRET MEDLEMSBUDGET_BALLOT_SECRET MEDLEMSBUDGET_SIGNING_KEY
MEDLEMSBUDGET_JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MEDLEMSBUDGET_SIGNING_KEY="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
MEDLEMSBUDGET_BALLOT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"

if [ "${build}" = 1 ]; then
  echo "=== building release binaries"
  cargo build --release -p medlemsbudget -p medlemsbudget-tests --bins
fi
for b in medlemsbudget medlemsbudget-load medlemsbudget-db-limit; do
  [ -x "${bin}/${b}" ] || { echo "missing ${bin}/${b}; run without --skip-build" >&2; exit 2; }
done

echo "=== machine"
{
  echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit:    $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "nproc:     $(nproc)"
  echo "memory:    $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "cpu:       $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "kernel:    $(uname -r)"
  echo "rustc:     $(rustc --version)"
  echo "sqlite:    libsqlite3-sys $(awk '/^name = "libsqlite3-sys"/ {getline; print $3}' Cargo.lock | tr -d '"') (bundled by sqlx)"
  if [ "${postgres}" = 1 ]; then
    echo "postgres:  $(psql "${pg_url}" -Atqc 'SHOW server_version') (fsync $(psql "${pg_url}" -Atqc 'SHOW fsync'), synchronous_commit $(psql "${pg_url}" -Atqc 'SHOW synchronous_commit'), wal_sync_method $(psql "${pg_url}" -Atqc 'SHOW wal_sync_method'))"
    echo "pgbench:   $(pgbench --version)"
  fi
  echo "load avg:  $(cut -d' ' -f1-3 /proc/loadavg) (before the run)"
  echo "settings:  concurrency ${concurrency}, members ${members}, duration ${duration}s, repeat ${repeat}, bids ${bids}, roll ${roll}, PostgreSQL pool ${pool}"
} | tee "${out}/machine.txt"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Starts serve on $1 (database URL), from binary $2 (default: this build); sets $server and $base.
start_server() {
  local port
  port=$(free_port)
  base="http://127.0.0.1:${port}"
  "${2:-${bin}/medlemsbudget}" serve --bind "127.0.0.1:${port}" --database-url "$1" \
    --db-max-connections "${pool}" >"${work}/serve.log" 2>&1 &
  server=$!
  for _ in $(seq 1 200); do
    curl -fsS "${base}/readyz" >/dev/null 2>&1 && return 0
    kill -0 "${server}" 2>/dev/null || break
    sleep 0.05
  done
  echo "serve did not become ready:" >&2; cat "${work}/serve.log" >&2; exit 1
}

# Runs the load against $base; writes JSON to $1 and the server's memory to $1.mem.
run_load() {
  local json="$1" sampler
  ( peak=0
    while kill -0 "${server}" 2>/dev/null; do
      rss=$(awk '/^VmRSS/ {print $2}' "/proc/${server}/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "${peak}" ] && peak="${rss}" && echo "${peak}" >"${json}.rss"
      sleep 0.2
    done ) &
  sampler=$!
  local status=0
  "${bin}/medlemsbudget-load" --base-url "${base}" --setup --members "${members}" \
    --concurrency "${concurrency}" --duration "${duration}" --bids "${bids}" --roll "${roll}" \
    --json >"${json}.out" || status=$?
  head -n 1 "${json}.out" >"${json}"
  tail -n 1 "${json}.out"
  awk '/^VmHWM/ {print $2}' "/proc/${server}/status" >"${json}.hwm"
  # CPU the server used, user + system, in clock ticks.
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/${server}/stat" >"${json}.cpu"
  kill "${server}"; wait "${server}" 2>/dev/null || true; server=""
  kill "${sampler}" 2>/dev/null || true; wait "${sampler}" 2>/dev/null || true
  if [ "${status}" != 0 ]; then
    echo "FAIL: the load run saw a 5xx or transport error (exit ${status}); server log:" >&2
    tail -n 20 "${work}/serve.log" >&2
    exit 1
  fi
}

run_db_limit() {
  local url="$1" shape="$2" json="$3"
  "${bin}/medlemsbudget-db-limit" --database-url "${url}" --shape "${shape}" --members "${members}" \
    --concurrency "${concurrency}" --duration "${duration}" --bids "${bids}" --roll "${roll}" \
    --db-max-connections "${pool}" --json >"${json}.out"
  head -n 1 "${json}.out" >"${json}"
  tail -n 1 "${json}.out"
}

for r in $(seq 1 "${repeat}"); do
  echo "=== SQLite, run ${r}/${repeat}"
  dir="${work}/sqlite-${r}"; mkdir -p "${dir}"
  start_server "sqlite://${dir}/serve.db"
  echo -n "load:            "; run_load "${out}/sqlite-load-${r}.json"
  if [ -n "${baseline}" ]; then
    start_server "sqlite://${dir}/baseline.db" "${baseline}"
    echo -n "load (baseline): "; run_load "${out}/sqlite-baseline-${r}.json"
  fi
  echo -n "limit (single):  "; run_db_limit "sqlite://${dir}/limit.db" single "${out}/sqlite-limit-${r}.json"
  echo -n "service, no HTTP: "; run_db_limit "sqlite://${dir}/shape.db" service "${out}/sqlite-shape-${r}.json"
  rm -rf "${dir}"
done

if [ "${postgres}" = 1 ]; then
  pg_base="${pg_url%/*}"
  scratch() {
    local name="mb_bench_$$_$1"
    psql "${pg_url}" -Atqc "CREATE DATABASE \"${name}\"" >/dev/null
    scratch_dbs+=("${name}")
    echo "${pg_base}/${name}"
  }
  drop() { psql "${pg_url}" -Atqc "DROP DATABASE IF EXISTS \"${1##*/}\" WITH (FORCE)" >/dev/null; }
  per=$(( members / concurrency ))
  # Runs pgbench script $2 on a new scratch database named after $1 (migrated, with one
  # round in voting for the ballots' foreign key; pgbench never reads its settings), output
  # to $3, more pgbench options after that; drops the database afterwards.
  run_pgbench() {
    local url round
    url=$(scratch "$1")
    "${bin}/medlemsbudget" migrate --database-url "${url}" >/dev/null
    round=$(psql "${url}" -Atqc "INSERT INTO rounds (name, pool_ore, ballot_rules, allocation_rule, split, phase,
      created_at, updated_at) VALUES ('pgbench', 100000000, '{}', '{}', '{}', 'voting', now(), now()) RETURNING id")
    pgbench "${url}" -n -M prepared -c "${concurrency}" -j 2 -T "${duration%.*}" \
      -D clients="${concurrency}" -D per="${per}" -D round="${round}" -f "$2" "${@:4}" >"$3" 2>&1
    drop "${url}"
  }
  cat >"${work}/upsert.sql" <<'SQL'
\set k :client_id + :clients * random(0, :per - 1)
BEGIN;
INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash)
  VALUES (:round, md5(:k::text) || md5((:k + 1)::text), 'fyn', '{"approvals":[1,2,3]}', md5(random()::text) || md5(random()::text))
  ON CONFLICT (round_id, ballot_key) DO UPDATE
  SET storkreds = excluded.storkreds, content = excluded.content, receipt_hash = excluded.receipt_hash;
END;
SQL
  cp "${work}/upsert.sql" "${out}/pgbench-upsert.sql"
  # The ballot endpoint's own statement on PostgreSQL (api/src/store/ballots.rs),
  # without HTTP or Rust.
  cat >"${work}/ballot.sql" <<'SQL'
\set k :client_id + :clients * random(0, :per - 1)
WITH open_round AS (SELECT id FROM rounds WHERE id = :round AND phase = 'voting' FOR SHARE)
  INSERT INTO ballots (round_id, ballot_key, storkreds, content, receipt_hash)
  SELECT id, md5(:k::text) || md5((:k + 1)::text), 'fyn', '{"approvals":[1,2,3]}', md5(random()::text) || md5(random()::text)
  FROM open_round
  ON CONFLICT (round_id, ballot_key) DO UPDATE
  SET storkreds = excluded.storkreds, content = excluded.content, receipt_hash = excluded.receipt_hash;
SQL
  cp "${work}/ballot.sql" "${out}/pgbench-ballot.sql"
  for r in $(seq 1 "${repeat}"); do
    echo "=== PostgreSQL, run ${r}/${repeat}"
    url=$(scratch "load_${r}")
    start_server "${url}"
    echo -n "load:            "; run_load "${out}/postgres-load-${r}.json"
    drop "${url}"
    if [ -n "${baseline}" ]; then
      url=$(scratch "baseline_${r}")
      start_server "${url}" "${baseline}"
      echo -n "load (baseline): "; run_load "${out}/postgres-baseline-${r}.json"
      drop "${url}"
    fi

    logs="${work}/pgbench-${r}"; mkdir -p "${logs}"
    run_pgbench "pgbench_${r}" "${work}/upsert.sql" "${out}/pgbench-${r}.txt" -l --log-prefix="${logs}/tx"
    # pgbench's per-transaction log: the third field is the latency in microseconds.
    python3 - "${out}/pgbench-${r}.txt" "${logs}" "${out}/postgres-limit-${r}.json" "${concurrency}" <<'PY'
import glob, json, re, sys
text, logs, dest, conc = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], int(sys.argv[4])
lat, failed = [], 0
for f in glob.glob(logs + "/tx*"):
    for line in open(f):
        field = line.split()[2]
        if field.isdigit(): lat.append(int(field))
        else: failed += 1
lat.sort()
q = lambda p: lat[min(len(lat) - 1, int(p * len(lat)))] / 1000 if lat else 0
tps = float(re.search(r"tps = ([0-9.]+) \(without", text).group(1))
json.dump({"target": "pgbench upsert", "unit": "transactions", "concurrency": conc, "ok_per_s": tps,
           "latency_ms": {"p50": q(.5), "p95": q(.95), "p99": q(.99), "max": lat[-1] / 1000 if lat else 0},
           "passed": len(lat), "failed": failed, "transport_errors": failed}, open(dest, "w"))
print(f"{tps:.1f} tps, {len(lat)} passed, {failed} failed")
PY

    run_pgbench "pgballot_${r}" "${work}/ballot.sql" "${out}/pgbench-ballot-${r}.txt"
    tps=$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "${out}/pgbench-ballot-${r}.txt")
    echo "{\"ok_per_s\": ${tps:-0}}" >"${out}/postgres-txlimit-${r}.json"
    echo "ballot's statements (pgbench): ${tps:-?} tps"

    url=$(scratch "shape_${r}")
    echo -n "service, no HTTP: "; run_db_limit "${url}" service "${out}/postgres-shape-${r}.json"
    drop "${url}"
  done
fi

echo "load avg after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "${out}/machine.txt"
echo
python3 - "${out}" "${repeat}" "${postgres}" "${baseline}" <<'PY' | tee "${out}/table.md"
import json, statistics, sys
out, repeat, postgres, baseline = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1", sys.argv[4] != ""
def runs(name):
    return [json.load(open(f"{out}/{name}-{r}.json")) for r in range(1, repeat + 1)]
def med(values): return statistics.median(values)
def txlimit(backend):
    try: return f'{med([x["ok_per_s"] for x in runs(f"{backend}-txlimit")]):.0f}'
    except OSError: return "–"
def cpu_us(name, runs_):
    vals = []
    for r, x in zip(range(1, repeat + 1), runs_):
        try: vals.append(float(open(f"{out}/{name}-{r}.json.cpu").read()) * 1e6 / max(1, x["requests"]))
        except OSError: pass
    return med(vals) if vals else 0
def kib(name, suffix):
    vals = []
    for r in range(1, repeat + 1):
        try: vals.append(int(open(f"{out}/{name}-{r}.json.{suffix}").read().strip() or 0))
        except OSError: pass
    return max(vals) if vals else 0
print("| backend | service ballots/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MiB | server CPU µs/ballot | service, no HTTP tx/s | the ballot's statements, pgbench tx/s | DB limit tx/s | DB limit p99 ms | ratio | targets |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
rows = [(b, "load", b) for b in ["sqlite"] + (["postgres"] if postgres else [])]
if baseline:
    rows = [row for b, _, _ in rows for row in [(b, "load", b), (b, "baseline", f"{b} (baseline binary)")]]
for backend, kind, label in rows:
    load, limit, shape = runs(f"{backend}-{kind}"), runs(f"{backend}-limit"), runs(f"{backend}-shape")
    rate = med([x["ok_per_s"] for x in load])
    lim = med([x["ok_per_s"] for x in limit])
    p = {k: med([x["latency_ms"][k] for x in load]) for k in ("p50", "p95", "p99")}
    errors = sum(x["failed"] for x in load)
    rss = max(kib(f"{backend}-{kind}", "hwm"), kib(f"{backend}-{kind}", "rss")) / 1024
    ratio = rate / lim if lim else 0
    missed = [name for name, ok in [("ratio>=0.5", ratio >= 0.5), ("p99<50ms", p["p99"] < 50),
                                    ("0 errors", errors == 0), ("RSS<150MB", rss < 150)] if not ok]
    per_run = " / ".join(f'{x["ok_per_s"]:.0f}' for x in load)
    lim_runs = " / ".join(f'{x["ok_per_s"]:.0f}' for x in limit)
    print(f'| {label} | {rate:.0f} ({per_run}) | {p["p50"]:.1f} | {p["p95"]:.1f} | {p["p99"]:.1f} | {errors} | {rss:.1f} | {cpu_us(f"{backend}-{kind}", load):.0f} '
          f'| {med([x["ok_per_s"] for x in shape]):.0f} | {txlimit(backend)} | {lim:.0f} ({lim_runs}) '
          f'| {med([x["latency_ms"]["p99"] for x in limit]):.1f} | {ratio:.2f} | {"all met" if not missed else "missed: " + ", ".join(missed)} |')
PY
echo
echo "results: ${out}"
