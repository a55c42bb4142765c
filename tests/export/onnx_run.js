// Runs an exported ONNX model with ONNX Runtime for Node (npm onnxruntime-node, CPU):
//   node onnx_run.js MODEL.onnx X.f32 N WINDOW FEATURES Y.f32
// X.f32 holds N x WINDOW x FEATURES raw float32 windows in original units; Y.f32 gets the raw
// float32 output `y`. Prints the output's shape and the model's metadata as JSON. With a 7th
// argument PREFIX, every output NAME is also written to PREFIX.NAME.f32 (the interval bounds).
// NODE_PATH points at the node_modules the test installed it into.
'use strict';
const fs = require('fs');
const ort = require('onnxruntime-node');

async function main() {
  const [modelPath, xPath, n, window, features, yPath, prefix] = process.argv.slice(2);
  if (!yPath) throw new Error('usage: node onnx_run.js MODEL.onnx X.f32 N WINDOW FEATURES Y.f32');
  const dims = [Number(n), Number(window), Number(features)];
  const bytes = fs.readFileSync(xPath);
  const x = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  if (x.length !== dims[0] * dims[1] * dims[2]) throw new Error(`${xPath} holds ${x.length} floats, not ${dims.join(' x ')}`);
  const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 2, interOpNumThreads: 1 });
  const result = await session.run({ x: new ort.Tensor('float32', x, dims) });
  const y = result.y;
  fs.writeFileSync(yPath, Buffer.from(y.data.buffer, y.data.byteOffset, y.data.byteLength));
  if (prefix)
    for (const [name, t] of Object.entries(result))
      fs.writeFileSync(`${prefix}.${name}.f32`, Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  console.log(JSON.stringify({ inputs: session.inputNames, outputs: session.outputNames, shape: y.dims }));
}

main().catch((err) => {
  console.error(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
