// The panel beside the cells: the backward graph of the notebook's tensors
// (torch.viz: torchviz's drawing, laid out by Graphviz's WebAssembly build),
// the notebook's variables, and an inspector for the node or variable clicked.
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { pyStr } from "../../examples/seeds/output.js";

type GradFn = NonNullable<Tensor["grad_fn"]>;
const SAVED = ["_saved_self", "_saved_other", "_saved_result", "_saved_exponent", "_saved_mat2", "_saved_alpha", "_saved_dim", "_saved_keepdim"] as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function isTensor(v: unknown): v is Tensor {
  return v instanceof torch.Tensor;
}

function isAccumulateGrad(fn: GradFn): fn is GradFn & { variable: Tensor } {
  return fn.name() === "AccumulateGrad";
}

export class GraphView {
  private variables: Record<string, unknown> = {};
  private generation = 0;
  private selected: Tensor | GradFn | null = null;
  /** The tensor or grad_fn each node of the drawing stands for. */
  private readonly nodeObjects = new WeakMap<SVGGElement, Tensor | GradFn>();

  constructor(
    private readonly graph: HTMLElement,
    private readonly table: HTMLElement,
    private readonly inspector: HTMLElement,
  ) {}

  /** The names the notebook gives a tensor. */
  private namesOf(t: Tensor): string[] {
    return Object.entries(this.variables).filter(([, v]) => v === t).map(([k]) => k);
  }

  /** Redraws the graph of the tensors among `variables`, and their table. */
  async update(variables: Record<string, unknown>): Promise<void> {
    const generation = ++this.generation;
    this.variables = variables;
    const tensors = Object.entries(variables).filter((e): e is [string, Tensor] => isTensor(e[1]));
    this.renderTable();
    // Results first, then the leaves that require grad (a leaf no result reaches is drawn alone).
    const outputs = [...tensors.filter(([, t]) => t.grad_fn !== null), ...tensors.filter(([, t]) => t.grad_fn === null && t.requires_grad)].map(([, t]) => t);
    if (outputs.length === 0) {
      this.graph.replaceChildren(el("p", { className: "empty" }, "No graph yet: no tensor of this notebook requires grad."));
      this.inspect(this.selected);
      return;
    }
    const ids = new Map<Tensor | GradFn, string>();
    const dot = torch.viz.make_dot(outputs, { params: Object.fromEntries(tensors), ids });
    const svg = await torch.viz.to_svg(dot);
    if (generation !== this.generation) return;
    this.graph.innerHTML = svg;
    const byId = new Map([...ids].map(([o, id]) => [id, o]));
    for (const node of this.graph.querySelectorAll<SVGGElement>("g.node")) {
      const object = byId.get(node.querySelector("title")?.textContent ?? "");
      if (object === undefined) continue;
      node.dataset.kind = isTensor(object) ? "tensor" : "grad_fn";
      this.nodeObjects.set(node, object);
      node.addEventListener("click", () => this.inspect(object));
    }
    this.inspect(this.selected);
  }

  private renderTable(): void {
    const rows = Object.entries(this.variables)
      .filter(([, v]) => v !== undefined)
      .map(([name, v]) => {
        const cells = isTensor(v)
          ? [name, `[${v.shape.join(", ")}]`, v.dtype.toString().replace(/^torch\./, ""), pyStr(v.requires_grad), v.grad_fn === null ? "" : pyStr(v.grad_fn)]
          : [name, typeof v === "function" ? "function" : typeof v, "", "", ""];
        const row = el("tr", {}, ...cells.map((c) => el("td", {}, c)));
        if (isTensor(v)) row.addEventListener("click", () => this.inspect(v));
        return row;
      });
    const head = el("tr", {}, ...["name", "shape", "dtype", "requires_grad", "grad_fn"].map((h) => el("th", {}, h)));
    this.table.replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows));
  }

  /** Shows a tensor (value, shape, requires_grad, is_leaf, grad_fn, .grad) or a grad_fn (its result, inputs and saved values). */
  inspect(object: Tensor | GradFn | null): void {
    this.selected = object;
    for (const node of this.graph.querySelectorAll("g.node.selected")) node.classList.remove("selected");
    if (object === null) {
      this.inspector.replaceChildren(el("p", { className: "hint" }, "Click a node of the graph, or a variable, to see its tensor."));
      return;
    }
    const rows: [string, string][] = [];
    let heading: string;
    if (isTensor(object)) {
      const names = this.namesOf(object);
      heading = names.length > 0 ? names.join(" = ") : object.is_leaf ? "a leaf tensor" : "a tensor";
      rows.push(
        ["value", String(object)],
        ["shape", String(object.size())],
        ["dtype", String(object.dtype)],
        ["requires_grad", pyStr(object.requires_grad)],
        ["is_leaf", pyStr(object.is_leaf)],
        ["grad_fn", pyStr(object.grad_fn)],
        [".grad", object.is_leaf || object.retains_grad ? pyStr(object.grad) : "None (a result keeps .grad only after retain_grad())"],
      );
    } else if (isAccumulateGrad(object)) {
      this.inspect(object.variable);
      return;
    } else {
      heading = pyStr(object);
      const made = Object.entries(this.variables).filter(([, v]) => isTensor(v) && v.grad_fn === object);
      if (made.length > 0) rows.push(["made", made.map(([k]) => k).join(", ")]);
      rows.push(["next_functions", `(${object.next_functions.map(([fn, nr]) => `(${fn === null ? "None" : pyStr(fn)}, ${nr})`).join(", ")})`]);
      for (const key of SAVED) {
        let value: unknown;
        try {
          value = (object as unknown as Record<string, unknown>)[key];
        } catch (e) {
          value = `${(e as Error).name}: ${(e as Error).message}`;
        }
        if (value !== undefined) rows.push([key, pyStr(value)]);
      }
    }
    this.inspector.replaceChildren(
      el("h3", {}, heading),
      el("dl", {}, ...rows.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, el("pre", {}, v))])),
    );
    this.markSelected(object);
  }

  private markSelected(object: Tensor | GradFn): void {
    for (const node of this.graph.querySelectorAll<SVGGElement>("g.node")) {
      if (this.nodeObjects.get(node) === object) node.classList.add("selected");
    }
  }
}
