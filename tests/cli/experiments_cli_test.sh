#!/usr/bin/env bash
# Experiments on the command line (issue 16):
#  1. train --runs keeps a run (record and model; it replays bit for bit) and --out becomes optional;
#  2. a 3x2 grid sweep writes 6 runs and names as best the one with the lowest validation loss,
#     checked against runs.jsonl itself (numpy-free Python); started again it runs nothing;
#  3. replay of a recorded run is bit-identical (exit 0); a record whose lr was changed by hand
#     replays differently and names the first epoch (exit 6);
#  4. rnnwb runs: the table, the best marked, --sort, --filter, --csv;
#  5. --prune stops runs early on a case built for it (learning rates far too small);
#  6. bad input: an unknown sweep setting, a range without --random, --runs naming a file, replay
#     of an unknown id, replay with another thread count: one clear line and the usual exit code.
# Usage: experiments_cli_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
BASE=(--data sample:sunspots --target SUNACTIVITY --window 6 --epochs 3 --batch-size 32 --threads 1 --seed 3)

# 1. train --runs
train_runs() {
  "$RNNWB" train "${BASE[@]}" --units 4 --quiet --runs solo >train.out || return 1
  cat train.out
  grep -q "^run [0-9-]*[0-9a-f]* recorded in solo (model: solo/.*\.safetensors)" train.out || return 1
  [ "$(wc -l <solo/runs.jsonl)" -eq 1 ] || return 1
  id=$($PY -c "import json; print(json.loads(open('solo/runs.jsonl').readline())['id'])")
  [ -f "solo/$id.safetensors" ] || { echo "no model file for $id"; return 1; }
  "$RNNWB" inspect --model "solo/$id.safetensors" | grep -q "3 epochs run" || return 1
  "$RNNWB" replay --run "solo/$id" 2>/dev/null | grep -q "^identical: 3 epochs, bit for bit"
}
check "train --runs records the run and its model, without --out; it replays identically" train_runs
check "train without --out nor --runs is a usage error" expect_exit 2 "--out FILE.safetensors is required" \
  "$RNNWB" train "${BASE[@]}" --units 4

# 2. the 3x2 grid
SWEEP=("$RNNWB" sweep "${BASE[@]}" --grid "units=2,4,8" --grid "lr=0.001,0.01" --runs grid)
grid_sweep() {
  "${SWEEP[@]}" >sweep.out 2>sweep.err || { cat sweep.err; return 1; }
  cat sweep.err sweep.out
  [ "$(grep -c '^\[[0-9]/6\] ' sweep.err)" -eq 6 ] || { echo "not 6 progress lines"; return 1; }
  best=$(sed -n 's|^best run: grid/\(.*\)\.safetensors$|\1|p' sweep.out)
  [ -n "$best" ] || { echo "no best run printed"; return 1; }
  $PY - "$best" <<'EOF'
import json, sys
runs = [json.loads(line) for line in open('grid/runs.jsonl')]
assert len(runs) == 6, len(runs)
points = {(r['settings']['layers'][0]['units'], r['settings']['training']['optimizer']['lr']) for r in runs}
assert points == {(u, lr) for u in (2, 4, 8) for lr in (0.001, 0.01)}, points
assert len({r['key'] for r in runs}) == 6 and len({r['sweep'] for r in runs}) == 1
best = min(runs, key=lambda r: min(e['val_loss'] for e in r['history']))
assert best['id'] == sys.argv[1], (best['id'], sys.argv[1])
print('best', best['id'], min(e['val_loss'] for e in best['history']))
EOF
}
check "a 3x2 grid sweep writes 6 runs and picks the lowest validation loss" grid_sweep
check "the sweep's table is sorted by validation loss with the best marked first" bash -c \
  "sed -n 2p sweep.out | grep -q '^\* ' && grep -q '  units  lr ' sweep.out"
check "started again, the sweep skips all 6 and runs none" bash -c \
  "${SWEEP[*]} >again.out 2>again.err && grep -q '6 already in grid (skipped); nothing left to run' again.err && \
   [ \$(wc -l <grid/runs.jsonl) -eq 6 ]"

# 3. replay
first=$($PY -c "import json; print(json.loads(open('grid/runs.jsonl').readline())['id'])")
check "replay of a recorded run is bit-identical" bash -c \
  "'$RNNWB' replay --run grid/$first >replay.out && grep -q '^identical: 3 epochs, bit for bit' replay.out"
