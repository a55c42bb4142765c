#!/usr/bin/env bash
# The command line as a hostile user drives it: code injected through a model file's metadata,
# terminal escapes, planted links, outputs over inputs, special files, sizes that overflow,
# non-finite data, damaged metadata and signals. Each case asserts the exit code, one clear line
# on stderr, and that nothing the user had was lost or changed.
# Usage: hostile_cli_test.sh path/to/rnnwb   (docs/RELIABILITY.md lists the cases by class)
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
EDIT="$PY $HERE/edit_model.py"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=../cli/check_helpers.sh
source "$HERE/../cli/check_helpers.sh"

TRAIN=("$RNNWB" train --target SUNACTIVITY --window 12 --units 4 --epochs 2 --quiet)
"$RNNWB" samples >/dev/null
"${TRAIN[@]}" --data sample:sunspots --out m.st >/dev/null 2>&1 || { echo "cannot train the base model"; exit 1; }
# A CSV series of our own as the file input (the sample is embedded, not a file).
printf 'YEAR,SUNACTIVITY\n' >d.csv
"$PY" -c "
import math
for i in range(300): print(f'{1700+i},{50+40*math.sin(i/1.7)+i%7:.1f}')" >>d.csv
cp d.csv d.orig
unchanged() { cmp -s "$1" "$2"; }

echo "== security: code injection into generated code"
$EDIT m.st inj.st 'meta["data"]["sha256"] = "0 */\n#include <stdio.h>\n__attribute__((constructor)) static void injected(void){puts(\"INJECTED\");}\n/* "'
check "a SHA-256 that is not 64 hex digits is refused (exit 5)" expect_exit 5 '"sha256"' \
  "$RNNWB" export --model inj.st --format c --out inj.c
check "no C file was written from it" test ! -e inj.c -a ! -e inj.h
for field in source; do
  $EDIT m.st inj2.st "meta['data']['$field'] = '*/ int injected = 1; /*'"
  check "a data $field with */ stays inside its comment and literal" bash -c "
    '$RNNWB' export --model inj2.st --format c --out inj2.c 2>/dev/null &&
    cc -std=c99 -Wall -Wextra -pedantic -Werror -c inj2.c -o inj2.o &&
    ! nm inj2.o | grep -q injected"
done
$EDIT m.st inj3.st 'meta["features"] = ["a\"*/ x"]; meta["targets"] = ["a\"*/ x"]; meta["transforms"] = {"a\"*/ x": meta["transforms"]["SUNACTIVITY"]}'
check "a column name with quotes and */ compiles as a string, not as code" bash -c "
  '$RNNWB' export --model inj3.st --format c --out inj3.c 2>/dev/null &&
  cc -std=c99 -Wall -Wextra -pedantic -Werror -c inj3.c -o inj3.o && ! nm inj3.o | grep -q ' x$'"
check "the same names reach ONNX metadata and the predictions CSV quoted" bash -c "
  '$RNNWB' export --model inj3.st --format onnx --out inj3.onnx 2>/dev/null && test -s inj3.onnx"

echo "== security: terminal escapes"
$EDIT m.st esc1.st 'meta["fit_status"] = "\u001b[31mred"'
check "an unknown fit_status with an ESC is refused, printed escaped" bash -c "
  '$RNNWB' inspect --model esc1.st 2>err; [ \$? -eq 5 ] && grep -qF '\\e[31mred' err && ! grep -q \$'\\e' err"
$EDIT m.st esc2.st 'meta["data"]["source"] = "a\u001b]0;pwned\u0007b"'
check "a data source with terminal controls is refused, printed escaped" bash -c "
  '$RNNWB' inspect --model esc2.st 2>err; [ \$? -eq 5 ] && ! grep -q \$'\\e' err"
$EDIT m.st esc3.st 'n = "SUN\u009b2J"; meta["features"] = [n]; meta["targets"] = [n]; meta["transforms"] = {n: meta["transforms"]["SUNACTIVITY"]}'
check "a column name with a C1 control is refused, printed escaped" bash -c "
  '$RNNWB' inspect --model esc3.st 2>err; [ \$? -eq 5 ] && ! grep -q \$'\\xc2\\x9b' err && grep -qF '\\u009B' err"
printf 'YEAR,A\033[2JB\n' >escape.csv
tail -n +2 d.csv >>escape.csv
check "a CSV header with an ESC is echoed escaped" bash -c "
  '${TRAIN[0]}' train --data escape.csv --target X --window 12 --out x.st 2>err; ! grep -q \$'\\e' err && grep -qF '\\e[2J' err"
