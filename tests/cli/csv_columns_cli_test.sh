#!/usr/bin/env bash
# Files a user expects to open (issue 15) from the command line: a text column refused with the
# flags that fix it, --ignore-columns, --time-column on any column, decimal commas detected and
# --decimal, the default target past calendar and counter columns, and the log error's file line.
# Usage: csv_columns_cli_test.sh path/to/rnnwb
set -uo pipefail
RNNWB=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
# shellcheck source=check_helpers.sh
source "$HERE/check_helpers.sh"
FAST=(--units 4 --epochs 1 --batch-size 16 --threads 1 --seed 1 --quiet --window 3)

# 40 days of a shop: a date, a city (text), sales and a note (text).
{
  echo "date,city,sales,notes"
  for i in $(seq 1 40); do printf '2001-%02d-%02d,City%d,%d.5,note %d\n' $(((i - 1) / 28 + 1)) $(((i - 1) % 28 + 1)) $((i % 3)) $((i * 7 % 11 + 1)) "$i"; done
} >shop.csv
# The same numbers in a European export: semicolons, decimal commas, a point grouping thousands.
{
  echo "date;sales;stock"
  for i in $(seq 1 40); do printf '2001-%02d-%02d;%d,5;1.%03d,25\n' $(((i - 1) / 28 + 1)) $(((i - 1) % 28 + 1)) $((i * 7 % 11 + 1)) $((i * 13 % 1000)); done
} >eu.csv
# A counter column first, then the quantities.
{
  echo "t,price,volume"
  for i in $(seq 0 39); do echo "$i,$((i * 7 % 11 + 10)).25,$((i % 5))"; done
} >counter.csv

check "a text column is refused naming the column, the line, the value and both flags" bash -c "
  $(declare -f expect_exit); expect_exit 3 'line 2, column \"city\": \"City1\" is not a number' \
    '$RNNWB' train --data shop.csv --target sales ${FAST[*]} --out m.safetensors &&
  grep -qF 'pass --ignore-columns city to leave this column out, or pass --time-column city' err.txt"
check "--ignore-columns by name and number trains, and says what it left out" bash -c "
  '$RNNWB' train --data shop.csv --ignore-columns city,4 --target sales ${FAST[*]} --out shop.safetensors 2>err.txt &&
  grep -qF 'column \"city\" left out (asked)' err.txt && grep -qF 'column \"notes\" left out (asked)' err.txt"
check "predict on the file with its text columns: the model's data leaves them out" bash -c "
  '$RNNWB' predict --model shop.safetensors --data shop.csv --out p.csv 2>err.txt &&
  [ \$(wc -l <p.csv) -gt 30 ] && grep -qF 'left out (text found at line 2' err.txt"
check "evaluate on the same file" "$RNNWB" evaluate --model shop.safetensors --data shop.csv
check "export --format csv on the same file" "$RNNWB" export --model shop.safetensors --format csv --data shop.csv \
  --out e.csv
check "an unknown column to ignore lists the columns" expect_exit 3 '"date", "city", "sales", "notes"' \
  "$RNNWB" train --data shop.csv --ignore-columns town --target sales "${FAST[@]}" --out x.safetensors
# The model's recorded time column (its safetensors metadata), compared with argv[2].
MODEL_TIME_COLUMN='
import json, struct, sys
raw = open(sys.argv[1], "rb").read()
meta = json.loads(raw[8:8 + struct.unpack("<Q", raw[:8])[0]])["__metadata__"]
def find(o):
    if isinstance(o, dict):
        if "time_column" in o: return o["time_column"]
        for v in o.values():
            r = find(v)
            if r is not None: return r
    return None
got = find(json.loads(meta["rnnwb"]))
assert got == sys.argv[2], got
'
export MODEL_TIME_COLUMN
check "--time-column on a column that is not first" bash -c "
  '$RNNWB' train --data shop.csv --time-column city --ignore-columns date,notes --target sales ${FAST[*]} \
    --out city.safetensors && /usr/bin/python3 -c \"\$MODEL_TIME_COLUMN\" city.safetensors city"

check "decimal commas in a semicolon file are detected" bash -c "
  '$RNNWB' train --data eu.csv --target stock ${FAST[*]} --out eu.safetensors --metrics-json eu.json &&
  /usr/bin/python3 -c \"import json; m = json.load(open('eu.json')); assert m, m\""
check "--decimal point on it names the header line and the decimal mark" expect_exit 3 'line 1 looks like a header' \
  "$RNNWB" train --data eu.csv --decimal point --target stock "${FAST[@]}" --out x.safetensors
printf 'a,b\n1,"95,6"\n2,"96,1"\n3,"97,0"\n' >quoted.csv
check "a quoted decimal comma in a comma file says what it looks like" expect_exit 3 \
  '"95,6" looks like a number with a decimal comma, but the file is read with '"'.'"' as the decimal mark: use --decimal comma' \
  "$RNNWB" train --data quoted.csv --target b "${FAST[@]}" --out x.safetensors
check "--decimal takes auto, point or comma only" expect_exit 2 "--decimal" \
  "$RNNWB" train --data eu.csv --decimal semicolon --target stock "${FAST[@]}" --out x.safetensors

check "without --target: the column after a counter, and said" bash -c "
  '$RNNWB' train --data counter.csv ${FAST[*]} --out c.safetensors 2>err.txt &&
  grep -qF 'target: \"price\"' err.txt && '$RNNWB' inspect --model c.safetensors | grep -q 'targets:   price'"

{
  echo "day,v"
  for i in $(seq 1 40); do echo "d$i,$((i == 30 ? 0 : i))"; done
} >zero.csv
check "the log error names the file line and the time label" expect_exit 3 'line 31 (day "d30"), column "v": 0' \
  "$RNNWB" train --data zero.csv --target v --log "${FAST[@]}" --out x.safetensors

echo "csv_columns_cli_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
