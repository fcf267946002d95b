#!/usr/bin/env bash
# Compares two release builds of the MES engines, interleaved in the same
# minutes: every Pabulib file of tests/fixtures/pabulib × MES cost/cardinality × none/add1/
# add1-greedy through `tally_file` (reports must be byte-identical; whole
# process wall times), then the issue's large synthetic cases through
# `synthetic_tally` (rule time, CPU, peak RSS).
#
#   scripts/compare-mes-builds.sh BASE_TARGET_DIR NEW_TARGET_DIR [REPS]
#
# Each TARGET_DIR is a cargo target dir holding release/examples/tally_file
# and release/examples/synthetic_tally (cargo build --release -p
# medlemsbudget-domain --examples), e.g. a worktree of the base commit built
# with CARGO_TARGET_DIR. Prints one line per run; exits 1 if any report differs.
set -euo pipefail
base=${1:?base target dir}
new=${2:?new target dir}
reps=${3:-3}
pabulib=${PABULIB_DIR:-$(cd "$(dirname "$0")/.." && pwd)/tests/fixtures/pabulib}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ms() { echo $(( ($2 - $1) / 1000000 )); }
differ=0
for file in "$pabulib"/*.pb; do
  for satisfaction in cost cardinality; do
    for completion in none add1 add1-greedy; do
      t0=$(date +%s%N)
      "$base/release/examples/tally_file" "$file" mes "$satisfaction" "$completion" >"$work/base.json" 2>&1
      t1=$(date +%s%N)
      "$new/release/examples/tally_file" "$file" mes "$satisfaction" "$completion" >"$work/new.json" 2>&1
      t2=$(date +%s%N)
      if cmp -s "$work/base.json" "$work/new.json"; then same=same; else same=DIFF; differ=1; fi
      echo "report $same base_ms=$(ms "$t0" "$t1") new_ms=$(ms "$t1" "$t2") $(basename "$file") $satisfaction $completion"
    done
  done
done
for _ in $(seq "$reps"); do
  for args in "1000000 200 mes cost none" "1000000 50 mes cost none" "100000 200 mes cost add1-greedy" \
    "100000 50 mes cost add1-greedy" "10000 200 mes cost add1-greedy"; do
    for side in base new; do
      if [ "$side" = base ]; then dir=$base; else dir=$new; fi
      # shellcheck disable=SC2086
      out=$({ /usr/bin/time -f "user_s=%U sys_s=%S wall_s=%e max_rss_kb=%M" "$dir/release/examples/synthetic_tally" $args; } 2>&1)
      rule=$(echo "$out" | grep -o '[0-9.]* ms$' | tail -1 | cut -d' ' -f1)
      echo "synthetic $side ${args// /_} rule_ms=$rule $(echo "$out" | grep max_rss_kb)"
    done
  done
done
exit $differ
