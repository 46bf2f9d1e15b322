// A notebook, in TypeScript: cells in order, each with its `In [n]` label,
// and Python's print / Jupyter's display rules for their output (./output.ts),
// so that the output can be compared with the notebook's cell by cell. The
// playground (playground/) reads these files' cells as its notebook pages.
//
// Run one:  npx tsx examples/seeds/autograd-basics.ts
// Run all:  npm start   (examples/seeds/index.ts)
import { fileURLToPath } from "node:url";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { beginOutput, endOutput } from "./output.js";

export { display, echo, print } from "./output.js";

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
  beginOutput();
  cell[1]();
  return endOutput();
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