$EDIT m.st uni.st 'n = "Wärme °C"; meta["features"] = [n]; meta["targets"] = [n]; meta["transforms"] = {n: meta["transforms"]["SUNACTIVITY"]}'
check "printable UTF-8 names are kept as they are" bash -c "'$RNNWB' inspect --model uni.st | grep -q 'targets:   Wärme °C'"

echo "== security: links and read-only files at output paths"
echo "precious" >victim.txt
ln -s victim.txt planted.st
check "a symbolic link at --out is refused before training (exit 5)" expect_exit 5 "symbolic link" \
  "${TRAIN[@]}" --data d.csv --out planted.st
check "the link's target is untouched and the link kept" bash -c "[ \"\$(cat victim.txt)\" = precious ] && [ -L planted.st ]"
ln -s does-not-exist-yet.st dangling.st
check "a dangling link at --out is refused and creates nothing" bash -c "
  '$RNNWB' predict --model m.st --data d.csv --out dangling.st 2>/dev/null; [ \$? -eq 5 ] && [ ! -e does-not-exist-yet.st ]"
cp m.st ro.st && chmod 444 ro.st
check "a read-only --out is refused before training (exit 5)" expect_exit 5 "read-only" \
  "${TRAIN[@]}" --data d.csv --out ro.st
check "the read-only file is unchanged" cmp -s m.st ro.st

echo "== data loss: an output path that is an input path"
ln d.csv hard.csv
ln -s d.csv soft.csv
for out in d.csv ./d.csv hard.csv soft.csv "$work/d.csv"; do
  check "train --out $out over --data d.csv is refused (exit 2)" expect_exit 2 "--data" \
    "${TRAIN[@]}" --data d.csv --out "$out"
done
for flag in --metrics-json --history-csv --checkpoint; do
  check "train $flag over --data is refused (exit 2)" expect_exit 2 "$flag" \
    "${TRAIN[@]}" --data d.csv --out new.st "$flag" d.csv
  check "train $flag over --out is refused (exit 2)" expect_exit 2 "$flag" \
    "${TRAIN[@]}" --data d.csv --out new.st "$flag" new.st
done
"$PY" -c "import numpy as np; np.save('w.npy', (np.random.rand(4, 12, 1) * 100 + 1).astype(np.float32))"
check "predict --out over --model is refused (exit 2)" expect_exit 2 "--model" \
  "$RNNWB" predict --model m.st --data d.csv --out m.st
check "predict --out over --input is refused (exit 2)" expect_exit 2 "--input" \
  "$RNNWB" predict --model m.st --input w.npy --out ./w.npy
check "predict --out over --data is refused (exit 2)" expect_exit 2 "--data" \
  "$RNNWB" predict --model m.st --data d.csv --out hard.csv
check "export --out over --model is refused (exit 2)" expect_exit 2 "--model" \
  "$RNNWB" export --model m.st --format onnx --out "$work/./m.st"
cp m.st m.h
check "export --format c whose header is the model is refused (exit 2)" expect_exit 2 "header" \
  "$RNNWB" export --model m.h --format c --out m.c
check "evaluate --metrics-json over --data is refused (exit 2)" expect_exit 2 "--metrics-json" \
  "$RNNWB" evaluate --model m.st --data d.csv --metrics-json d.csv
check "every input is unchanged" bash -c "cmp -s d.csv d.orig && cmp -s m.st m.h && [ \"\$(cat victim.txt)\" = precious ]"

echo "== data loss: --checkpoint naming a file that is not a checkpoint"
echo "my notes" >notes.txt
check "--checkpoint over a non-checkpoint file is refused (exit 2)" expect_exit 2 "not an rnnwb recovery file" \
  "${TRAIN[@]}" --data d.csv --out m4.st --checkpoint notes.txt
check "the notes are still there" bash -c "[ \"\$(cat notes.txt)\" = 'my notes' ]"
check "--checkpoint over a finished model file is refused too (exit 2)" expect_exit 2 "not an rnnwb recovery file" \
  "${TRAIN[@]}" --data d.csv --out m4.st --checkpoint m.h

echo "== data loss: text that is not UTF-8"
printf 'YEAR,caf\xe9\n' >latin1.csv
tail -n +2 d.csv >>latin1.csv
check "a Latin-1 column name is refused before training (exit 3)" expect_exit 3 "not valid UTF-8" \
  "${TRAIN[0]}" train --data latin1.csv --target $'caf\xe9' --window 12 --units 4 --epochs 200 --quiet --out l.st
