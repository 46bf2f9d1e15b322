// The op runner shared by every entry of the op table: it records a graph node
// when grad mode is on and an input requires grad, and it applies in-place
// variants. Each op module defines its entries (forward and backward formula
// side by side) and calls record().
import { AccumulateGrad, Node, SavedValues, type OutputMeta } from "../autograd/node.js";
import { gradState, no_grad } from "../autograd/grad_mode.js";
import type { DType } from "../dtype.js";
import { sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { NotImplementedError, RuntimeError } from "../errors.js";

/** One op's autograd entry: PyTorch's node name and the gradient formula, in tensor ops. */
export interface OpDef {
  /** PyTorch's op name, used in error messages. */
  readonly name: string;
  /** The node name PyTorch gives (derivatives.yaml), e.g. "MulBackward0". */
  readonly node: string;
  /**
   * Gradients of the inputs (aligned with the inputs passed to record(); null where none)
   * from the output gradient (an array of them for a multi-output op) and the saved values.
   * `needs[i]` says whether input i wants a gradient (PyTorch's grad_input_mask); a formula
   * may skip the others. Formulas return gradients in the broadcast shape; the runner sums
   * them down.
   */
  readonly backward: (grad: any, saved: any, needs: readonly boolean[]) => (Tensor | null | undefined)[];
  /** Multi-output ops: the backward receives every output's gradient, zeros where none arrived. */
  readonly multiOutput?: boolean;
  /**
   * With multiOutput: null instead of zeros for the outputs no gradient reached (PyTorch's
   * undefined gradients), for formulas whose terms divide by gaps between eigenvalues or
   * singular values and must be skipped, not multiplied by zero, where those are tied.
   */
  readonly undefinedGrads?: boolean;
}

export type Input = Tensor | number | boolean | null | undefined | readonly Tensor[];

function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

/** Whether an op applied now to these inputs must record a node. */
export function needsGrad(a: Input, b?: Input, c?: Input): boolean {
  if (!gradState.enabled) return false;
  return requiresGrad(a) || requiresGrad(b) || requiresGrad(c);
}

function requiresGrad(v: Input): boolean {
  if (v instanceof Tensor) return v.requires_grad;
  if (Array.isArray(v)) return v.some((t) => t instanceof Tensor && t.requires_grad);
  return false;
}

export function gradEdge(t: Tensor): [Node | null, number] {
  if (t.grad_fn !== null) return [t.grad_fn, t._outputNr];
  if (t._requiresGrad) return [(t._accumulator ??= new AccumulateGrad(t)), 0];
  return [null, 0];
}

/** The node of one op application. */
export class OpNode extends Node {
  constructor(
    readonly def: OpDef,
    edges: (Node | null)[],
    slots: number[] | null,
    /** The shape of each input that needs a gradient (null for the others), to sum broadcast gradients down. */
    readonly inputShapes: (readonly number[] | null)[],
    /** Gradients are cast back to this dtype... */
    readonly outDtype: DType,
    /** ...or to these, for inputs whose dtype differs from the output's (null: none does). */
    readonly inputDtypes: (DType | null)[] | null,
    numOutputs: number,
    outputMetas: OutputMeta[] | null,
    public saved: SavedValues | null,
  ) {
    super(edges, slots, numOutputs, outputMetas);
  }
  name(): string {
    return this.def.node;
  }
  // PyTorch's saved-value attributes (grad_fn._saved_self and friends), for introspection.
  get _saved_self(): unknown {
    return this.savedValue("self");
  }
  get _saved_other(): unknown {
    return this.savedValue("other");
  }
  get _saved_result(): unknown {
    return this.savedValue("result");
  }
  get _saved_exponent(): unknown {
    return this.savedValue("exponent");
  }
  get _saved_mat2(): unknown {
    return this.savedValue("mat2");
  }
  get _saved_alpha(): unknown {
    return this.savedValue("alpha");
  }
  get _saved_dim(): unknown {
    return this.savedValue("dims") ?? this.savedValue("dim");
  }
  get _saved_keepdim(): unknown {
    return this.savedValue("keepdim");
  }
  /**
   * A saved value as PyTorch unpacks it: the tensor itself for a saved input,
   * a new tensor sharing the output's storage and grad_fn for a saved output,
   * and PyTorch's error once the graph has been freed.
   */
  private savedValue(key: string): unknown {
    if (this.saved === null) return undefined;
    this.saved.check();
    const v = this.saved.values![key];
    if (v instanceof Tensor && v.grad_fn === this) {
      const alias = new Tensor(v._data, v._shape, v._strides, v._offset, v.dtype, v._version, v._base);
      alias.grad_fn = this;
      alias._outputNr = v._outputNr;
      return alias;
    }
    return v;
  }
  override get freshGrads(): boolean {
    return true;
  }
  override check(): void {
    this.saved?.check();
  }
  override release(): void {
    this.saved?.release();
  }
  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    this.check();
    const values = this.saved === null ? EMPTY : this.saved.values;
    // An input needs a gradient exactly when it has an edge: `edges` doubles as the needs mask.
    const needs = this.edges as unknown as readonly boolean[];
    let result: (Tensor | null | undefined)[];
    if (this.def.multiOutput) {
      const full = this.def.undefinedGrads ? grads : grads.map((g, i) => g ?? zerosOf(this.outputMetas![i]));
      result = this.def.backward(full, values, needs);
    } else {
      result = this.def.backward(grads[0]!, values, needs);
    }
    const n = this.edges.length;
    const out = new Array<Tensor | null>(n);
    for (let i = 0; i < n; i++) {
      let g = result[i] ?? null;
      const shape = this.inputShapes[i];
      if (g !== null && shape !== null) {
        if (!sameShape(g._shape, shape)) g = g.sum_to_size(shape);
        const dtype = this.inputDtypes?.[i] ?? this.outDtype;
        if (g.dtype !== dtype) g = g.to(dtype);
      } else g = null;
      out[i] = g;
    }
    return out;
  }
}

