// Core benchmarks (issue: per-op bookkeeping and the reference matmul kernel).
//   npm run bench            tensorgrad only
//   npm run bench -- --peers also TensorFlow.js (CPU backend) when installed, in this same process
// Medians of several runs; figures printed as a table and written to bench/results/core.json.
import { mkdirSync, writeFileSync } from "node:fs";
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

const chain = scalarChain();
const mm512 = matmul(512);
const ew = elementwise();
const results = {
  machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`,
  node: process.version,
  backend: torch.get_backend(),
  scalar_chain_ms: chain.ms,
  scalar_chain_us_per_op: chain.usPerOp,
  scalar_chain_grad: chain.grad,
  matmul512_forward_ms: mm512.forwardMs,
  matmul512_gflops: mm512.gflops,
  matmul512_fwd_bwd_ms: mm512.fwdBwdMs,
  elementwise_1e6_fwd_bwd_ms: ew,
};
console.log(`tensorgrad ${torch.get_backend()} backend on ${results.machine}, Node ${process.version}`);
console.table({
  "10,000 scalar ops fwd+bwd": { value: chain.ms.toFixed(2), unit: "ms", per_op: `${chain.usPerOp.toFixed(3)} us/op`, note: `dx = ${chain.grad.toExponential(4)}` },
  "matmul 512 forward": { value: mm512.forwardMs.toFixed(1), unit: "ms", per_op: `${mm512.gflops.toFixed(2)} GFLOP/s`, note: "" },
  "matmul 512 fwd+bwd": { value: mm512.fwdBwdMs.toFixed(1), unit: "ms", per_op: "", note: "C = A@B; C.sum().backward()" },
  "1e6 (a*b + a.exp()).sum() fwd+bwd": { value: ew.toFixed(1), unit: "ms", per_op: "", note: "" },
});
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/core.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
