// Graph nodes. A node is the backward of one op application: it maps the
// gradients of that op's outputs to gradients of its inputs, and links to
// the nodes that produced those inputs (next_functions).
import type { DType } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import type { Device, Tensor } from "../tensor.js";
import { shortName } from "../format.js";

export type TensorHook = (grad: Tensor) => Tensor | undefined | void;

export interface RemovableHandle {
  remove(): void;
}

let nextSequenceNr = 0;

/** The text PyTorch raises when a freed graph is run again. */
export const SECOND_BACKWARD_MESSAGE =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). " +
  "Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
  "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.";

export interface OutputMeta {
  shape: readonly number[];
  dtype: DType;
  device: Device;
}

export abstract class Node {
  /** Creation order; the engine runs ready nodes newest first, as PyTorch does. */
  readonly sequence_nr = nextSequenceNr++;
  /** For each input of the op: the node its gradient flows to (null: none). */
  edges: (Node | null)[];
  /** The output slot of that node for each edge; null when every slot is 0 (the common case). */
  edgeSlots: number[] | null;
  /** Hooks on the gradient of output slot i, run before this node (tensor.register_hook on a non-leaf). */
  preHooks: Map<number, TensorHook[]> | null = null;
  /** Non-leaf tensors with retain_grad(), by output slot. */
  retained: Map<number, Tensor> | null = null;

  // Scratch state of the engine's current run (see engine.ts, "Engine scratch").
  _run = -1;
  _deps = 0;
  _needed = false;
  _buffer: (Tensor | null)[] | null = null;

  constructor(
    edges: (Node | null)[],
    edgeSlots: number[] | null,
    readonly numOutputs: number,
    /** Shape and dtype of each output; kept only by nodes that may need zeros for a missing output gradient. */
    readonly outputMetas: OutputMeta[] | null = null,
  ) {
    this.edges = edges;
    this.edgeSlots = edgeSlots;
  }

  slot(i: number): number {
    return this.edgeSlots === null ? 0 : this.edgeSlots[i];
  }

  abstract name(): string;
  /** Whether apply() is library code whose new gradients nothing else holds (Note [gradient ownership] in engine.ts). */
  get freshGrads(): boolean {
    return false;
  }
  /** Gradients of the inputs, one per edge, from the gradients of the outputs. */
  abstract apply(grads: (Tensor | null)[]): (Tensor | null)[];
  /** Throws PyTorch's error if the saved state needed by apply() is gone or stale. */
  check(): void {}
  /** Drops saved tensors after a backward without retain_graph. */
  release(): void {}

  get next_functions(): [Node | null, number][] {
    return this.edges.map((n, i) => [n, n === null ? 0 : this.slot(i)]);
  }

  addPreHook(slot: number, hook: TensorHook): RemovableHandle {
    this.preHooks ??= new Map();
    const list = this.preHooks.get(slot) ?? [];
    list.push(hook);
    this.preHooks.set(slot, list);
    return { remove: () => { const i = list.indexOf(hook); if (i >= 0) list.splice(i, 1); } };
  }

  toString(): string {
    return `<${shortName(this.name())}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** The end of every path to a leaf that requires grad: adds into leaf.grad. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super([], null, 1);
  }
  name(): string {
    return "AccumulateGrad";
  }
  apply(): (Tensor | null)[] {
    return [];
  }
}

/**
 * Values an op keeps for its backward, with the version of every tensor among
 * them at save time (Note [saved versions]: a tensor modified in place after
 * it was saved makes the backward wrong, so backward checks the versions and
 * raises PyTorch's error instead).
 */
export class SavedValues {
  values: Record<string, unknown> | null;
  /** The version of each saved tensor at save time, in the key order of `values`. */
  private versions: number[] = [];
  /** For each saved tensor: its output slot if it is an output of `owner`, else -1 (null: none is). */
  private outputNrs: number[] | null = null;
  readonly hasTensors: boolean;
  /** `owner` is the node these values belong to: a saved output of it is named after it in errors. */
  constructor(values: Record<string, unknown>, private readonly isTensor: (v: unknown) => v is Tensor, private readonly owner: Node | null = null) {
    this.values = values;
    let held = 0;
    for (const key in values) {
      const v = values[key];
      if (isTensor(v)) this.note(v, this.versions.length);
    }
    this.forEachTensor((t) => {
      hold(t);
      held++;
    });
    this.hasTensors = held > 0;
  }
  /** Every tensor among the values, those in lists and plain objects of them included. */
  private forEachTensor(f: (t: Tensor) => void): void {
    const visit = (v: unknown, depth: number): void => {
      if (this.isTensor(v)) f(v);
      else if (depth < 2 && Array.isArray(v)) for (const x of v) visit(x, depth + 1);
      else if (depth < 2 && v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v)) visit(x, depth + 1);
    };
    for (const key in this.values) visit(this.values[key], 0);
  }
  private note(t: Tensor, i: number): void {
    this.versions[i] = t._versionNumber;
    const isOutput = this.owner !== null && t.grad_fn === this.owner;
    if (isOutput || this.outputNrs !== null) {
      this.outputNrs ??= new Array<number>(this.versions.length).fill(-1);
      this.outputNrs[i] = isOutput ? t._outputNr : -1;
    }
  }
  /** Replaces a saved tensor (in-place ops: see applyInplace). */
  rebind(from: Tensor, to: Tensor): void {
    if (this.values === null) return;
    let i = 0;
    for (const key in this.values) {
      const v = this.values[key];
      if (!this.isTensor(v)) continue;
      if (v === from) {
        this.values[key] = to;
        this.note(to, i);
        hold(to);
        letGo(from);
      }
      i++;
    }
  }
  check(): void {
    if (this.values === null) {
      if (this.hasTensors) throw new RuntimeError(SECOND_BACKWARD_MESSAGE);
      return;
    }
    let i = 0;
    for (const key in this.values) {
      const t = this.values[key];
      if (!this.isTensor(t)) continue;
      const version = this.versions[i];
      const outputNr = this.outputNrs === null ? -1 : this.outputNrs[i];
      i++;
      if (t._versionNumber === version) continue;
      // As PyTorch: a saved output names the node that saved it; a saved input names its current maker.
      const maker = outputNr >= 0 ? this.owner : t.grad_fn;
      const nr = outputNr >= 0 ? outputNr : t._outputNr;
      const which = maker !== null ? `, which is output ${nr} of ${maker.name()},` : "";
      throw new RuntimeError(
        `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
          `[${t.dtype.legacyName} [${t.shape.join(", ")}]]${which} is at version ${t._versionNumber}; expected version ${version} instead. ` +
          `Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`,
      );
    }
  }
  release(): void {
    if (!this.hasTensors || this.values === null) return;
    this.forEachTensor(letGo);
    this.values = null;
  }
}

// A saved tensor is held by each saved-value set of a live graph (Note [ownership] in src/memory.ts).
export function hold(t: Tensor): void {
  t._savedBy++;
}
export function letGo(t: Tensor): void {
  if (--t._savedBy === 0 && t._disposePending) t.dispose();
}
