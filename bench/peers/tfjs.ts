// TensorFlow.js's side of `npm run bench`: node bench/peers/tfjs.ts cpu|wasm
// (@tensorflow/tfjs is imported once because the Node build of tfjs-core registers no gradients).
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { MNIST_BATCH, epochEstimate, mnistTrain, runAll, time } from "./common.js";

const backend = process.argv[2] === "wasm" ? "wasm" : "cpu";
// In a browser (bench/browser.ts) the backend's .wasm files are served from node_modules.
const wasmPaths = (globalThis as { TFJS_WASM_PATHS?: string }).TFJS_WASM_PATHS;
if (wasmPaths) setWasmPaths(wasmPaths);
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

const mnist = mnistTrain();

/** The main job's MLP or CNN (NHWC, TF.js's native layout), trained with Adam on batch i. */
function mnistEpoch(model: "mlp" | "cnn", steps: number, warmup: number): Promise<number> {
  const v = (shape: number[], fanIn: number) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
  const p: Record<string, tf.Variable> =
    model === "mlp"
      ? { w1: v([784, 256], 784), b1: v([256], 784), w2: v([256, 128], 256), b2: v([128], 256), w3: v([128, 10], 128), b3: v([10], 128) }
      : { c1: v([3, 3, 1, 32], 9), cb1: v([32], 9), c2: v([3, 3, 32, 64], 288), cb2: v([64], 288), w1: v([1600, 128], 1600), b1: v([128], 1600), w2: v([128, 10], 128), b2: v([10], 128) };
  const forward = (x: tf.Tensor): tf.Tensor => {
    if (model === "mlp") {
      const h1 = tf.relu(tf.add(tf.matMul(x.reshape([-1, 784]), p.w1), p.b1));
      const h2 = tf.relu(tf.add(tf.matMul(h1, p.w2), p.b2));
      return tf.add(tf.matMul(h2, p.w3), p.b3);
    }
    const x4 = x.reshape([-1, 28, 28, 1]) as tf.Tensor4D;
    const a = tf.maxPool(tf.relu(tf.add(tf.conv2d(x4, p.c1 as tf.Tensor4D, 1, "valid"), p.cb1)) as tf.Tensor4D, 2, 2, "valid");
    const b = tf.maxPool(tf.relu(tf.add(tf.conv2d(a, p.c2 as tf.Tensor4D, 1, "valid"), p.cb2)) as tf.Tensor4D, 2, 2, "valid");
    const h = tf.relu(tf.add(tf.matMul(b.reshape([-1, 1600]), p.w1), p.b1));
    return tf.add(tf.matMul(h, p.w2), p.b2);
  };
  const opt = tf.train.adam(1e-3);
  return epochEstimate((i) => {
    const x = tf.tensor2d(mnist.images.subarray(i * MNIST_BATCH * 784, (i + 1) * MNIST_BATCH * 784), [MNIST_BATCH, 784]);
    const y = tf.oneHot(tf.tensor1d(mnist.labels.subarray(i * MNIST_BATCH, (i + 1) * MNIST_BATCH), "int32"), 10);
    const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(y, forward(x)) as tf.Scalar, true);
    loss!.dataSync();
    tf.dispose([x, y, loss!]);
  }, steps, warmup);
}

const slow = backend === "cpu";
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
  mnist_mlp_epoch: () => mnistEpoch("mlp", slow ? 8 : 30, slow ? 2 : 5),
  mnist_cnn_epoch: () => mnistEpoch("cnn", slow ? 3 : 10, slow ? 1 : 3),
}, { backend });
