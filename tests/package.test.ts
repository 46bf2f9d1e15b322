// The published entry point: `import * as torch from "tensorgrad"` resolves
// through package.json's exports to the built files (npm ci builds them).
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { expect } from "expect";

describe("package entry", () => {
  it("ships built JS and type declarations", () => {
    expect(existsSync(new URL("../dist/src/index.js", import.meta.url))).toBe(true);
    expect(existsSync(new URL("../dist/src/index.d.ts", import.meta.url))).toBe(true);
  });
  it("imports as tensorgrad", async () => {
    const torch = await import("tensorgrad");
    const x = torch.ones(2, 2, { requires_grad: true });
    const out = x.add(2).mul(x.add(2)).mul(3).mean();
    out.backward();
    expect(String(x.grad)).toBe("tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])");
  });
});
