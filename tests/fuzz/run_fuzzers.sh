#!/usr/bin/env bash
# Runs each libFuzzer target for SECONDS seconds on a scratch copy of its seed corpus
# (tests/fuzz/corpus/<name>; new inputs never go into the repository) and reports, per target,
# the time it ran and its number of executions. Exits non-zero when any target found a crash,
# leak, timeout, out-of-memory or sanitizer report, printing the reproducer and the report's start.
#
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]
#
# TARGET is csv, model_file or session_file (default: all three, one after the other).
# FUZZ_JOBS=2 runs two targets at once. FUZZ_WORK=DIR keeps the scratch corpora and logs there
# (default: a temporary directory that is removed unless something was found).
set -u

if [[ $# -lt 2 ]]; then
  echo "usage: $0 BUILD_DIR SECONDS [csv|model_file|session_file ...]" >&2
  exit 2
fi
build=$(cd "$1" && pwd) || exit 2
seconds=$2
shift 2
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(csv model_file session_file)
here=$(cd "$(dirname "$0")" && pwd)
jobs=${FUZZ_JOBS:-1}

if [[ -n "${FUZZ_WORK:-}" ]]; then
  work=$FUZZ_WORK
  mkdir -p "$work"
  keep=1
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/rnnwb_fuzz.XXXXXX")
  keep=0
fi

# The longest input worth mutating per target (bytes): CSV and model seeds are a few KB.
max_len() {
  case $1 in
    csv) echo 16384 ;;
    model_file) echo 65536 ;;
    session_file) echo 65536 ;;
  esac
}

# libFuzzer dictionaries (written to the scratch directory): tokens that byte mutations rarely build.
write_dict() {
  case $1 in
    csv)
      printf '%s\n' '"\""' '"\"\""' '","' '";"' '"\x09"' '"\x0d\x0a"' '"\x0d"' '"\xef\xbb\xbf"' '"NA"' '"N/A"' \
        '"nan"' '"null"' '"inf"' '"-inf"' '"1e308"' '"1e309"' '"-1e400"' '"0x1p3"' '"+-1"' '"time"' '"date"' '"year"' ;;
    model_file | session_file)
      printf '%s\n' '"1e300"' '"-1e30"' '"4.5"' '"-1"' '"0"' '"65536"' '"4294967299"' '"18446744073709551615"' \
        '"9223372036854775808"' '"-9223372036854775809"' '"null"' '"true"' '"[]"' '"{}"' '"\"F64\""' '"\"F16\""' \
        '"\"lstm\""' '"\"gru\""' '"\"rnn\""' '"\"dense\""' '"\"dropout\""' '"\"relu\""' '"\"sigmoid\""' \
        '"\"units\""' '"\"window\""' '"\"horizon\""' '"\"diff_lag\""' '"\"log\""' '"\"scale\""' \
        '"\"return_sequences\""' '"\"input_features\""' '"\"format_version\""' '"\"__metadata__\""' \
        '"\"data_offsets\""' '"\"shape\""' '"\\u0000"' '"\\ud800"' ;;
  esac
}

run_one() {
  local name=$1
  local exe=$build/tests/fuzz/fuzz_$name
  local dir=$work/$name
  mkdir -p "$dir/corpus" "$dir/artifacts"
  cp -n "$here/corpus/$name/"* "$dir/corpus/" 2>/dev/null
  write_dict "$name" >"$dir/dict"
  # ASan: report leaks; UBSan: stop with a stack at the first report (the build already has
  # -fno-sanitize-recover=all).
  local start=$SECONDS
  ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
  UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
    "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$name")" \
    -print_final_stats=1 -dict="$dir/dict" -artifact_prefix="$dir/artifacts/" "$dir/corpus" >"$dir/log" 2>&1
  echo $? >"$dir/rc"
  echo $((SECONDS - start)) >"$dir/seconds"
}

for name in "${targets[@]}"; do
  if [[ ! -x $build/tests/fuzz/fuzz_$name ]]; then
    echo "no fuzzer $build/tests/fuzz/fuzz_$name (build it: cmake --build $build --target fuzz_$name)" >&2
    exit 2
  fi
done

running=0
for name in "${targets[@]}"; do
  echo "fuzzing $name for ${seconds}s ..."
  run_one "$name" &
  running=$((running + 1))
  if [[ $running -ge $jobs ]]; then
    wait -n
    running=$((running - 1))
  fi
done
wait

failed=0
for name in "${targets[@]}"; do
  dir=$work/$name
  log=$dir/log
  rc=$(cat "$dir/rc" 2>/dev/null || echo "?")
  # libFuzzer's final stats: "stat::number_of_executed_units: N", and "Done N runs in S second(s)".
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  ran=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  [[ -z $ran ]] && ran=$(cat "$dir/seconds" 2>/dev/null)  # stopped early by a finding: wall time
  corpus=$(ls "$dir/corpus" | wc -l)
  printf '%-13s ran %ss, %s executions, corpus %s files, exit %s\n' "$name" "${ran:-?}" "${execs:-?}" "$corpus" "$rc"
  artifacts=$(ls "$dir/artifacts" 2>/dev/null)
  if [[ $rc != 0 || -n $artifacts ]] ||
     grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY: ' "$log"; then
    failed=1
    echo "  FOUND a problem in $name (full log: $log)"
    for a in $artifacts; do echo "  reproducer: $dir/artifacts/$a  (rerun: $build/tests/fuzz/fuzz_$name $dir/artifacts/$a)"; done
    grep -m1 -n -E '==ERROR|runtime error:|ERROR: libFuzzer|terminate called|uncaught exception' "$log" |
      cut -d: -f1 | while read -r line; do sed -n "${line},$((line + 15))p" "$log" | sed 's/^/  | /'; done
  fi
done

if [[ $failed -ne 0 ]]; then
  keep=1
  echo "FAILED: at least one fuzzer found a problem; the scratch directory $work is kept"
elif [[ $keep -eq 0 ]]; then
  rm -rf "$work"
fi
exit $failed
