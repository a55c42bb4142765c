# Shared by the command-line test scripts (sourced): `check` runs a command as one named check and
# counts it; `expect_exit` asserts an exit code and one clear stderr line containing a text.
passed=0
failed=0
check() {  # check "description" command...
  local what=$1
  shift
  if "$@" >check.out 2>&1; then
    passed=$((passed + 1))
    echo "ok: $what"
  else
    failed=$((failed + 1))
    echo "FAILED: $what"
    sed 's/^/    /' check.out | tail -20
  fi
}
expect_exit() {  # expect_exit CODE "stderr text" command...
  local code=$1 text=$2
  shift 2
  "$@" >out.txt 2>err.txt
  local got=$?
  [ "$got" -eq "$code" ] || { echo "exit $got, expected $code; stderr:"; cat err.txt; return 1; }
  grep -qF -- "$text" err.txt || { echo "stderr lacks '$text':"; cat err.txt; return 1; }
  [ "$(wc -l <err.txt)" -le "${MAX_STDERR_LINES:-2}" ] || { echo "stderr is more than one clear line:"; cat err.txt; return 1; }
}
