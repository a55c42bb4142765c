#!/usr/bin/env bash
# Installs ONNX Runtime for Node (npm onnxruntime-node, test and benchmark tooling only) into
# DIR/node_modules unless it is there. --ignore-scripts: the package already holds its Linux x64
# CPU library; its install script would only fetch GPU providers.
# Usage: ensure-onnxruntime-node.sh DIR
set -euo pipefail
dir=${1:?usage: ensure-onnxruntime-node.sh DIR}
[ -d "$dir/node_modules/onnxruntime-node" ] && exit 0
command -v npm >/dev/null || { echo "error: npm is missing: apt-get install nodejs npm" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
npm install --ignore-scripts --no-audit --no-fund --loglevel=error onnxruntime-node >/dev/null ||
  { echo "error: npm install onnxruntime-node failed (it needs the npm registry)" >&2; exit 1; }
