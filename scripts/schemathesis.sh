#!/usr/bin/env bash
# Fuzzes the running API against its own OpenAPI document with schemathesis:
# no 5xx, every status documented, every response matching its schema, every
# request the document calls valid accepted and every other one refused
# (scripts/schemathesis.toml says where a 422 is expected for valid data and
# why), first operation by operation, then in sequences that pass the ids one
# response gives to the next request (the stateful phase, with links that
# schemathesis infers from the document).
# Usage: scripts/schemathesis.sh [path/to/medlemsbudget]   (default: target/debug/medlemsbudget)
# SCHEMATHESIS_EXAMPLES (default 40) and SCHEMATHESIS_SEED (default 20261125) vary the run.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-target/debug/medlemsbudget}"
venv="${SCHEMATHESIS_VENV:-${HOME}/.cache/medlemsbudget/schemathesis-venv}"
version="4.32.5"

if ! "${venv}/bin/st" --version 2>/dev/null | grep -q "${version}"; then
  python3 -m venv "${venv}"
  "${venv}/bin/pip" install --quiet "schemathesis==${version}"
fi

work=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${binary}" serve --demo --bind "127.0.0.1:${port}" \
  --database-url "sqlite://${work}/fuzz.db" >"${work}/out.log" 2>"${work}/err.log" &
server=$!
trap 'kill "${server}" 2>/dev/null || true; rm -rf "${work}"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:${port}/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

failed=0
for role in "HB" "Board" "Member"; do
  token=$(grep "^${role} token" "${work}/out.log" | awk '{print $NF}')
  if [ -z "${token}" ]; then
    echo "no ${role} token printed by serve --demo"; exit 1
  fi
  echo "=== schemathesis as ${role}"
  # The coverage phase is left out: schemathesis 4.32.5 crashes inside it on CPython 3.11 (its own bug).
  if ! "${venv}/bin/st" --config-file scripts/schemathesis.toml run "http://127.0.0.1:${port}/openapi.json" \
      -H "Authorization: Bearer ${token}" \
      --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance,positive_data_acceptance,negative_data_rejection \
      --phases examples,fuzzing,stateful --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --workers 2 \
      --seed "${SCHEMATHESIS_SEED:-20261125}" --no-color; then
    failed=1
  fi
done
if grep -q "panicked" "${work}/err.log"; then
  echo "the server panicked:"; grep -A5 panicked "${work}/err.log"; failed=1
fi
exit "${failed}"
