// The browser column of `npm run bench`: the same peer scripts (bench/peers/
// tensorgrad.ts on dist/browser/tensorgrad.js, bench/peers/tfjs.ts on TF.js's
// WASM backend) bundled for a page and run in headless Chromium, one page per
// peer, served from 127.0.0.1 with cross-origin isolation (so TF.js's WASM
// backend may use its threads). Run alone: `npm run bench:browser` (writes
// bench/results/browser.json).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { bundleForPage } from "../tests/browser/bundle.js";
import { serve } from "../scripts/serve.js";

const root = fileURLToPath(new URL("../", import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export type PeerResult = { peer: string; results: Record<string, number | string>; [k: string]: unknown };

function bundle(): Promise<void> {
  const shims = fileURLToPath(new URL("./browser/shims.ts", import.meta.url));
  return bundleForPage({
    entryPoints: { tensorgrad: `${root}bench/peers/tensorgrad.ts`, tfjs: `${root}bench/peers/tfjs.ts` },
    outdir: `${root}build/bench-browser`,
    depth: 2,
    shims: { "node:fs": shims, "node:module": shims, "node:path": shims },
  });
}

/** Each peer's results in Chromium, or [] (with the reason on stderr) where there is no Chromium or no browser build. */
export async function runBrowserPeers(): Promise<PeerResult[]> {
  if (!existsSync(CHROMIUM) || !existsSync(`${root}dist/browser/tensorgrad.js`)) {
    process.stderr.write(`bench: no browser column (needs ${CHROMIUM} and dist/browser from npm run build)\n`);
    return [];
  }
  // The page imports the shipped build: rebuilt here, so that it is never older than src/.
  execFileSync("npm", ["run", "--silent", "build:wasm"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("npm", ["run", "--silent", "build:browser"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  await bundle();
  const server = await serve(root);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  const results: PeerResult[] = [];
  try {
    for (const peer of ["tensorgrad", "tfjs-wasm"]) {
      process.stderr.write(`bench: running ${peer} in Chromium...\n`);
      const page = await browser.newPage();
      let line: string | undefined;
      page.on("console", (m) => {
        if (m.text().startsWith("{")) line = m.text();
      });
      page.on("pageerror", (e) => process.stderr.write(`bench: ${peer} in Chromium: ${e.message}\n`));
      await page.goto(`${server.url}bench/browser/index.html?peer=${peer}`);
      await page.waitForSelector("body[data-done]", { state: "attached", timeout: 20 * 60_000 }).catch((e: Error) => process.stderr.write(`bench: ${peer} in Chromium did not finish: ${e.message}\n`));
      const isolated: boolean = await page.evaluate(() => globalThis.crossOriginIsolated);
      if (line) results.push({ ...(JSON.parse(line) as PeerResult), browser: browser.version(), crossOriginIsolated: isolated });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const peers = await runBrowserPeers();
  const [tg, tf] = peers;
  const table: Record<string, Record<string, string>> = {};
  for (const w of Object.keys(tg?.results ?? {})) {
    const a = tg.results[w], b = tf?.results[w];
    table[w] = { tensorgrad: String(a), "tfjs-wasm": String(b), "(x)": typeof a === "number" && typeof b === "number" ? (b / a).toFixed(2) : "-" };
  }
  console.log(`ms in headless Chromium ${peers[0]?.browser ?? ""}; (x) = TF.js's time / tensorgrad's`);
  console.table(table);
  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/browser.json", import.meta.url), JSON.stringify({ date: new Date().toISOString(), peers }, null, 2) + "\n");
}
