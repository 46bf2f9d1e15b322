// A notebook, in TypeScript: cells in order, each with its `In [n]` label,
// and Python's print / Jupyter's display rules for their output, so that the
// output can be compared with the notebook's cell by cell.
//
// Run one:  npx tsx examples/seeds/autograd-basics.ts
// Run all:  npm start   (examples/seeds/index.ts)
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

/** Python's str() of a value: True/False/None as Python spells them. */
function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  return String(v);
}

let stream: string[] = [];
let blocks: string[] = [];

function flush(): void {
  if (stream.length > 0) {
    blocks.push(stream.join("").replace(/\n+$/, ""));
    stream = [];
  }
}

/** Python's print(*args): str() of each, joined by a space. */
export function print(...args: unknown[]): void {
  stream.push(args.map(pyStr).join(" ") + "\n");
}

/** Jupyter's display(*objs): each object is an output block of its own. */
export function display(...objs: unknown[]): void {
  flush();
  for (const o of objs) blocks.push(pyStr(o));
}

/** A cell's last expression, which Jupyter shows (nothing for None). */
export function echo(value: unknown): void {
  if (value !== undefined && value !== null) display(value);
}

export type Cell = [label: string, run: () => void];

export interface Graph {
  output: Tensor;
  params?: Record<string, Tensor>;
}

export interface Notebook {
  title: string;
  /** The example's name: its file, and its graph's file in examples/seeds/graphs/. */
  name: string;
  cells: Cell[];
  /** The notebook's main computation, drawn after the cells ran. */
  graph: () => Graph;
}

export function notebook(title: string, moduleUrl: string, cells: Cell[], graph: () => Graph): Notebook {
  const name = fileURLToPath(moduleUrl).replace(/^.*\//, "").replace(/\.[tj]s$/, "");
  return { title, name, cells, graph };
}

/** Runs one cell and returns its output as the notebook shows it (blocks separated by a blank line). */
export function runCell(cell: Cell): string {
  stream = [];
  blocks = [];
  cell[1]();
  flush();
  return blocks.join("\n\n");
}

/** Runs every cell, printing each label and output; then writes the graph of the main computation. */
export async function runNotebook(nb: Notebook, graphDir = fileURLToPath(new URL("./graphs/", import.meta.url))): Promise<string> {
  console.log(`\n##### ${nb.title} (${nb.name})`);
  for (const cell of nb.cells) {
    const out = runCell(cell);
    console.log(`\n${cell[0]}:`);
    if (out) console.log(out);
  }
  const { output, params } = nb.graph();
  const path = await torch.viz.render(output, `${graphDir}${nb.name}.svg`, { params });
  console.log(`\n(graph of the main computation: ${path.replace(/^.*\/examples\//, "examples/")})`);
  return path;
}

/** True when the module at `moduleUrl` is the script being run. */
export function isMain(moduleUrl: string): boolean {
  return typeof process !== "undefined" && process.argv?.[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}
