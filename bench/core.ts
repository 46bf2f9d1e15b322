// Core benchmarks: per-op bookkeeping (a 10,000-op scalar chain) and the
// reference backend's kernels (matmul 512, a 1e6-element elementwise graph).
//   npm run bench
// tensorgrad runs here; PyTorch runs the same workloads in a child process
// (bench/pytorch_core.py) when /usr/bin/python3 has torch, and the table shows
// the ratios. Medians of several runs; results go to bench/results/core.json.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import * as torch from "../src/index.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs: number, warmup = 2): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

/** The peers' scalar chain: 4,762 x (y = y*1.0001 + 0.0001), tanh after every 10th step: 10,000 ops. */
function scalarChain(): { ms: number; usPerOp: number; grad: number } {
  let grad = 0;
  const run = () => {
    const x = torch.tensor(0.5, { requires_grad: true });
    let y = x;
    for (let i = 0; i < 4762; i++) {
      y = y.mul(1.0001).add(0.0001);
      if (i % 10 === 9) y = y.tanh();
    }
    y.backward();
    grad = x.grad!.item() as number;
  };
  const ms = time(run, 9, 3);
  return { ms, usPerOp: (ms * 1000) / 10000, grad };
}

function matmul(n: number): { forwardMs: number; gflops: number; fwdBwdMs: number } {
  torch.manual_seed(0);
  const a = torch.randn(n, n);
  const b = torch.randn(n, n);
  const forwardMs = time(() => void a.matmul(b), 5, 1);
  const ar = a.detach().requires_grad_();
  const br = b.detach().requires_grad_();
  const fwdBwdMs = time(() => {
    ar.grad = null;
    br.grad = null;
    ar.matmul(br).sum().backward();
  }, 5, 1);
  return { forwardMs, gflops: (2 * n ** 3) / (forwardMs * 1e6), fwdBwdMs };
}

function elementwise(): number {
  torch.manual_seed(0);
  const a = torch.randn(1_000_000).requires_grad_();
  const b = torch.randn(1_000_000);
  return time(() => {
    a.grad = null;
    a.mul(b).add(a.exp()).sum().backward();
  }, 5, 1);
}

/** PyTorch's figures for the same workloads, or null when it is not installed. */
function pytorch(): Record<string, number | string> | null {
  if (!existsSync("/usr/bin/python3")) return null;
  try {
    const out = execFileSync("/usr/bin/python3", [new URL("./pytorch_core.py", import.meta.url).pathname, "2"], {
      env: { ...process.env, OMP_WAIT_POLICY: "PASSIVE" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    return JSON.parse(out);
  } catch {
    return null;
  }
}

const chain = scalarChain();
const mm512 = matmul(512);
const ew = elementwise();
const ours = {
  scalar_chain_ms: chain.ms,
  scalar_chain_us_per_op: chain.usPerOp,
  scalar_chain_grad: chain.grad,
  matmul512_forward_ms: mm512.forwardMs,
  matmul512_gflops: mm512.gflops,
  matmul512_fwd_bwd_ms: mm512.fwdBwdMs,
  elementwise_1e6_fwd_bwd_ms: ew,
};
const torchFigures = pytorch();
const machine = `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`;
console.log(`tensorgrad (${torch.get_backend()} backend) on ${machine}, Node ${process.version}` + (torchFigures ? `; PyTorch ${torchFigures.torch}, ${torchFigures.threads} threads` : "; PyTorch not found"));
const row = (name: string, key: keyof typeof ours, unit: string, lowerIsBetter = true) => {
  const mine = ours[key];
  const theirs = torchFigures ? Number(torchFigures[key]) : NaN;
  const ratio = Number.isNaN(theirs) ? "" : lowerIsBetter ? `${(mine / theirs).toFixed(2)}x PyTorch's time` : `${(mine / theirs).toFixed(3)}x PyTorch's rate`;
  return [name, { tensorgrad: `${mine.toFixed(3)} ${unit}`, pytorch: Number.isNaN(theirs) ? "-" : `${theirs.toFixed(3)} ${unit}`, ratio }] as const;
};
console.table(Object.fromEntries([
  row("10,000 scalar ops fwd+bwd, per op", "scalar_chain_us_per_op", "us"),
  row("matmul 512 forward", "matmul512_forward_ms", "ms"),
  row("matmul 512 forward, GFLOP/s", "matmul512_gflops", "GFLOP/s", false),
  row("matmul 512 fwd+bwd", "matmul512_fwd_bwd_ms", "ms"),
  row("1e6 (a*b + a.exp()).sum() fwd+bwd", "elementwise_1e6_fwd_bwd_ms", "ms"),
]));
console.log(`scalar chain dx: tensorgrad ${chain.grad.toExponential(4)}` + (torchFigures ? `, PyTorch ${Number(torchFigures.scalar_chain_grad).toExponential(4)}` : ""));
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(
  new URL("./results/core.json", import.meta.url),
  JSON.stringify({ machine, node: process.version, backend: torch.get_backend(), tensorgrad: ours, pytorch: torchFigures }, null, 2) + "\n",
);
