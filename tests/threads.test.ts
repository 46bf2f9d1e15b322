// Process safety: tensorgrad used from several JS threads at once (Note [a pool
// per JS thread] in native/kernels.h), and thread-count changes mid-run.
import { describe, it } from "node:test";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { expect } from "expect";
import * as torch from "../src/index.js";
import { train } from "./workers/train.js";

function inWorker(steps: number, seed: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL("./workers/worker.mjs", import.meta.url), { workerData: { steps, seed } });
    w.once("message", resolve);
    w.once("error", reject);
    w.once("exit", (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

describe("threads", () => {
  it("two worker_threads train at once and each gets the single-threaded run's losses", { timeout: 120_000 }, async () => {
    const steps = 15;
    const want = [train(steps, 1), train(steps, 2)];
    for (let round = 0; round < 2; round++) {
      const got = await Promise.all([inWorker(steps, 1), inWorker(steps, 2), Promise.resolve(train(steps, 1))]);
      expect(got[0]).toEqual(want[0]);
      expect(got[1]).toEqual(want[1]);
      expect(got[2]).toEqual(want[0]);
    }
  });

  it("conv2d's input gradient stays right after set_num_threads raises the thread count", () => {
    const before = torch.get_num_threads();
    try {
      torch.manual_seed(0);
      const x = torch.randn(8, 16, 32, 32, { requires_grad: true });
      const w = torch.randn(16, 16, 3, 3);
      const g = torch.randn(8, 16, 32, 32);
      const grad = () => {
        x.grad = null;
        torch.nn.functional.conv2d(x, w, { padding: 1 }).backward(g);
        return x.grad!.clone();
      };
      torch.set_num_threads(1);
      const want = grad();
      for (const n of [2, 4, 8, 3]) {
        torch.set_num_threads(n);
        for (let i = 0; i < 3; i++) expect(grad().sub(want).abs().max().item()).toBeLessThan(1e-4);
      }
    } finally {
      torch.set_num_threads(before);
    }
  });

  it("on wasm, the shared-memory module runs a worker per further CPU, with the one-thread results", { skip: torch.get_backend() !== "wasm" && "runs on the wasm backend (npm run unit:wasm)" }, () => {
    const threads = torch.get_num_threads();
    expect(threads).toBe(availableParallelism());
    try {
      torch.manual_seed(0);
      const a = torch.randn(300, 500), b = torch.randn(500, 400), x = torch.randn(1 << 20);
      const run = () => [torch.matmul(a, b), x.exp(), a.matmul(b).relu().t().matmul(a)];
      torch.set_num_threads(1);
      expect(torch.get_num_threads()).toBe(1);
      const want = run();
      torch.set_num_threads(threads);
      // Matrix rows and elements are split across threads, each computed as on one thread: equal, not close.
      for (let i = 0; i < 5; i++) run().forEach((t, k) => expect(t.equal(want[k])).toBe(true));
      // More threads than workers: the pool runs the ones it has.
      torch.set_num_threads(threads + 3);
      expect(torch.get_num_threads()).toBe(threads);
    } finally {
      torch.set_num_threads(threads);
    }
  });

  it("set_num_threads takes positive integers up to a cap, with PyTorch's errors otherwise", () => {
    const before = torch.get_num_threads();
    expect(() => torch.set_num_threads(0)).toThrow("set_num_threads expects a positive integer");
    expect(() => torch.set_num_threads(1e6)).toThrow("set_num_threads: 1000000 threads is more than this backend allows (at most 1024)");
    expect(() => torch.set_num_threads(1.5)).toThrow("set_num_threads(): argument 'int' (position 1) must be int, not float");
    expect(torch.get_num_threads()).toBe(before);
  });
});
