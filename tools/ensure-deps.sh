#!/usr/bin/env bash
# Installs the Debian 12 packages the build and tests need, only those missing.
# Sourced by ./run and ./test; needs root (or sudo) when something is missing.
set -euo pipefail

RNNWB_PACKAGES=(
  build-essential cmake pkg-config
  libeigen3-dev nlohmann-json3-dev libcli11-dev libfast-float-dev
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev libxkbcommon-dev fonts-dejavu-core
  libgtest-dev python3-numpy libssl-dev libzip-dev
  libonnx-dev libprotobuf-dev protobuf-compiler python3-torch libopenblas0-pthread
  clang libclang-rt-14-dev  # the libFuzzer and sanitizer builds of tools/hardening-tests.sh
  clang-format clang-tidy  # tools/format-check.sh in ./test; .clang-tidy for developers
  libomp-14-dev  # LLVM's OpenMP and its Archer tool, for the ThreadSanitizer build
)

ensure_packages() {
  local missing=()
  for p in "${RNNWB_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: run as root, or install: apt-get install ${missing[*]}" >&2; exit 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# Node.js and npm, for the test tooling only (ONNX Runtime from the npm package onnxruntime-node).
# A machine may already have them from elsewhere (NodeSource); Debian's packages otherwise.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  ensure_packages nodejs npm
}
