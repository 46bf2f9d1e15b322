// Writes the browser build: dist/browser/tensorgrad.js, an ES module a page
// imports directly (its import resolves once the wasm backend is ready), with
// the wasm modules beside it (tensorgrad-shared.wasm for cross-origin isolated
// pages, tensorgrad.wasm for others, and their -relaxed twins) and lazily loaded chunks (Graphviz for torch.viz).
// src/platform/node.ts is swapped for src/platform/browser.ts, so nothing
// Node-only is in the bundle.
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist/browser");
const wasm = join(root, "dist/wasm/tensorgrad.wasm");
if (!existsSync(wasm)) {
  console.warn("tensorgrad: dist/wasm/tensorgrad.wasm is not built (npm run build:wasm); dist/browser not written");
  process.exit(0);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { tensorgrad: join(root, "src/index.ts") },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: true,
  legalComments: "linked",
  logLevel: "warning",
  plugins: [
    {
      name: "browser-platform",
      setup(b) {
        b.onResolve({ filter: /platform\/node\.js$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/node\.js$/, "browser.ts")) }));
        b.onResolve({ filter: /^node:/ }, (args) => ({ errors: [{ text: `${args.path} is Node-only and must not reach the browser build (imported from ${args.importer})` }] }));
      },
    },
  ],
});
for (const f of ["tensorgrad.wasm", "tensorgrad-shared.wasm", "tensorgrad-relaxed.wasm", "tensorgrad-shared-relaxed.wasm"]) copyFileSync(join(root, "dist/wasm", f), join(out, f));
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
for (const f of readdirSync(out).filter((f) => f.endsWith(".js") || f.endsWith(".wasm")).sort()) {
  const bytes = readFileSync(join(out, f));
  console.log(`dist/browser/${f}: ${kib(bytes.length)} (${kib(gzipSync(bytes).length)} gzipped)`);
}