const EMPTY: Record<string, unknown> = Object.freeze({});

function zerosOf(meta: OutputMeta): Tensor {
  return Tensor._full(meta.shape, 0, meta.dtype, meta.device);
}

/**
 * Links `outputs` to a new node of `def` whose inputs are `inputs` (a Tensor
 * entry gets an edge; numbers and nulls get none; a Tensor[] entry stands for
 * several inputs, as in cat). Call only when needsGrad() said so.
 */
/**
 * An op that is one node in PyTorch but needs no kernel of its own: its value
 * computed by `forward` outside autograd, recorded as one `def` node over `inputs`.
 */
/** The node PyTorch records for an op without a derivative formula: backward through it is an error. */
export function notImplemented(op: string): OpDef {
  return {
    name: op,
    node: "torch::autograd::NotImplemented",
    backward: () => {
      throw new RuntimeError(`derivative for aten::${op} is not implemented`);
    },
  };
}

/** A node PyTorch records but cannot differentiate (derivatives.yaml's not_implemented): its backward raises. */
export function undifferentiable(op: string, node: string): OpDef {
  return {
    name: op,
    node,
    backward: () => {
      throw new NotImplementedError(`the derivative for '${op}' is not implemented.`);
    },
  };
}

export function composite(def: OpDef, inputs: readonly Tensor[], forward: () => Tensor, saved?: Record<string, unknown>): Tensor {
  const out = no_grad(forward);
  if (inputs.some((t) => needsGrad(t))) record(def, inputs, out, saved);
  return out;
}

export function record(def: OpDef, inputs: readonly Input[], outputs: Tensor | readonly Tensor[], saved?: Record<string, unknown>, differentiableOutputs?: number): Node {
  let flat = inputs as readonly unknown[];
  for (let i = 0; i < inputs.length; i++) {
    if (Array.isArray(inputs[i])) {
      flat = inputs.flatMap((v) => (Array.isArray(v) ? v : [v]));
      break;
    }
  }
  const outs = outputs instanceof Tensor ? null : outputs;
  const first = outs === null ? (outputs as Tensor) : outs[0];
  const outDtype = first.dtype;
  const n = flat.length;
  const edges = new Array<Node | null>(n);
  const shapes = new Array<readonly number[] | null>(n);
  let slots: number[] | null = null;
  let dtypes: (DType | null)[] | null = null;
  for (let i = 0; i < n; i++) {
    const t = flat[i];
    if (!(t instanceof Tensor) || !t.requires_grad) {
      edges[i] = null;
      shapes[i] = null;
      continue;
    }
    shapes[i] = t._shape;
    if (t.grad_fn !== null) {
      edges[i] = t.grad_fn;
      if (t._outputNr !== 0) (slots ??= new Array<number>(n).fill(0))[i] = t._outputNr;
    } else edges[i] = t._accumulator ??= new AccumulateGrad(t);
    if (t.dtype !== outDtype) (dtypes ??= new Array<DType | null>(n).fill(null))[i] = t.dtype;
  }
  const numOutputs = outs === null ? 1 : outs.length;
  const metas = def.multiOutput && outs !== null ? outs.map((o) => ({ shape: o._shape, dtype: o.dtype, device: o.device })) : null;
  const node = new OpNode(def, edges, slots, shapes, outDtype, dtypes, numOutputs, metas, null);
  if (outs === null) {
    first.grad_fn = node;
    first._outputNr = 0;
  } else {
    const linked = differentiableOutputs ?? outs.length;
    for (let k = 0; k < linked; k++) {
      outs[k].grad_fn = node;
      outs[k]._outputNr = k;
    }
  }
  // Saved after linking, so a saved output records this node as its maker.
  if (saved !== undefined) node.saved = new SavedValues(saved, isTensor, node);
  return node;
}
