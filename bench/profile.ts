// `npm run bench:profile`: where a CPU training step's time goes. Each of the
// backend's kernel entry points (src/backend/index.ts's `backend`) is timed
// from JS, and V8's collections are counted with a PerformanceObserver, over
// steps of the bench's training workloads; the rest of the step is JS (ops,
// autograd, modules) and allocation. Prints one table per workload and writes
// bench/results/profile.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { PerformanceObserver } from "node:perf_hooks";
import * as torch from "../src/index.js";
import { backend } from "../src/backend/index.js";
import { CNN, MLP } from "../examples/mnist/models.js";
import { makeModel, Names, trainStep } from "../examples/charlm/model.js";
import { mnistTrain } from "./peers/common.js";
import { makemoreMlp, mnistExample, wordLanguageModel } from "./peers/programs.js";

const { nn } = torch;
const kernelTime = new Map<string, number>();
/** Every timed kernel call, in order: a collection that starts inside one is taken out of that kernel's time. */
const calls: { name: string; t0: number; t1: number }[] = [];
let timing = false;
// Wrap every kernel entry point: time spent inside it is the kernel's (and its allocation of the output).
const entryPoints = backend as unknown as Record<string, unknown>;
for (const name of Object.keys(entryPoints)) {
  const f = entryPoints[name];
  if (typeof f !== "function" || name.endsWith("_threads")) continue;
  entryPoints[name] = (...args: unknown[]) => {
    if (!timing) return (f as (...a: unknown[]) => unknown)(...args);
    timing = false; // a kernel calling another (a strided copy before a product) counts once, as its caller
    const t0 = performance.now();
    try {
      return (f as (...a: unknown[]) => unknown)(...args);
    } finally {
      const t1 = performance.now();
      kernelTime.set(name, (kernelTime.get(name) ?? 0) + t1 - t0);
      calls.push({ name, t0, t1 });
      timing = true;
    }
  };
}

const collections: { start: number; duration: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push({ start: e.startTime, duration: e.duration });
}).observe({ entryTypes: ["gc"] });

/** Runs `warmup` steps, then `steps` timed ones; the step's time split into kernels, GC pauses and the rest. */
async function profile(name: string, step: () => void, steps: number, warmup: number): Promise<Record<string, number>> {
  for (let i = 0; i < warmup; i++) step();
  await new Promise((resolve) => setTimeout(resolve, 10));
  kernelTime.clear();
  calls.length = 0;
  timing = true;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  const total = performance.now() - t0;
  timing = false;
  await new Promise((resolve) => setTimeout(resolve, 10)); // the observer reports asynchronously
  const inLoop = collections.filter((c) => c.start >= t0 && c.start < t0 + total);
  const gcTime = inLoop.reduce((sum, c) => sum + c.duration, 0), gcCount = inLoop.length;
  for (const c of inLoop) {
    let lo = 0, hi = calls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (calls[mid].t0 <= c.start) lo = mid;
      else hi = mid - 1;
    }
    const call = calls[lo];
    if (call !== undefined && call.t0 <= c.start && c.start < call.t1) kernelTime.set(call.name, kernelTime.get(call.name)! - c.duration);
  }
  collections.length = 0;
  calls.length = 0;
  const perStep = (ms: number) => (ms / steps) * 1000;
  const row: Record<string, number> = { step_us: perStep(total) };
  let kernels = 0;
  for (const [k, ms] of [...kernelTime].sort((a, b) => b[1] - a[1])) {
    row[`kernel ${k}`] = perStep(ms);
    kernels += ms;
  }
  row.gc_pauses_us = perStep(gcTime);
  row.gc_per_step = gcCount / steps;
  row.js_and_allocation_us = perStep(total - kernels - gcTime);
  console.log(`\n${name}: ${row.step_us.toFixed(0)} us per step (${steps} steps, backend ${torch.get_backend()}, ${torch.get_num_threads()} threads)`);
  for (const [k, v] of Object.entries(row)) {
    if (k === "step_us" || k === "gc_per_step") continue;
    console.log(`  ${k.padEnd(28)} ${v.toFixed(0).padStart(7)} us  ${((100 * v) / row.step_us).toFixed(1).padStart(5)}%`);
  }
  console.log(`  collections per step         ${row.gc_per_step.toFixed(2)}`);
  return row;
}