cp d.csv $'d\xe9.csv'
check "a Latin-1 data path is refused before training (exit 3)" expect_exit 3 "rename the file" \
  "${TRAIN[@]}" --data $'d\xe9.csv' --out l.st
check "nothing was written for them" test ! -e l.st

echo "== data loss: half-written exports, long names, stale temporaries, signals"
"$RNNWB" export --model m.st --format c --out pair.c 2>/dev/null
cp pair.c pair.c.orig && cp pair.h pair.h.orig
mkdir -p blocked && cp pair.h blocked/pair.h && mkdir blocked/pair.c
check "a C export whose .c cannot be written leaves the old .h (exit 5)" expect_exit 5 "folder" \
  "$RNNWB" export --model m.st --format c --out blocked/pair.c
check "the header beside it is the old one" cmp -s blocked/pair.h pair.h.orig
long=$(printf 'm%.0s' $(seq 1 253)).st  # 256 bytes
check "an output name too long for the file system is refused before training (exit 5)" expect_exit 5 "shorter" \
  "${TRAIN[@]}" --data d.csv --out "$long"
longest=$(printf 'm%.0s' $(seq 1 252)).st
check "the longest name the file system allows is written" bash -c "
  '${TRAIN[0]}' train --data d.csv --target SUNACTIVITY --window 12 --units 4 --epochs 1 --quiet --out '$longest' && test -s '$longest'"
dead=$(bash -c 'echo $$')
printf x >".stale.st.tmp-$(printf %010d "$dead")-0badf00d"
check "a stale temporary of a dead writer is removed at the next write" bash -c "
  '${TRAIN[0]}' train --data d.csv --target SUNACTIVITY --window 12 --units 4 --epochs 1 --quiet --out stale.st &&
  ! ls -a | grep -q '^\.stale\.st\.tmp-'"
for sig in TERM INT; do
  rm -f sig.st ck.st
  "${TRAIN[0]}" train --data d.csv --target SUNACTIVITY --window 12 --units 32 --epochs 1000000 --quiet \
    --out sig.st --checkpoint ck.st --checkpoint-every 0 2>sig.err &
  pid=$!
  sleep 2.5
  kill -$sig $pid
  start=$(date +%s%N)
  wait $pid
  code=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  want=$([ $sig = TERM ] && echo 143 || echo 130)
  check "SIG$sig stops training with exit $want within 5 s (took $ms ms)" bash -c "[ $code -eq $want ] && [ $ms -lt 5000 ]"
  check "after SIG$sig: no model, no temporary file, the checkpoint kept and loadable" bash -c "
    [ ! -e sig.st ] && ! ls -a | grep -q '\.tmp-' && '$RNNWB' inspect --model ck.st >/dev/null && grep -q checkpoint sig.err"
done

echo "== crashes and hangs: sizes that overflow, special files, endless requests"
check "--units 2000000000 is refused (exit 2)" expect_exit 2 "65536" \
  "${TRAIN[0]}" train --data d.csv --target SUNACTIVITY --window 12 --units 2000000000 --out x.st
check "bench --units 2000000000 is refused (exit 2)" expect_exit 2 "65536" "$RNNWB" bench --units 2000000000
check "bench with data larger than memory is refused (exit 2)" expect_exit 2 "memory" \
  "$RNNWB" bench --sequences 10000000 --steps 1000000 --features 100000
check "--units 4abc is refused (exit 2)" expect_exit 2 '"4abc"' \
  "${TRAIN[0]}" train --data d.csv --target SUNACTIVITY --window 12 --units 4abc --out x.st
check "--threads 2e9 is refused as a range, not as out of memory (exit 2)" expect_exit 2 "1024" \
  "${TRAIN[@]}" --data d.csv --threads 2e9 --out x.st
check "--window 0 says the range in a few words (exit 2)" bash -c "
  '${TRAIN[0]}' train --data d.csv --target SUNACTIVITY --window 0 --out x.st 2>err; [ \$? -eq 2 ] && grep -q 'from 1 to 1000000' err && [ \$(wc -c <err) -lt 200 ]"
check "--horizon 1e18 and --batch-size -1 are refused (exit 2)" bash -c "
  '${TRAIN[0]}' train --data d.csv --target SUNACTIVITY --window 12 --horizon 1000000000000000000 --out x.st 2>/dev/null; a=\$?
  '${TRAIN[0]}' train --data d.csv --target SUNACTIVITY --window 12 --batch-size -1 --out x.st 2>/dev/null; b=\$?
  [ \$a -eq 2 ] && [ \$b -eq 2 ]"
