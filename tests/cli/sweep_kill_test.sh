#!/usr/bin/env bash
# A sweep killed half-way resumes (issue 16): a sweep of 6 configurations runs as a real process
# and is killed with kill -9 once 2 runs are in runs.jsonl; started again with the same
# arguments it runs only the missing ones: 6 distinct settings keys in all, the earlier lines
# unchanged, every listed run with its model, and no temporary index left. And Ctrl-C (SIGINT)
# stops a sweep at once with exit 130, recording only the runs that had finished.
# Usage: sweep_kill_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
work=$(mktemp -d)
sweep_pid=""
cleanup() {
  [ -n "$sweep_pid" ] && kill -9 "$sweep_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
SWEEP=("$RNNWB" sweep --data sample:sunspots --target SUNACTIVITY --window 12 --epochs 25 --units 8 --threads 1
  --seed 4 --grid "lr=0.001,0.002,0.003,0.004,0.005,0.006" --runs runs)

"${SWEEP[@]}" >first.out 2>first.err &
sweep_pid=$!
lines() { [ -f runs/runs.jsonl ] && wc -l <runs/runs.jsonl || echo 0; }
for _ in $(seq 600); do
  [ "$(lines)" -ge 2 ] && break
  kill -0 "$sweep_pid" 2>/dev/null || break
  sleep 0.05
done
kill -9 "$sweep_pid" 2>/dev/null
wait "$sweep_pid" 2>/dev/null
sweep_pid=""
done_before=$(lines)
cp runs/runs.jsonl before.jsonl
echo "killed with $done_before runs recorded"
check "the sweep was killed part-way (2 to 5 runs recorded)" bash -c "[ $done_before -ge 2 ] && [ $done_before -lt 6 ]"

check "started again, it skips the recorded runs and runs the rest" bash -c \
  "${SWEEP[*]} >second.out 2>second.err; cat second.err; \
   grep -q '6 configurations, $done_before already in runs (skipped); running $((6 - done_before))' second.err"
check "6 runs in all, 6 distinct keys, the earlier lines unchanged" $PY - "$done_before" <<'EOF'
import json, os, sys
n = int(sys.argv[1])
lines = open('runs/runs.jsonl').read().splitlines()
assert len(lines) == 6, len(lines)
assert lines[:n] == open('before.jsonl').read().splitlines(), 'earlier lines changed'
runs = [json.loads(l) for l in lines]
assert len({r['key'] for r in runs}) == 6
assert sorted(r['settings']['training']['optimizer']['lr'] for r in runs) == [0.001, 0.002, 0.003, 0.004, 0.005, 0.006]
for r in runs:
    assert os.path.isfile('runs/%s.safetensors' % r['id']), r['id']
EOF
# A temporary index the killed process left is removed by the next write of the index; a model
# file it was writing is never listed (the index names only models already written).
check "no temporary index is left in the folder" bash -c "! ls -A runs | grep -q 'runs.jsonl.tmp'"
check "the table lists the 6 runs and the best" bash -c \
  "\"$RNNWB\" runs --runs runs >table.out 2>table.err && grep -q '^6 of 6 runs; best' table.out && [ ! -s table.err ]"

# Ctrl-C stops a sweep at once: the run under way is not recorded, the finished ones stay.
"$RNNWB" sweep --data sample:sunspots --target SUNACTIVITY --window 12 --epochs 3000 --units 8 --threads 1 \
  --seed 4 --grid "lr=0.001,0.002,0.003" --runs stopped >stop.out 2>stop.err &
sweep_pid=$!
for _ in $(seq 1200); do
  [ -f stopped/runs.jsonl ] && break
  kill -0 "$sweep_pid" 2>/dev/null || break
  sleep 0.05
done
kill -INT "$sweep_pid" 2>/dev/null
wait "$sweep_pid"
code=$?
sweep_pid=""
check "Ctrl-C ends the sweep with exit 130, saying the finished runs are kept" bash -c \
  "cat stop.err; [ $code -eq 130 ] && grep -q 'the sweep stopped; the runs that finished (1) are in stopped' stop.err"
check "only the finished run is recorded" bash -c "[ \$(wc -l <stopped/runs.jsonl) -eq 1 ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
