// TensorFlow.js's side of `npm run bench`: node bench/peers/tfjs.ts cpu|wasm
// (@tensorflow/tfjs is imported once because the Node build of tfjs-core registers no gradients).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { runAll, time } from "./common.js";

const backend = process.argv[2] === "wasm" ? "wasm" : "cpu";
await tf.setBackend(backend);
await tf.ready();

/**
 * Runs fn in a tidy scope, then reads the results back and frees them. The read must be
 * outside tf.tidy: inside it the WASM backend is about ten times slower (measured here).
 */
function run(fn: () => tf.Tensor | tf.Tensor[]): void {
  const out = tf.tidy(fn);
  const list = Array.isArray(out) ? out : [out];
  for (const t of list) t.dataSync();
  tf.dispose(list);
}

await runAll(`tfjs-${backend}`, {
  matmul1024: async () => {
    const a = tf.randomNormal([1024, 1024]), b = tf.randomNormal([1024, 1024]);
    return time(() => run(() => tf.matMul(a, b)), 5, 1);
  },
  matmul512_fwd_bwd: async () => {
    const a = tf.randomNormal([512, 512]), b = tf.randomNormal([512, 512]);
    const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).sum());
    return time(() => run(() => g([a, b])), 5, 1);
  },
  mlp_step: async () => {
    const sizes = [784, 256, 128, 10];
    const ws = sizes.slice(0, -1).map((n, i) => tf.variable(tf.randomNormal([n, sizes[i + 1]], 0, 0.05)));
    const bs = sizes.slice(1).map((n) => tf.variable(tf.zeros([n])));
    const x = tf.randomNormal([128, 784]);
    const y = tf.oneHot(tf.randomUniform([128], 0, 10, "int32"), 10);
    const opt = tf.train.sgd(0.01);
    return time(() => {
      opt.minimize(() => {
        let h: tf.Tensor = x;
        ws.forEach((w, i) => {
          h = tf.add(tf.matMul(h, w), bs[i]);
          if (i < ws.length - 1) h = tf.relu(h);
        });
        return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
      });
      ws[0].dataSync();
    }, 20, 5);
  },
  elementwise_1e6: async () => {
    const a = tf.randomNormal([1_000_000]), b = tf.randomNormal([1_000_000]);
    const g = tf.grad((x: tf.Tensor) => tf.add(tf.mul(x, b), tf.exp(x)).sum());
    return time(() => run(() => g(a)), 10, 3);
  },
  chain_10k: async () => {
    const g = tf.grad((x: tf.Tensor) => {
      let y = x;
      for (let i = 0; i < 4762; i++) {
        y = tf.add(tf.mul(y, 1.0001), 0.0001);
        if (i % 10 === 9) y = tf.tanh(y);
      }
      return y;
    });
    return time(() => run(() => g(tf.scalar(0.5))), 5, 2);
  },
}, { backend });
