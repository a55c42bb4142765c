// ONNX Runtime's inference throughput on a network written by `rnnwb bench --onnx`, measured like
// torch_reference.py and rnnwb bench: inputs U[0,1) (sequences, steps, features), a forward pass
// over all of them in chunks of 256 after one warm-up chunk. Prints one JSON line.
//   node ort_bench.js MODEL.onnx SEQUENCES STEPS FEATURES THREADS
// NODE_PATH must reach onnxruntime-node (compare.sh installs it into build/node_tools).
'use strict';
const ort = require('onnxruntime-node');

async function main() {
  const [model, sequences, steps, features, threads] = process.argv.slice(2);
  const [n, t, f] = [Number(sequences), Number(steps), Number(features)];
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: Number(threads), interOpNumThreads: 1, graphOptimizationLevel: 'all',
  });
  const x = new Float32Array(n * t * f);
  for (let i = 0; i < x.length; ++i) x[i] = Math.random();
  const chunk = (first) => {
    const rows = Math.min(256, n - first);
    return new ort.Tensor('float32', x.subarray(first * t * f, (first + rows) * t * f), [rows, t, f]);
  };
  await session.run({ x: chunk(0) });  // warm-up
  const start = process.hrtime.bigint();
  for (let first = 0; first < n; first += 256) await session.run({ x: chunk(first) });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ engine: `onnxruntime-node-${require('onnxruntime-node/package.json').version}`,
    threads: Number(threads), infer_seq_per_s: Math.round((n / seconds) * 10) / 10 }));
}

main().catch((err) => {
  console.error(String(err && err.stack ? err.stack : err));
  process.exit(1);
});
