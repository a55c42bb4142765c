#!/usr/bin/env bash
# The multi-seed check on the command line (issue 17): `rnnwb train --seeds 1-3`
#  1. trains once per seed (each run in --runs), prints one table row per seed and the spread;
#  2. keeps the run with the lowest validation loss, checked against the runs' own records;
#  3. the kept model is the same model a plain `train --seed K` gives (same test metrics);
#  4. bad lists and --seed beside --seeds: one clear line, usage exit code.
# Usage: seeds_cli_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
BASE=(--data sample:sunspots --target SUNACTIVITY --window 6 --units 4 --epochs 4 --threads 1)

seeds_run() {
  "$RNNWB" train "${BASE[@]}" --seeds 1-3 --runs runs --out best.safetensors --metrics-json best.json \
    2>/dev/null >seeds.out || return 1
  cat seeds.out
  [ "$(grep -c '^[123] ' seeds.out)" -eq 3 ] || { echo "not one row per seed"; return 1; }
  grep -q "^over 3 seeds the test RMSE ranges from .* to .*% apart" seeds.out || return 1
  [ "$(wc -l <runs/runs.jsonl)" -eq 3 ] || { echo "not 3 runs recorded"; return 1; }
  # The seed whose best epoch has the lowest validation loss, from the records themselves.
  best=$($PY -c "
import json
runs = [json.loads(l) for l in open('runs/runs.jsonl')]
def best_val(r): return min(e['val_loss'] for e in r['history'])
r = min(runs, key=best_val)
print(r['settings']['training']['seed'])")
  kept=$(grep "<- kept" seeds.out | awk '{print $1}')
  [ "$kept" = "$best" ] || { echo "kept seed $kept, lowest validation loss is seed $best"; return 1; }
  echo "$best" >best_seed
}
check "train --seeds 1-3 trains each seed and keeps the lowest validation loss" seeds_run

same_as_plain() {
  best=$(cat best_seed)
  "$RNNWB" train "${BASE[@]}" --seed "$best" --quiet --out plain.safetensors --metrics-json plain.json >/dev/null || return 1
  $PY -c "
import json
a, b = json.load(open('best.json')), json.load(open('plain.json'))
assert a['test'] == b['test'], (a['test'], b['test'])"
}
check "the kept model is the one train --seed K gives" same_as_plain

check "--seed beside --seeds is a usage error" expect_exit 2 "--seed excludes --seeds" \
  "$RNNWB" train "${BASE[@]}" --seeds 1-3 --seed 2 --out x.safetensors
check "a range written backwards is refused before training" expect_exit 2 'the range "3-1" runs backwards' \
  "$RNNWB" train "${BASE[@]}" --seeds 3-1 --out x.safetensors
check "a seed that is not a number is refused" expect_exit 2 "is not a whole number" \
  "$RNNWB" train "${BASE[@]}" --seeds 1,x --out x.safetensors
[ ! -e x.safetensors ] || { echo "FAILED: a refused run wrote a model"; failed=$((failed + 1)); }

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