units64=$(printf '2,%.0s' $(seq 1 63))2
check "64 recurrent layers (plus the head) are refused before training (exit 2)" expect_exit 2 "at most 64" \
  "${TRAIN[0]}" train --data d.csv --target SUNACTIVITY --window 12 --units "$units64" --out x.st
units32=$(printf '2,%.0s' $(seq 1 31))2
check "32 layers with dropout are refused before training (exit 2)" expect_exit 2 "at most 64" \
  "${TRAIN[0]}" train --data d.csv --target SUNACTIVITY --window 12 --units "$units32" --dropout 0.1 --out x.st
units31=$(printf '2,%.0s' $(seq 1 30))2
check "the deepest stack that trains also loads" bash -c "
  '${TRAIN[0]}' train --data d.csv --target SUNACTIVITY --window 12 --units $units31 --dropout 0.1 --epochs 1 --quiet --out deep.st &&
  '$RNNWB' inspect --model deep.st >/dev/null"
"$PY" -c "
import sys
sys.stdout.write('t,v\\n' + ''.join(f'{i},{i % 97}\\n' for i in range(2000000)))" >tall.csv
check "windows larger than memory (1e6 windows of 1e6 rows) are refused before allocating (exit 2)" \
  expect_exit 2 "GiB of memory" "${TRAIN[0]}" train --data tall.csv --target v --window 1000000 --out x.st
mkfifo fifo
for what in "train --data" "predict --model" "predict --input" "evaluate --data"; do
  case $what in
    "train --data") cmd=("${TRAIN[@]}" --data fifo --out x.st); code=3 ;;
    "predict --model") cmd=("$RNNWB" predict --model fifo --data d.csv --out x.csv); code=5 ;;
    "predict --input") cmd=("$RNNWB" predict --model m.st --input fifo --out x.npy); code=5 ;;
    "evaluate --data") cmd=("$RNNWB" evaluate --model m.st --data fifo); code=3 ;;
  esac
  check "a FIFO as $what is refused at once (exit $code)" expect_exit $code "FIFO" timeout 10 "${cmd[@]}"
done
for dev in /dev/zero /dev/urandom; do
  check "$dev as --data is refused at once (exit 3)" expect_exit 3 "character device" \
    timeout 10 "${TRAIN[@]}" --data $dev --out x.st
  check "$dev as --model is refused at once (exit 5)" expect_exit 5 "character device" \
    timeout 10 "$RNNWB" inspect --model $dev
done
check "predict --forecast 1000000000000 is refused (exit 2)" expect_exit 2 "100000" \
  "$RNNWB" predict --model m.st --data d.csv --forecast 1000000000000 --out f.csv
check "export --forecast beyond the limit is refused (exit 2)" expect_exit 2 "100000" \
  "$RNNWB" export --model m.st --format csv --data d.csv --forecast 100001 --out f.csv
$EDIT m.st oob.st 'meta["metrics"]["baselines"]["persistence"]["test"] = {}'
check "inspect on a metrics object missing its values reads nothing out of bounds" bash -c "
  '$RNNWB' inspect --model oob.st | grep -q 'test RMSE' && ! '$RNNWB' inspect --model oob.st | grep -q persistence"
$EDIT m.st oob2.st 'meta["metrics"] = {"test": [], "baselines": 7}'
check "inspect on metrics of the wrong shape prints what it can" bash -c "'$RNNWB' inspect --model oob2.st | grep -q 'data:'"

echo "== silent garbage: non-finite windows and statistics"
"$PY" -c "
import numpy as np
x = (np.random.rand(3, 12, 1) * 100 + 1).astype(np.float32)
for name, v in (('nan', np.nan), ('inf', np.inf), ('ninf', -np.inf)):
    y = x.copy(); y[2, 7, 0] = v; np.save(name + '.npy', y)"
for name in nan inf ninf; do
  check "a window holding $name is refused naming window and step (exit 3)" expect_exit 3 "window 2, step 7" \
    "$RNNWB" predict --model m.st --input $name.npy --out p.npy
done
check "no prediction file was written for them" test ! -e p.npy
"$PY" -c "
print('YEAR,V')
for i in range(300): print(f'{1700+i},{(1+i%7)*1e301}')" >huge.csv
check "values near 1e301 (an infinite scale) are refused naming the column (exit 3)" expect_exit 3 '"V"' \
  "${TRAIN[0]}" train --data huge.csv --target V --window 12 --units 4 --epochs 2 --quiet --out x.st
