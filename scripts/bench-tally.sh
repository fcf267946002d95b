#!/usr/bin/env bash
# Times `medlemsbudget tally` against pabutools 1.2.3 on the Pabulib
# files: every .pb file and every rule of expected.json's `rules` section,
# the two tools alternating per repetition, medians, winner sets compared.
# Two ratios per row: "ratio (process)" = pabutools' parse + rule (timed
# inside Python, start and import not counted) / the whole medlemsbudget
# process; "ratio (in process)" = the same pabutools time / medlemsbudget's
# read + parse + rule timed inside its process (`tally --timings`): like for
# like.
#
#   scripts/bench-tally.sh [driver options]
#
# Options go to `scripts/pabutools_tally.py compare` (see its --help), e.g.
#   --reps 5 --cap 120                       the defaults
#   --files Poland_Gdynia_2020_Babie_Doly__small.pb --reps 1   (CI smoke test)
#   --extra /tmp/synthetic-100000x50.pb      more files
#   --json out.json --markdown out.md        keep the results
#
# Environment: PABULIB_DIR (default tests/fixtures/pabulib), PABUTOOLS_VENV
# (default ~/.cache/medlemsbudget/pabutools-venv), CARGO_TARGET_DIR as usual,
# MEDLEMSBUDGET_BIN to use an already built binary instead of building the
# release one (CI's smoke test reuses target/debug/medlemsbudget: the winner
# sets are checked all the same, the timings then mean nothing).
# Exit status: 0 when every winner set agrees, 1 on a mismatch, 2 on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

pabulib_dir="${PABULIB_DIR:-tests/fixtures/pabulib}"
venv="${PABUTOOLS_VENV:-${HOME}/.cache/medlemsbudget/pabutools-venv}"

if ! "${venv}/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("pabutools") != "1.2.3")' 2>/dev/null; then
  echo "installing pabutools==1.2.3 into ${venv}" >&2
  rm -rf "${venv}"
  python3 -m venv "${venv}"
  "${venv}/bin/pip" install --quiet --disable-pip-version-check pabutools==1.2.3
fi

if [ -n "${MEDLEMSBUDGET_BIN:-}" ]; then
  binary="${MEDLEMSBUDGET_BIN}"
  echo "using ${binary} (MEDLEMSBUDGET_BIN; timings are only meaningful for a release build)" >&2
else
  echo "building medlemsbudget (release)" >&2
  cargo build --release --quiet -p medlemsbudget
  target_dir=$(cargo metadata --format-version 1 --no-deps \
    | "${venv}/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  binary="${target_dir}/release/medlemsbudget"
fi

exec "${venv}/bin/python" scripts/pabutools_tally.py compare \
  --binary "${binary}" --pabulib "${pabulib_dir}" "$@"
