// `npm run bench:gpu-lifetimes`: GPU memory over loops of large temporaries,
// written as in PyTorch (no dispose: freed when V8 collects, with Note [GPU
// memory pressure]'s collections in Node) and with a torch.scope per iteration
// (freed when the scope ends, Note [ownership]); and a small MLP trained with a
// scope per step and without one. Peak bytes from torch.webgpu.max_memory_allocated().
// Iterations and sizes: argv (`-- --iters 500 --floats 4194304 --steps 1000 --mlp both`).
import { parseArgs } from "node:util";
import * as torch from "../src/index.js";

const { values } = parseArgs({ options: { iters: { type: "string", default: "500" }, floats: { type: "string", default: String(1 << 22) }, steps: { type: "string", default: "1000" }, mlp: { type: "string", default: "both" } } });
const iters = Number(values.iters), floats = Number(values.floats), steps = Number(values.steps);
await torch.webgpu.init();
const D = "webgpu";
const mib = (n: number) => (n / 2 ** 20).toFixed(1);
console.log(`${torch.webgpu.get_device_name()}`);

const x = torch.randn(floats).to(D);
// One iteration: two temporaries of x's size, and a one-element sum.
const iteration = () => x.mul(2).add(1).sum();
const iterationBytes = 2 * 4 * floats;

async function loop(name: string, body: () => torch.Tensor): Promise<void> {
  torch.webgpu.reset_peak_memory_stats();
  const base = torch.webgpu.memory_allocated();
  const t0 = performance.now();
  for (let i = 1; i <= iters; i++) {
    const r = body();
    if (i % 50 === 0) await r.cpu();
  }
  const peak = torch.webgpu.max_memory_allocated() - base;
  console.log(`${name}: ${iters} iterations of ${mib(iterationBytes)} MiB of temporaries, peak ${mib(peak)} MiB above the start (${(peak / iterationBytes).toFixed(2)}x one iteration), ${((performance.now() - t0) / iters).toFixed(1)} ms each`);
}

await loop("with a torch.scope per iteration", () => torch.scope(iteration));
await loop("without scopes (as in PyTorch)", iteration);

async function train(name: string, scoped: boolean): Promise<void> {
  torch.manual_seed(0);
  const model = new torch.nn.Sequential(new torch.nn.Linear(784, 128), new torch.nn.ReLU(), new torch.nn.Linear(128, 10)).to(D);
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const xb = torch.randn([64, 784], { device: D }), yb = torch.randint(0, 10, [64], { device: D });
  const step = () => {
    opt.zero_grad();
    const loss = torch.nn.functional.cross_entropy(model.forward(xb), yb);
    loss.backward();
    opt.step();
    return loss;
  };
  torch.webgpu.reset_peak_memory_stats();
  const before = torch.webgpu.memory_allocated();
  const t0 = performance.now();
  let last = 0;
  for (let i = 1; i <= steps; i++) {
    const loss = scoped ? torch.scope(step) : step();
    if (i % 100 === 0) last = (await loss.cpu()).item();
    if (scoped) loss.dispose();
  }
  console.log(`MLP 784-128-10, Adam, ${steps} steps ${name} (loss read every 100): loss ${last.toFixed(4)}, allocated ${mib(torch.webgpu.memory_allocated() - before)} MiB above the start, peak ${mib(torch.webgpu.max_memory_allocated() - before)} MiB, ${((performance.now() - t0) / steps).toFixed(1)} ms a step`);
  for (const p of model.parameters()) p.grad = null;
}

// --mlp scoped|unscoped|both picks the MLP runs.
if (values.mlp !== "unscoped") await train("with a scope each", true);
// The library frees its own temporaries (Note [library scopes]): only each step's output and loss wait for the collector.
if (values.mlp !== "scoped") await train("written as in PyTorch, no scope", false);
