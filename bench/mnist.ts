// MNIST training speed: ms per step (batch 128, Adam) and the implied time per
// epoch (469 steps) for the MLP and the CNN, tensorgrad beside PyTorch (when
// /usr/bin/python3 has torch) on the same machine, in the same run.
//   npm run bench:mnist [-- --steps 100]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import * as torch from "../src/index.js";
import { MODELS, type ModelName } from "../examples/mnist/models.js";

const { values } = parseArgs({ options: { steps: { type: "string" }, threads: { type: "string" } } });
const STEPS = Number(values.steps ?? 60);
const THREADS = Number(values.threads ?? 2);
const STEPS_PER_EPOCH = Math.ceil(60000 / 128);

async function tensorgradStep(name: ModelName): Promise<{ ms_per_step: number; mean_ms_per_step: number }> {
  torch.manual_seed(0);
  const train = await torch.datasets.MNIST({ train: true });
  const x = train.images.sub(0.1307).div(0.3081);
  const model = new MODELS[name]();
  const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
  const loader = new torch.utils.data.DataLoader(new torch.utils.data.TensorDataset(x, train.labels), { batch_size: 128, shuffle: true });
  const times: number[] = [];
  let i = 0;
  for (const [xb, yb] of loader) {
    const t0 = performance.now();
    const loss = torch.nn.functional.cross_entropy(model.forward(xb), yb);
    opt.zero_grad();
    loss.backward();
    opt.step();
    // 20 warm-up steps: the first steps carry V8's JIT compilation.
    if (i++ >= 20) times.push(performance.now() - t0);
    if (times.length >= STEPS) break;
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { ms_per_step: sorted[Math.floor(sorted.length / 2)], mean_ms_per_step: times.reduce((a, b) => a + b, 0) / times.length };
}

function pytorchStep(name: ModelName): { ms_per_step: number; mean_ms_per_step: number; torch: string } | null {
  if (!existsSync("/usr/bin/python3")) return null;
  try {
    const out = execFileSync("/usr/bin/python3", [new URL("./pytorch_mnist.py", import.meta.url).pathname, name, String(STEPS), String(THREADS)], {
      env: { ...process.env, OMP_WAIT_POLICY: "PASSIVE" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return JSON.parse(out);
  } catch {
    return null;
  }
}

const rows: Record<string, Record<string, string>> = {};
const results: Record<string, unknown> = { machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`, node: process.version, steps: STEPS, steps_per_epoch: STEPS_PER_EPOCH };
for (const name of ["mlp", "cnn"] as ModelName[]) {
  const ours = await tensorgradStep(name);
  const theirs = pytorchStep(name);
  results[name] = { tensorgrad: ours, pytorch: theirs };
  rows[name.toUpperCase()] = {
    "tensorgrad ms/step": ours.ms_per_step.toFixed(1),
    "tensorgrad s/epoch": ((ours.ms_per_step * STEPS_PER_EPOCH) / 1000).toFixed(1),
    "PyTorch ms/step": theirs ? theirs.ms_per_step.toFixed(2) : "-",
    "PyTorch s/epoch": theirs ? ((theirs.ms_per_step * STEPS_PER_EPOCH) / 1000).toFixed(1) : "-",
    ratio: theirs ? `${(ours.ms_per_step / theirs.ms_per_step).toFixed(1)}x PyTorch's time` : "",
  };
}
console.log(`MNIST training step (batch 128, Adam), median of ${STEPS} steps; epoch = ${STEPS_PER_EPOCH} steps x median step time`);
console.table(rows);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/mnist.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
