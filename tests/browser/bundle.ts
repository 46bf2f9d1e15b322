// Bundles scripts written for Node (tests, bench peers) for a page: the
// library itself is the prebuilt dist/browser/tensorgrad.js (left external, so
// the page runs the artifact users get), and the Node modules they use are
// replaced by shims.
import { build } from "esbuild";

export interface PageBundle {
  entryPoints: Record<string, string>;
  outdir: string;
  /** Where the bundle's files sit relative to the repository root: the import of the prebuilt module is relative to it. */
  depth: number;
  /** Module specifiers (exact, e.g. "node:fs") to the file that replaces each. */
  shims: Record<string, string>;
}

export async function bundleForPage({ entryPoints, outdir, depth, shims }: PageBundle): Promise<void> {
  const library = `${"../".repeat(depth)}dist/browser/tensorgrad.js`;
  await build({
    entryPoints,
    outdir,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
    plugins: [
      {
        name: "page-bundle",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (a) => (a.path in shims ? { path: shims[a.path] } : undefined));
          b.onResolve({ filter: /\/src\/index\.js$/ }, () => ({ path: library, external: true }));
        },
      },
    ],
  });
}