torch.manual_seed(0);
/** One classifier training step, as the bench's MLP workloads take it. */
function classifierStep(model: torch.nn.Module, opt: torch.optim.Optimizer, x: torch.Tensor, y: torch.Tensor): () => void {
  return () => {
    const loss = nn.functional.cross_entropy(model.forward(x) as torch.Tensor, y);
    opt.zero_grad();
    loss.backward();
    opt.step();
  };
}

const results: Record<string, Record<string, number>> = {};
// BENCH_ONLY=cnn_adam_step,... profiles a subset, as in the peers' scripts.
const only = (process.env.BENCH_ONLY ?? "").split(",").filter(Boolean);
const wanted = (name: string) => only.length === 0 || only.includes(name);
if (wanted("mlp_step")) {
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const step = classifierStep(model, new torch.optim.SGD(model.parameters(), { lr: 0.01 }), torch.randn(128, 784), torch.randint(0, 10, [128]));
  results.mlp_step = await profile("MLP 784-256-128-10 SGD step, batch 128", step, 500, 50);
}
if (wanted("mlp_adam_step")) {
  const model = new MLP();
  const step = classifierStep(model, new torch.optim.Adam(model.parameters(), { lr: 1e-3 }), torch.randn(128, 1, 28, 28), torch.randint(0, 10, [128]));
  results.mlp_adam_step = await profile("the same MLP with Adam (the MNIST epoch's step)", step, 500, 50);
}
if (wanted("cnn_adam_step")) {
  const model = new CNN();
  const step = classifierStep(model, new torch.optim.Adam(model.parameters(), { lr: 1e-3 }), torch.randn(128, 1, 28, 28), torch.randint(0, 10, [128]));
  results.cnn_adam_step = await profile("the MNIST CNN with Adam (the CNN epoch's step)", step, 40, 5);
}
if (wanted("elementwise_1e6")) {
  const a = torch.randn(1_000_000, { requires_grad: true }), b = torch.randn(1_000_000);
  results.elementwise_1e6 = await profile("1e6 elements, (a*b + a.exp()).sum() fwd + bwd", () => {
    a.grad = null;
    a.mul(b).add(a.exp()).sum().backward();
  }, 300, 30);
}
const names = new Names();
for (const kind of ["lstm", "transformer"] as const) {
  if (!wanted(`charlm_${kind}_step`)) continue;
  torch.manual_seed(0);
  const model = makeModel(kind, names);
  const opt = new torch.optim.AdamW(model.parameters(), { lr: 5e-3, weight_decay: 0.01 });
  results[`charlm_${kind}_step`] = await profile(`char ${kind} LM step (examples/charlm, batch 32, AdamW)`, () => void trainStep(model, opt, names, 32), 200, 20);
}
// The ported programs of the bench (bench/peers/programs.ts), step by step.
if (wanted("makemore_mlp_step")) results.makemore_mlp_step = await profile("makemore's MLP step", makemoreMlp(), 300, 30);
if (wanted("mnist_example_step")) {
  const mnist = mnistTrain();
  const images = torch.tensor(mnist.images).reshape(mnist.n, 1, 28, 28), labels = torch.tensor(mnist.labels, { dtype: torch.int64 });
  results.mnist_example_step = await profile("pytorch/examples' MNIST step (batch 64, Adadelta)", mnistExample(images, labels), 40, 5);
}
if (wanted("word_lm_step")) results.word_lm_step = await profile("pytorch/examples' word language model step", wordLanguageModel(), 10, 2);
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/profile.json", JSON.stringify({ backend: torch.get_backend(), threads: torch.get_num_threads(), results }, null, 1) + "\n");
