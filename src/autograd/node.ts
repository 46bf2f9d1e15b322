// Graph nodes. A node is the backward of one op application: it maps the
// gradients of that op's outputs to gradients of its inputs, and links to
// the nodes that produced those inputs (next_functions).
import type { DType } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import type { Tensor } from "../tensor.js";

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
}

export abstract class Node {
  /** Creation order; the engine runs ready nodes newest first, as PyTorch does. */
  readonly sequence_nr = nextSequenceNr++;
  /** For each input of the op: the node its gradient flows to (null: none) and that node's output slot. */
  edges: (Node | null)[];
  edgeSlots: number[];
  /** Hooks on the gradient of output slot i, run before this node (tensor.register_hook on a non-leaf). */
  preHooks: Map<number, TensorHook[]> | null = null;
  /** Non-leaf tensors with retain_grad(), by output slot. */
  retained: Map<number, Tensor> | null = null;

  // Scratch state of the engine's current run (see engine.ts, "Engine scratch").
  _run = -1;
  _deps = 0;
  _needed = false;
  _buffer: (Tensor | null)[] | null = null;

  constructor(edges: (Node | null)[], edgeSlots: number[], readonly outputs: OutputMeta[]) {
    this.edges = edges;
    this.edgeSlots = edgeSlots;
  }

  abstract name(): string;
  /** Gradients of the inputs, one per edge, from the gradients of the outputs. */
  abstract apply(grads: (Tensor | null)[]): (Tensor | null)[];
  /** Throws PyTorch's error if the saved state needed by apply() is gone or stale. */
  check(): void {}
  /** Drops saved tensors after a backward without retain_graph. */
  release(): void {}

  get next_functions(): [Node | null, number][] {
    return this.edges.map((n, i) => [n, n === null ? 0 : this.edgeSlots[i]]);
  }

  addPreHook(slot: number, hook: TensorHook): RemovableHandle {
    this.preHooks ??= new Map();
    const list = this.preHooks.get(slot) ?? [];
    list.push(hook);
    this.preHooks.set(slot, list);
    return { remove: () => { const i = list.indexOf(hook); if (i >= 0) list.splice(i, 1); } };
  }

  toString(): string {
    return `<${this.name()}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** The end of every path to a leaf that requires grad: adds into leaf.grad. */
export class AccumulateGrad extends Node {
  constructor(readonly variable: Tensor) {
    super([], [], [{ shape: variable.shape, dtype: variable.dtype }]);
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
  // Per saved tensor (parallel arrays, to keep recording cheap): its key, its version and
  // the node that made it, at save time (the node is named in the error).
  private keys: string[] = [];
  private versions: number[] = [];
  private makers: (Node | null)[] = [];
  private outputNrs: number[] = [];
  readonly hasTensors: boolean;
  /** `owner` is the node these values belong to: a saved output of it is named after it in errors. */
  constructor(values: Record<string, unknown>, isTensor: (v: unknown) => v is Tensor, private readonly owner: Node | null = null) {
    this.values = values;
    for (const key in values) {
      const v = values[key];
      if (isTensor(v)) {
        this.keys.push(key);
        this.versions.push(v._version.v);
        this.makers.push(v.grad_fn);
        this.outputNrs.push(v._outputNr);
      }
    }
    this.hasTensors = this.keys.length > 0;
  }
  /** Replaces a saved tensor (in-place ops: see applyInplace). */
  rebind(from: Tensor, to: Tensor): void {
    if (this.values === null) return;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.values[this.keys[i]] === from) {
        this.values[this.keys[i]] = to;
        this.versions[i] = to._version.v;
        this.makers[i] = to.grad_fn;
        this.outputNrs[i] = to._outputNr;
      }
    }
  }
  check(): void {
    if (this.values === null) {
      if (this.hasTensors) throw new RuntimeError(SECOND_BACKWARD_MESSAGE);
      return;
    }
    for (let i = 0; i < this.keys.length; i++) {
      const t = this.values[this.keys[i]] as Tensor;
      const version = this.versions[i];
      if (t._version.v !== version) {
        const fn = this.makers[i];
        // As PyTorch: a saved output names the node that saved it; a saved input names its current maker.
        const maker = fn !== null && fn === this.owner ? fn : t.grad_fn;
        const nr = maker === fn ? this.outputNrs[i] : t._outputNr;
        const which = maker !== null ? `, which is output ${nr} of ${maker.name()},` : "";
        throw new RuntimeError(
          `one of the variables needed for gradient computation has been modified by an inplace operation: ` +
            `[${t.dtype.legacyName} [${t.shape.join(", ")}]]${which} is at version ${t._version.v}; expected version ${version} instead. ` +
            `Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`,
        );
      }
    }
  }
  release(): void {
    if (this.hasTensors) this.values = null;
  }
}