tamper() {
  cp -r grid tampered
  $PY - <<'EOF'
import json
lines = open('tampered/runs.jsonl').read().splitlines()
r = json.loads(lines[0])
r['settings']['training']['optimizer']['lr'] *= 3
lines[0] = json.dumps(r)
open('tampered/runs.jsonl', 'w').write('\n'.join(lines) + '\n')
EOF
  "$RNNWB" replay --run "tampered/$first" >tampered.out 2>tampered.err
  local code=$?
  cat tampered.out
  [ "$code" -eq 6 ] || { echo "exit $code, expected 6"; cat tampered.err; return 1; }
  grep -q "^different: first at epoch 1: training loss .* recorded, .* replayed" tampered.out
}
check "a record with another lr replays differently, naming epoch 1 (exit 6)" tamper

# 4. rnnwb runs
runs_listing() {
  "$RNNWB" runs --runs grid --sort lr --filter "units=8" --csv table.csv >runs.out || return 1
  cat runs.out
  grep -q "^2 of 6 runs; best (\*): grid/" runs.out || return 1
  $PY - <<'EOF'
import csv
rows = list(csv.DictReader(open('table.csv')))
assert len(rows) == 2 and all(r['units'] == '8' for r in rows), rows
assert [float(r['lr']) for r in rows] == [0.001, 0.01]
assert 'best val loss' in rows[0] and 'persistence test rmse' in rows[0], list(rows[0])
EOF
}
check "rnnwb runs sorts, filters and writes the CSV" runs_listing
check "rnnwb runs --sort of no column names the columns" expect_exit 2 "is no column of the runs table" \
  "$RNNWB" runs --runs grid --sort nope

# 5. pruning: startup 2 runs with a good lr, then lrs far too small are worse than the median
prune_sweep() {
  "$RNNWB" sweep --data sample:sunspots --target SUNACTIVITY --window 6 --epochs 6 --threads 1 --seed 3 --units 4 \
    --grid "lr=0.03,0.02,1e-7,2e-7,3e-7" --prune --prune-startup 2 --prune-warmup 1 --runs pruned \
    >prune.out 2>prune.err || { cat prune.err; return 1; }
  cat prune.err
  $PY - <<'EOF'
import json
runs = [json.loads(line) for line in open('pruned/runs.jsonl')]
ends = {r['settings']['training']['optimizer']['lr']: (r['end'], len(r['history'])) for r in runs}
print(ends)
assert ends[0.03] == ('completed', 6) and ends[0.02] == ('completed', 6), ends
small = [ends[lr] for lr in (1e-7, 2e-7, 3e-7)]
assert all(e == 'pruned' and n < 6 for e, n in small), small
EOF
}
check "--prune stops the runs whose learning rate is far too small" prune_sweep

# A configuration that cannot train is a failed record with its reason; the sweep goes on.
failed_config() {
  "$RNNWB" sweep "${BASE[@]}" --units 4 --grid "window=5000,6" --runs failing >failing.out 2>failing.err ||
    { cat failing.err; return 1; }
  cat failing.err
  grep -q '^\[1/2\] .* window=5000  failed: too few rows' failing.err || return 1
  grep -q '^\[2/2\] .* window=6  val loss [0-9.]*  completed' failing.err || return 1
  $PY - <<'EOF'
import json
runs = [json.loads(line) for line in open('failing/runs.jsonl')]
assert [r['end'] for r in runs] == ['failed', 'completed'], runs
assert runs[0]['message'] and runs[0]['history'] == [], runs[0]['message']
EOF
}
check "a configuration that cannot train is recorded as failed and the sweep goes on" failed_config

# 6. bad input
touch a-file
check "an unknown sweep setting is a usage error naming the settings" expect_exit 2 "a sweep cannot vary \"colour\"; it varies units" \
  "$RNNWB" sweep "${BASE[@]}" --grid "colour=red,blue" --runs bad
check "a range in a grid without --random is a usage error" expect_exit 2 "--random" \
  "$RNNWB" sweep "${BASE[@]}" --grid "lr=1e-4:1e-2:log" --runs bad
check "--runs naming a file is a file error (exit 5)" expect_exit 5 "is a file, not a runs folder" \
  "$RNNWB" sweep "${BASE[@]}" --grid "units=2,4" --runs a-file
check "train --runs naming a file is refused before training" expect_exit 5 "is a file, not a runs folder" \
  "$RNNWB" train "${BASE[@]}" --units 4 --runs a-file
check "train --out over the runs index is refused" expect_exit 2 "name the same file" \
  "$RNNWB" train "${BASE[@]}" --units 4 --runs grid --out grid/runs.jsonl
check "replay of an unknown id names the runs there are" expect_exit 2 "no run \"nope\" in \"grid\"; its runs are" \
  "$RNNWB" replay --run grid/nope
check "replay from a missing folder is a file error" expect_exit 5 "no runs folder" \
  "$RNNWB" replay --run missing/$first
check "replay on another thread count is refused" expect_exit 2 "the same count" \
  "$RNNWB" replay --run "grid/$first" --threads 2
check "no runs folder was made for the refused sweeps" bash -c "[ ! -e bad/runs.jsonl ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
