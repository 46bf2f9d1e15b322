// tensorgrad in a real browser: headless Chromium (Debian's, driven by
// playwright-core) loads the prebuilt dist/browser/tensorgrad.js from
// 127.0.0.1 and runs the golden, autograd and seed tests there on the wasm
// backend with its worker threads (tests/browser/index.html); a page trains on the webgpu device
// through navigator.gpu (SwiftShader here); and a plain page, served without
// cross-origin isolation, imports the module and trains a step.
import { after, before, describe, it } from "node:test";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect } from "expect";
import { chromium, type Browser } from "playwright-core";
import { bundleForPage } from "./bundle.js";
import { serve } from "../../scripts/serve.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium)` : false;
if (skip) console.log(`# skipping the browser tests: ${skip}`);

/** Bundles tests/browser/entry.ts for the page: node built-ins and `expect` to ./shims, the library to the prebuilt module. */
function bundleTests(): Promise<void> {
  const shim = (name: string) => fileURLToPath(new URL(`./shims/${name}.ts`, import.meta.url));
  return bundleForPage({
    entryPoints: { entry: fileURLToPath(new URL("./entry.ts", import.meta.url)) },
    outdir: `${root}build/browser-tests`,
    depth: 2,
    shims: { "node:test": shim("node-test"), "node:fs": shim("node-fs"), "node:url": shim("node-url"), "node:util": shim("node-util"), expect: shim("expect") },
  });
}

describe("in headless Chromium", { skip }, () => {
  let browser: Browser;
  before(async () => {
    if (!existsSync(`${root}dist/browser/tensorgrad.js`)) throw new Error("dist/browser/tensorgrad.js is missing: npm run build writes it");
    await bundleTests();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-unsafe-webgpu"],
    });
  });
  after(async () => {
    await browser?.close();
  });

  it("runs the golden, autograd and seed tests on the wasm backend", async () => {
    const server = await serve(root);
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${server.url}tests/browser/index.html`);
      await page.waitForSelector("body[data-done]", { state: "attached", timeout: 5 * 60_000 });
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => document.body.dataset.backend)).toBe("wasm");
      // Cross-origin isolated: the shared-memory module, with a worker per further CPU (Note [wasm threads]).
      expect(Number(await page.evaluate(() => document.body.dataset.threads))).toBe(await page.evaluate(() => navigator.hardwareConcurrency));
      const results = (await page.evaluate(() => (window as unknown as { __results: { name: string; ok: boolean; error?: string }[] }).__results));
      const failed = results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.error?.split("\n").slice(0, 6).join(" | ")}`);
      expect(failed).toEqual([]);
      // Every test file contributed, not an empty run.
      for (const part of ["ops against PyTorch", "notebook", "gradcheck"]) expect(results.some((r) => r.name.includes(part))).toBe(true);
      expect(results.length).toBeGreaterThan(300);
    } finally {
      await server.close();
    }
  });

  it("trains on the webgpu device through the page's navigator.gpu, to the CPU's losses", async () => {
    const server = await serve(root);
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}tests/browser/webgpu.html`);
      await page.waitForSelector("body[data-done]", { state: "attached", timeout: 120_000 });
      const result = JSON.parse((await page.evaluate(() => document.getElementById("out")!.textContent))!);
      expect(result.error).toBeUndefined();
      expect(result.hasGpu).toBe(true);
      const { cpu, webgpu } = result.losses as { cpu: number[]; webgpu: number[] };
      expect(webgpu.length).toBe(5);
      webgpu.forEach((l, i) => expect(Math.abs(l - cpu[i])).toBeLessThanOrEqual(1e-4 * cpu[i]));
      expect(cpu[4]).toBeLessThan(cpu[0]);
      expect(result.outOfMemory.name).toBe("OutOfMemoryError");
      expect(result.outOfMemory.isRuntimeError).toBe(true);
      expect(result.outOfMemory.message).toMatch(/^webgpu out of memory\. Tried to allocate 16\.00 MiB .*a page cannot run on demand\. Free them when they die: run each step in torch\.scope\(\(\) => \.\.\.\)/);
      expect(result.afterOutOfMemory).toBe(7 * (1 << 22));
    } finally {
      await server.close();
    }
  });

  it("imports from a plain page (no cross-origin isolation): wasm, the seed numbers, a training step, save and load as bytes", async () => {
    const server = await serve(root, { isolated: false });
    try {
      const page = await browser.newPage();
      await page.goto(`${server.url}tests/browser/plain.html`);
      await page.waitForSelector("body[data-done]", { state: "attached", timeout: 120_000 });
      const text = await page.evaluate(() => document.getElementById("out")!.textContent);
      expect(JSON.parse(text!)).toEqual({
        names: {
          linear: "Linear(in_features=2, out_features=3, bias=True)",
          sequential: "Sequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)",
          normal: "Normal(loc: 0.0, scale: 1.0)",
          constraint: "Real()",
          loadError: "Error(s) in loading state_dict for Linear:",
        },
        backend: "wasm",
        threads: 1,
        isolated: false,
        grad: "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])",
        lossFell: true,
        roundTrip: true,
        pathError: expect.stringContaining("a browser does not have"),
      });
    } finally {
      await server.close();
    }
  });
});