"$PY" -c "
print('YEAR,V')
for i in range(300): print(f'{1700+i},{(-1)**i*1.7e308}')" >huge2.csv
check "differences that overflow to infinity are refused naming the column (exit 3)" expect_exit 3 '"V"' \
  "${TRAIN[0]}" train --data huge2.csv --target V --window 12 --units 4 --epochs 2 --quiet --diff 1 --scaler none --out x.st
check "nothing was written for them" test ! -e x.st

echo "== silent garbage: metadata the loader refuses"
declare -A bad=(
  [duplicate-key]='raw = json.dumps(meta).replace("\"window\": 12", "\"window\": 12, \"window\": 13")'
  [duplicate-nested]='raw = json.dumps(meta).replace("\"scaler\": \"standard\"", "\"scaler\": \"standard\", \"scaler\": \"none\"")'
  [negative-season]='meta["season"] = -3'
  [two-item-split]='meta["split"] = [0.5, 0.5]'
  [text-split]='meta["split"] = ["a", "b", "c"]'
  [negative-batch]='meta["training"]["batch_size"] = -1'
  [negative-threads]='meta["training"]["threads"] = -4'
  [huge-threads]='meta["training"]["threads"] = 2000000000'
  [zero-epochs]='meta["training"]["epochs"] = 0'
  [nan-lr]='meta["training"]["optimizer"]["lr"] = -0.5'
  [negative-scale]='meta["transforms"]["SUNACTIVITY"]["scale"] = -1'
  [zero-scale]='meta["transforms"]["SUNACTIVITY"]["scale"] = 0'
  [null-scale]='meta["transforms"]["SUNACTIVITY"]["scale"] = None'
  [null-offset]='meta["transforms"]["SUNACTIVITY"]["offset"] = None'
  [huge-offset]='meta["transforms"]["SUNACTIVITY"]["offset"] = 1e400'
  [negative-lag]='meta["transforms"]["SUNACTIVITY"]["diff_lag"] = -1'
  [bad-fit-status]='meta["fit_status"] = "done; rm -rf /"'
  [short-sha]='meta["data"]["sha256"] = "abc"'
  [nul-in-name]='meta["features"] = ["A\u0000B"]; meta["targets"] = ["A\u0000B"]; meta["transforms"] = {"A\u0000B": meta["transforms"]["SUNACTIVITY"]}'
  [twice-listed]='meta["features"] = ["SUNACTIVITY", "SUNACTIVITY"]; meta["input_features"] = 2'
  [negative-best-epoch]='meta["best_epoch"] = -1'
  [history-not-list]='meta["history"] = {"epoch": 1}'
  [metrics-not-object]='meta["metrics"] = [1, 2]'
  [dropout-one]='meta["layers"].insert(1, {"type": "dropout", "dropout": 1.0})'
)
for name in "${!bad[@]}"; do
  $EDIT m.st "bad-$name.st" "${bad[$name]}"
  check "metadata with $name is refused with a file error (exit 5)" expect_exit 5 "bad-$name.st" \
    "$RNNWB" inspect --model "bad-$name.st"
done

echo "== messages: user text shortened and escaped"
"$PY" -c "
import sys
sys.stdout.write('YEAR,' + 'V' * 20000000 + '\n')
for i in range(300): sys.stdout.write(f'{1700+i},{i}\n')" >longname.csv
check "a 20 MB column name is not echoed whole" bash -c "
  '${TRAIN[0]}' train --data longname.csv --target X --window 12 --out x.st 2>err; [ \$? -ne 0 ] && [ \$(wc -c <err) -lt 2000 ] && grep -q 'MB in all' err"
printf 'YEAR,A\0B\n' >nul.csv
tail -n +2 d.csv >>nul.csv
check "a NUL in a header is shown as \\x00, not as another name" bash -c "
  '${TRAIN[0]}' train --data nul.csv --target AB --window 12 --out x.st 2>err; grep -qF 'A\\x00B' err"
check "a missing sample name is quoted" expect_exit 3 '"nope"' "$RNNWB" train --data sample:nope \
  --target X --window 3 --out x.st
check "a data path with an ESC is refused, printed escaped (exit 3)" expect_exit 3 'sample:nope\e[2J' \
  "$RNNWB" train --data $'sample:nope\e[2J' --target X --window 3 --out x.st

echo "hostile cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
