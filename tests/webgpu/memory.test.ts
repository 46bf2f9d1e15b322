// GPU memory freed when its tensors die (Note [ownership]): dispose() and
// torch.scope() give buffers back to the pool at once, so a loop of scoped
// steps holds steady GPU memory with no collection.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../../src/index.js";

let skip: string | false = false;
try {
  await torch.webgpu.init();
} catch (e) {
  skip = `no WebGPU adapter here: ${(e as Error).message}`;
}

describe("webgpu memory", { skip }, () => {
  it("dispose() returns a tensor's buffer at once", async () => {
    const before = torch.webgpu.memory_allocated();
    const x = torch.ones(1 << 18, { device: "webgpu" });
    expect(torch.webgpu.memory_allocated() - before).toBe(1 << 20);
    x.dispose();
    expect(torch.webgpu.memory_allocated()).toBe(before);
  });
  it("a loop of scoped iterations holds steady memory, with PyTorch's values", async () => {
    const n = 1 << 20;
    const x = torch.randn(n).to("webgpu");
    const reference = torch.scope(() => x.mul(0.5).exp().add(1).mean());
    const want = (await reference.cpu()).item();
    reference.dispose();
    torch.webgpu.reset_peak_memory_stats();
    expect(torch.webgpu.max_memory_allocated()).toBe(torch.webgpu.memory_allocated());
    let settled = -1;
    for (let i = 0; i < 12; i++) {
      const r = torch.scope(() => x.mul(0.5).exp().add(1).mean());
      if (i === 0) settled = torch.webgpu.memory_allocated();
      expect(torch.webgpu.memory_allocated()).toBe(settled);
      if (i % 4 === 3) expect((await r.cpu()).item()).toBe(want);
      r.dispose();
    }
    // The pool reused the iterations' buffers: the peak is one iteration's temporaries, not twelve.
    expect(torch.webgpu.max_memory_allocated()).toBeLessThan(settled + 3 * 4 * n + (1 << 20));
  });
  it("an unscoped MLP step leaves only its output and loss; GPU memory stays flat over steps written as in PyTorch", async () => {
    torch.manual_seed(0);
    const model = new torch.nn.Sequential(new torch.nn.Linear(64, 32), new torch.nn.ReLU(), new torch.nn.Linear(32, 10)).to("webgpu");
    const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = torch.randn(16, 64).to("webgpu"), y = torch.randint(0, 10, [16]).to("webgpu");
    const step = () => {
      opt.zero_grad();
      const loss = torch.nn.functional.cross_entropy(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss;
    };
    step();
    const held: torch.Tensor[] = [];
    const before = torch.webgpu.memory_allocated();
    for (let i = 0; i < 5; i++) held.push(step());
    // Five losses (one float, in a 256-byte buffer each) and five outputs (16 x 10 floats, in 768-byte buffers): nothing of the library's.
    expect(torch.webgpu.memory_allocated() - before).toBe(5 * (256 + 768));
    expect(Number.isFinite((await held[4].cpu()).item())).toBe(true);
  });
  it("past set_memory_limit: a collection first, then PyTorch's out-of-memory error naming torch.scope, with every tensor intact", async () => {
    const base = torch.webgpu.memory_allocated();
    torch.webgpu.set_memory_limit(base + (48 << 20));
    try {
      const x = torch.ones(1 << 22, { device: "webgpu" }); // 16 MiB
      // Garbage only: the collection makes room, so a loop written as in PyTorch runs on under the limit.
      for (let i = 0; i < 12; i++) x.mul(2);
      const kept = [x.add(1)];
      let error: Error | null = null;
      try {
        for (let i = 0; i < 4; i++) kept.push(x.add(i + 2));
      } catch (e) {
        error = e as Error;
      }
      expect(error).toBeInstanceOf(torch.OutOfMemoryError);
      expect(error).toBeInstanceOf(torch.RuntimeError);
      expect(error!.message).toMatch(/^webgpu out of memory\. Tried to allocate 16\.00 MiB \(.*; \d+\.\d\d MiB limit; \d+\.\d\d MiB already allocated; .*torch\.scope\(\(\) => \.\.\.\)/);
      expect(kept.length).toBe(2);
      expect((await kept[1].sum().cpu()).item()).toBe(3 * (1 << 22));
      expect((await x.sum().cpu()).item()).toBe(1 << 22);
    } finally {
      torch.webgpu.set_memory_limit(null);
    }
    expect(torch.webgpu.get_memory_limit()).toBe(null);
  });
});
