// What every peer script shares: the workloads' names and sizes, and timing.
export const WORKLOADS = ["matmul1024", "matmul512_fwd_bwd", "mlp_step", "elementwise_1e6", "chain_10k"] as const;
export type Workload = (typeof WORKLOADS)[number];

export const DESCRIPTIONS: Record<Workload, string> = {
  matmul1024: "matmul 1024 forward",
  matmul512_fwd_bwd: "matmul 512, C = A@B, C.sum().backward()",
  mlp_step: "MLP 784-256-128-10, batch 128, one SGD step",
  elementwise_1e6: "1e6 elements, (a*b + a.exp()).sum() fwd + bwd",
  chain_10k: "10,000 scalar ops fwd + bwd (4,762 x y*1.0001+0.0001, tanh every 10th)",
};

/** Median milliseconds of `runs` calls after `warmup` calls. */
export async function time(fn: () => unknown | Promise<unknown>, runs = 5, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}

/** Runs each workload, reporting failures (a peer without an op) instead of stopping. */
export async function runAll(name: string, impl: Partial<Record<Workload, () => Promise<number>>>, extra: Record<string, unknown> = {}): Promise<void> {
  const results: Record<string, number | string> = {};
  for (const w of WORKLOADS) {
    const f = impl[w];
    if (!f) {
      results[w] = "n/a";
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
