// TensorFlow.js's side of `npm run bench`: node bench/peers/tfjs.ts cpu|wasm
// (@tensorflow/tfjs is imported once because the Node build of tfjs-core registers no gradients).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import "@tensorflow/tfjs-backend-wasm";
import { runAll, time } from "./common.js";

const backend = process.argv[2] === "wasm" ? "wasm" : "cpu";
await tf.setBackend(backend);
await tf.ready();

const sync = (t: tf.Tensor | tf.Tensor[]) => (Array.isArray(t) ? t.forEach((x) => x.dataSync()) : t.dataSync());

await runAll(`tfjs-${backend}`, {
  matmul1024: async () => {
    const a = tf.randomNormal([1024, 1024]), b = tf.randomNormal([1024, 1024]);
    return time(() => tf.tidy(() => sync(tf.matMul(a, b))), 5, 1);
  },
  matmul512_fwd_bwd: async () => {
    const a = tf.randomNormal([512, 512]), b = tf.randomNormal([512, 512]);
    const g = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y).sum());
    return time(() => tf.tidy(() => sync(g([a, b]))), 5, 1);
  },
  mlp_step: async () => {
    const sizes = [784, 256, 128, 10];
    const ws = sizes.slice(0, -1).map((n, i) => tf.variable(tf.randomNormal([n, sizes[i + 1]], 0, 0.05)));
    const bs = sizes.slice(1).map((n) => tf.variable(tf.zeros([n])));
    const x = tf.randomNormal([128, 784]);
    const y = tf.oneHot(tf.randomUniform([128], 0, 10, "int32"), 10);
    const opt = tf.train.sgd(0.01);
    return time(() => tf.tidy(() => {
      opt.minimize(() => {
        let h: tf.Tensor = x;
        ws.forEach((w, i) => {
          h = tf.add(tf.matMul(h, w), bs[i]);
          if (i < ws.length - 1) h = tf.relu(h);
        });
        return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
      });
      sync(ws[0]);
    }), 20, 5);
  },
  elementwise_1e6: async () => {
    const a = tf.randomNormal([1_000_000]), b = tf.randomNormal([1_000_000]);
    const g = tf.grad((x: tf.Tensor) => tf.add(tf.mul(x, b), tf.exp(x)).sum());
    return time(() => tf.tidy(() => sync(g(a))), 10, 3);
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
    return time(() => tf.tidy(() => sync(g(tf.scalar(0.5)))), 5, 2);
  },
}, { backend });
