// torch.viz: the backward graph as Graphviz DOT, in the spirit of torchviz's
// make_dot (blue boxes for leaves with their names and shapes, grey for
// grad_fn nodes, green for the output), and SVG through a real Graphviz build
// (@viz-js/viz, Graphviz compiled to WebAssembly).
import { writeFile } from "../platform/node.js";
import { AccumulateGrad, type Node } from "../autograd/node.js";
import { shortName } from "../format.js";
import type { Tensor } from "../tensor.js";

export interface MakeDotOptions {
  /** Names for leaf tensors, as torchviz's params (e.g. dict(model.named_parameters())). */
  params?: Record<string, Tensor>;
  /** Filled with the node name of each drawn tensor and grad_fn (the `<title>` of its node in the SVG), so a tool can link the drawing back to them. */
  ids?: Map<Tensor | Node, string>;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

function sizeText(t: Tensor): string {
  return `(${t.shape.join(", ")}${t.shape.length === 1 ? "," : ""})`;
}

/** The DOT text of the graph that produced `output` (a tensor or several). */
export function make_dot(output: Tensor | Tensor[], options: MakeDotOptions = {}): string {
  const ids = options.ids ?? new Map<Tensor | Node, string>();
  const id = (o: Tensor | Node) => {
    let v = ids.get(o);
    if (v === undefined) ids.set(o, (v = `n${ids.size}`));
    return v;
  };
  const names = new Map<Tensor, string>();
  for (const [name, t] of Object.entries(options.params ?? {})) names.set(t, name);
  const label = (t: Tensor) => `${names.get(t) ?? ""}\n ${sizeText(t)}`;

  const lines: string[] = [
    "digraph {",
    '\tgraph [size="12,12"]',
    '\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]',
  ];
  const seen = new Set<Tensor | Node>();
  const stack: Node[] = [];
  const visit = (fn: Node) => {
    if (!seen.has(fn)) stack.push(fn);
  };
  const outputs = Array.isArray(output) ? output : [output];
  for (const out of outputs) {
    if (seen.has(out)) continue;
    seen.add(out);
    lines.push(`\t${id(out)} [label=${quote(label(out))} fillcolor=darkolivegreen1]`);
    if (out.grad_fn !== null) {
      visit(out.grad_fn);
      lines.push(`\t${id(out.grad_fn)} -> ${id(out)}`);
    }
  }
  // Iterative walk: graphs can be deep.
  while (stack.length > 0) {
    const fn = stack.pop()!;
    if (seen.has(fn)) continue;
    seen.add(fn);
    lines.push(`\t${id(fn)} [label=${quote(shortName(fn.name()))}]`);
    if (fn instanceof AccumulateGrad) {
      const v = fn.variable;
      seen.add(v);
      lines.push(`\t${id(v)} [label=${quote(label(v))} fillcolor=lightblue]`);
      lines.push(`\t${id(v)} -> ${id(fn)}`);
    }
    for (const [next] of fn.next_functions) {
      if (next === null) continue;
      lines.push(`\t${id(next)} -> ${id(fn)}`);
      visit(next);
    }
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** Renders DOT (or a tensor's graph) to SVG text with Graphviz. */
export async function to_svg(dotOrOutput: string | Tensor | Tensor[], options: MakeDotOptions = {}): Promise<string> {
  const dot = typeof dotOrOutput === "string" ? dotOrOutput : make_dot(dotOrOutput, options);
  // A fresh instance per render: @viz-js/viz 3.31 (Graphviz 16.1) fails its second render on a reused
  // instance here ("table index is out of bounds"), so each render pays the module's instantiation.
  const { instance } = await import("@viz-js/viz");
  const viz = await instance();
  return viz.renderString(dot, { format: "svg", engine: "dot" });
}

/** Writes the graph of `output` as SVG to `path` (Node only). Returns the path. */
export async function render(output: Tensor | Tensor[], path: string, options: MakeDotOptions = {}): Promise<string> {
  await writeFile(path, await to_svg(output, options));
  return path;
}
