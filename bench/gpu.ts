// `npm run bench:gpu`: the GPU workloads of the webgpu issue for tensorgrad on
// webgpu and, in the same run, PyTorch CUDA when `python3` has torch with CUDA.
// Prints medians in milliseconds and ratios (PyTorch's time / tensorgrad's:
// above 1 means tensorgrad is faster). On SwiftShader (a CPU Vulkan) the
// figures check that the workloads run; they say nothing about speed.
import { execFileSync } from "node:child_process";
import * as torch from "../src/index.js";

const D = "webgpu";

async function median(fn: () => torch.Tensor, reps: number): Promise<number> {
  await fn().cpu(); // warm-up: pipelines compiled, pool filled
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    await fn().cpu();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function mlpStep(batch: number): () => torch.Tensor {
  torch.manual_seed(0);
  const model = new torch.nn.Sequential(new torch.nn.Linear(784, 256), new torch.nn.ReLU(), new torch.nn.Linear(256, 128), new torch.nn.ReLU(), new torch.nn.Linear(128, 10)).to(D);
  const opt = new torch.optim.SGD(model.parameters(), 0.01);
  const x = torch.randn([batch, 784], { device: D }), y = torch.randint(0, 10, [batch], { device: D });
  return () => {
    const loss = torch.nn.functional.cross_entropy(model.forward(x), y);
    opt.zero_grad();
    loss.backward();
    opt.step();
    return loss;
  };
}

await torch.webgpu.init();
const name = torch.webgpu.get_device_name();
const slow = /swiftshader/i.test(name);
const sizes = slow ? [256] : [1024, 4096];
const results: Record<string, number> = {};
for (const n of sizes) {
  const a = torch.randn([n, n], { device: D }), b = torch.randn([n, n], { device: D });
  results[`matmul ${n}`] = await median(() => a.matmul(b), slow ? 3 : 10);
}
for (const batch of slow ? [32] : [128, 1024]) results[`MLP 784-256-128-10 SGD step, batch ${batch}`] = await median(mlpStep(batch), slow ? 3 : 20);

let cuda: Record<string, number> | null = null;
for (const py of ["python3", "/usr/bin/python3"]) {
  try {
    const out = execFileSync(py, ["bench/peers/pytorch_cuda.py", JSON.stringify(sizes), JSON.stringify(slow ? [32] : [128, 1024])], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    cuda = JSON.parse(out.trim().split("\n").pop()!);
    break;
  } catch {
    // no python3, no torch, or no CUDA: the column stays empty
  }
}
console.log(`webgpu adapter: ${name}${slow ? " (a CPU implementation: these times are not GPU figures)" : ""}`);
console.log(`PyTorch CUDA: ${cuda ? String(cuda.device) : "not available"}`);
for (const [k, v] of Object.entries(results)) {
  const flops = k.startsWith("matmul") ? (2 * Number(k.split(" ")[1]) ** 3) / (v * 1e6) : null;
  const theirs = cuda?.[k];
  const ratio = typeof theirs === "number" ? ` | PyTorch CUDA ${theirs.toFixed(3)} ms (${(theirs / v).toFixed(2)}x)` : "";
  console.log(`${k}: ${v.toFixed(3)} ms${flops ? ` (${flops.toFixed(1)} GFLOP/s)` : ""}${ratio}`);
}
