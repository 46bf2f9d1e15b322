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
});
