// `npm run bench`: the workloads of the fast-backend issue (five, and MNIST epochs) for tensorgrad
// (native with its threads, native on one thread, wasm), TensorFlow.js (CPU and
// WASM backends), js-pytorch and PyTorch (when /usr/bin/python3 has torch; twice: as
// installed, and with glibc malloc set as the addon sets it), each
// peer in its own process, one after the other on the same machine; then the
// browser column (bench/browser.ts: tensorgrad and TF.js WASM in headless
// Chromium). Prints one table of medians and ratios (peer time / tensorgrad
// time: above 1 means tensorgrad is faster), the browser's and wasm's own
// ratios, and writes bench/results/peers.json. Full MNIST epochs end to end:
// `npm run bench:mnist`.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { DESCRIPTIONS, WORKLOADS } from "./peers/common.js";
import { runBrowserPeers } from "./browser.js";

type PeerResult = { peer: string; results: Record<string, number | string>; [k: string]: unknown };

function runPeer(label: string, cmd: string, args: string[], env: Record<string, string> = {}): PeerResult | null {
  process.stderr.write(`bench: running ${label}...\n`);
  try {
    const out = execFileSync(cmd, args, { encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], timeout: 15 * 60 * 1000, maxBuffer: 1 << 24 });
    const line = out.trim().split("\n").filter((l) => l.startsWith("{")).pop();
    return line ? (JSON.parse(line) as PeerResult) : null;
  } catch (e) {
    const err = e as Error & { stderr?: string; signal?: string };
    process.stderr.write(`bench: ${label} failed (${err.signal ?? "exit"}): ${err.message.split("\n")[0]}\n${(err.stderr ?? "").trim().split("\n").slice(-5).join("\n")}\n`);
    return null;
  }
}

const tsx = ["--import", "tsx"];
const peers: PeerResult[] = [];
const tg = runPeer("tensorgrad", process.execPath, [...tsx, "bench/peers/tensorgrad.ts"]);
if (tg) peers.push(tg);
// The wasm backend's target is set against the addon on one thread; wasm runs its own threads (Note [wasm threads]).
for (const [name, env] of [["tensorgrad-1-thread", { BENCH_THREADS: "1" }], ["tensorgrad-wasm", { TENSORGRAD_BACKEND: "wasm" }]] as const) {
  const r = runPeer(name, process.execPath, [...tsx, "bench/peers/tensorgrad.ts"], { ...env, BENCH_NAME: name });
  if (r) peers.push(r);
}
for (const b of ["wasm", "cpu"]) {
  const r = runPeer(`tfjs-${b}`, process.execPath, [...tsx, "bench/peers/tfjs.ts", b]);
  if (r) peers.push(r);
}
if (existsSync("node_modules/js-pytorch")) {
  const js = runPeer("js-pytorch", process.execPath, ["--stack-size=65500", ...tsx, "bench/peers/jspytorch.ts"]);
  if (js) peers.push(js);
} else {
  process.stderr.write("bench: js-pytorch is not installed; add it with `npm install --no-save --ignore-scripts js-pytorch@0.7.2`\n");
}
if (existsSync("/usr/bin/python3")) {
  const py = runPeer("pytorch", "/usr/bin/python3", ["bench/peers/pytorch.py", "2"], { OMP_WAIT_POLICY: "PASSIVE" });
  if (py) peers.push(py);
  // PyTorch again with glibc's malloc set as the addon sets it (Note [allocation reuse]): freed
  // blocks stay in the heap instead of going back to the system. Where page faults are dear
  // (on this VM they swing between runs), that setting and not the kernels decides the ratio.
  const tuned = runPeer("pytorch (malloc as tensorgrad's)", "/usr/bin/python3", ["bench/peers/pytorch.py", "2"], {
    OMP_WAIT_POLICY: "PASSIVE", MALLOC_MMAP_THRESHOLD_: String(32 << 20), MALLOC_TRIM_THRESHOLD_: String(1 << 30), MALLOC_MMAP_MAX_: "0",
  });
  if (tuned) peers.push({ ...tuned, peer: "pytorch-malloc" });
}

for (const p of await runBrowserPeers()) peers.push({ ...p, peer: `${p.peer} (Chromium)` });

const base = peers.find((p) => p.peer === "tensorgrad");
const fmt = (v: number | string | undefined) => (typeof v === "number" ? (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) : v ?? "-");
const table: Record<string, Record<string, string>> = {};
for (const w of WORKLOADS) {
  const row: Record<string, string> = {};
  for (const p of peers) {
    const v = p.results[w];
    const mine = base?.results[w];
    const ratio = typeof v === "number" && typeof mine === "number" && p !== base ? ` (${(v / mine).toFixed(2)}x)` : "";
    row[p.peer + (p.peer === "tensorgrad" ? ` [${String(p.backend)}]` : "")] = `${fmt(v)}${ratio}`;
  }
  table[DESCRIPTIONS[w]] = row;
}
// The figures of the core issue, from the same run: per scalar op, and matmul throughput.
for (const p of peers) {
  const chain = p.results.chain_10k, mm = p.results.matmul1024;
  p.derived = {
    us_per_scalar_op: typeof chain === "number" ? (chain * 1000) / 10000 : null,
    matmul1024_gflops: typeof mm === "number" ? (2 * 1024 ** 3) / (mm * 1e6) : null,
  };
}
table["(derived) us per scalar op"] = Object.fromEntries(peers.map((p) => [p.peer + (p.peer === "tensorgrad" ? ` [${String(p.backend)}]` : ""), fmt((p.derived as any).us_per_scalar_op ?? "-")]));
table["(derived) matmul 1024 GFLOP/s"] = Object.fromEntries(peers.map((p) => [p.peer + (p.peer === "tensorgrad" ? ` [${String(p.backend)}]` : ""), fmt((p.derived as any).matmul1024_gflops ?? "-")]));
const machine = `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`;
console.log(`ms on ${machine}, Node ${process.version}: median per run; MNIST rows: ms per epoch. (x) = that peer's time / tensorgrad's (above 1: tensorgrad is faster)`);
console.table(table);
// The browser issue's ratios: TF.js WASM over tensorgrad in the same browser; wasm over the addon on one thread in Node.
const pairs = [["tfjs-wasm (Chromium)", "tensorgrad (Chromium)"], ["tensorgrad-wasm", "tensorgrad-1-thread"]];
const ratios: Record<string, Record<string, string>> = {};
for (const w of WORKLOADS) {
  ratios[DESCRIPTIONS[w]] = Object.fromEntries(pairs.map(([a, b]) => {
    const x = peers.find((p) => p.peer === a)?.results[w], y = peers.find((p) => p.peer === b)?.results[w];
    return [`${a} / ${b}`, typeof x === "number" && typeof y === "number" ? (x / y).toFixed(2) : "-"];
  }));
}
console.table(ratios);
mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
writeFileSync(new URL("./results/peers.json", import.meta.url), JSON.stringify({ machine, node: process.version, date: new Date().toISOString(), peers }, null, 2) + "\n");
