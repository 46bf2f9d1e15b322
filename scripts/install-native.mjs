// npm's "install" step (package.json). A prebuilt addon for this platform
// (prebuilds/<platform>-<arch>/, Note [prebuilt variants] in
// src/platform/node.ts) needs no compiler: if one loads here, nothing is built.
// Else node-gyp builds the addon from native/ for this CPU, and if that fails
// the WebAssembly backend is used. `npm install --build-from-source` builds
// from source regardless. The install never fails on the addon's account.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const dir = new URL(`../prebuilds/${process.platform}-${process.arch}/`, import.meta.url);

/**
 * The name of a prebuilt that loads in this Node, or null. Only the baseline is
 * tried (or a platform's single build): any CPU runs it, where loading v3 or v4
 * on an older CPU could stop on an illegal instruction; the others are linked alike.
 */
function loadablePrebuilt() {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => f === "tensorgrad_native.baseline.node" || f === "tensorgrad_native.node");
  const require = createRequire(import.meta.url);
  for (const f of files) {
    try {
      require(fileURLToPath(new URL(f, dir)));
      return f;
    } catch (e) {
      // A C library older than the build machine's, for one: build from source instead.
      console.warn(`tensorgrad: the prebuilt addon ${f} does not load here (${e instanceof Error ? e.message.split("\n")[0] : e})`);
    }
  }
  return null;
}

const fromSource = ["1", "true"].includes(process.env.npm_config_build_from_source ?? "");
const prebuilt = fromSource ? null : loadablePrebuilt();
if (prebuilt !== null) {
  console.log(`tensorgrad: using the prebuilt native addon for ${process.platform}-${process.arch} (nothing to compile)`);
} else {
  // node-gyp is on PATH in npm's scripts (npm's own copy); a shell finds node-gyp.cmd on Windows.
  const built = spawnSync("node-gyp rebuild", { cwd: root, stdio: "inherit", shell: true });
  if (built.status !== 0) console.warn("tensorgrad: the native addon did not build; the WebAssembly backend will be used");
}
