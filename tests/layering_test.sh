#!/usr/bin/env bash
# The engine's layering, checked: every #include "engine/<folder>/..." in engine/<other>/ must name
# a folder whose library <other>'s library links, directly or through others, as declared by the
# target_link_libraries lines of engine/CMakeLists.txt (one library rnnwb_<folder> per folder).
# The engine never includes ui/ or app/ either. Usage: layering_test.sh REPO_ROOT
# Run with --self-test to check that the check itself fails on a planted violating include.
set -euo pipefail

check() {
  local root=$1 cmake=$1/engine/CMakeLists.txt
  declare -A direct=()
  local line target deps
  # Declared arrows: target_link_libraries(rnnwb_X PUBLIC|PRIVATE rnnwb_Y ...), joined over lines.
  while IFS= read -r line; do
    target=$(sed -E 's/^target_link_libraries\((rnnwb_[a-z_]+).*/\1/' <<<"$line")
    deps=$(grep -oE 'rnnwb_[a-z_]+' <<<"$line" | tail -n +2 | tr '\n' ' ' || true)
    direct[${target#rnnwb_}]+="$(sed -E 's/rnnwb_//g' <<<"$deps")"
  done < <(tr '\n' ' ' <"$cmake" | grep -oE 'target_link_libraries\(rnnwb_[a-z_]+[^)]*\)')

  local folders folder
  folders=$(find "$root/engine" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
  local failures=0
  for folder in $folders; do
    if [[ -z ${direct[$folder]+x} ]]; then
      echo "engine/$folder has no library rnnwb_$folder with declared arrows in engine/CMakeLists.txt"
      failures=$((failures + 1))
      continue
    fi
    # Everything reachable from this folder's library, itself included.
    local allowed=" $folder " queue=${direct[$folder]} next dep
    while [[ -n ${queue// /} ]]; do
      next=""
      for dep in $queue; do
        [[ $allowed == *" $dep "* ]] && continue
        allowed+="$dep "
        next+=" ${direct[$dep]:-}"
      done
      queue=$next
    done
    local file include target_folder
    while IFS=: read -r file include; do
      target_folder=$(sed -E 's/.*#include "engine\/([a-z_]+)\/.*/\1/' <<<"$include")
      if [[ $allowed != *" $target_folder "* ]]; then
        echo "${file#"$root"/}: includes engine/$target_folder, which rnnwb_$folder does not link:$include"
        failures=$((failures + 1))
      fi
    done < <(grep -rHE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"engine/' "$root/engine/$folder" || true)
    while IFS= read -r line; do
      echo "${line#"$root"/}: the engine includes the GUI or the command line"
      failures=$((failures + 1))
    done < <(grep -rHE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<](ui|app)/|<Q[A-Za-z]+>' "$root/engine/$folder" || true)
  done
  if ((failures > 0)); then
    echo "layering: $failures include(s) against the arrows declared in engine/CMakeLists.txt"
    return 1
  fi
  echo "layering: every engine include follows the declared arrows"
}

root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
if [[ ${2:-} == --self-test || ${1:-} == --self-test ]]; then
  [[ ${1:-} == --self-test ]] && root=$(cd "$(dirname "$0")/.." && pwd)
  copy=$(mktemp -d)
  trap 'rm -rf "$copy"' EXIT
  mkdir -p "$copy/engine"
  cp "$root/engine/CMakeLists.txt" "$copy/engine/"
  cp -r "$root/engine/core" "$root/engine/data" "$copy/engine/"
  for folder in "$root"/engine/*/; do mkdir -p "$copy/engine/$(basename "$folder")"; done
  check "$copy" >/dev/null || { echo "self-test: the untouched copy should pass"; exit 1; }
  # A lower library reaching up: data must not include the trainer.
  echo '#include "engine/train/trainer.hpp"' >>"$copy/engine/data/pipeline.hpp"
  if check "$copy" >/dev/null; then
    echo "self-test: a violating include (data -> train) was not reported"
    exit 1
  fi
  echo "self-test: the check reports a violating include"
  exit 0
fi
check "$root"
