// Custom ops: class MyExp extends torch.autograd.Function with static
// forward(ctx, ...args) and backward(ctx, ...grads), applied with MyExp.apply.
import { RuntimeError } from "../errors.js";
import { sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { gradState, no_grad } from "./grad_mode.js";
import { hold, letGo, Node, SECOND_BACKWARD_MESSAGE, SavedValues } from "./node.js";
import { gradEdge } from "../ops/registry.js";
import { userCode } from "../memory.js";

export class FunctionCtx {
  /** Whether each forward argument needs a gradient. */
  needs_input_grad: boolean[] = [];
  materialize_grads = true;
  _saved: SavedValues | null = null;
  _nonDifferentiable = new Set<Tensor>();
  [key: string]: unknown;

  save_for_backward(...tensors: (Tensor | null)[]): void {
    const values: Record<string, unknown> = {};
    tensors.forEach((t, i) => (values[i] = t));
    this._saved = new SavedValues(values, (v): v is Tensor => v instanceof Tensor);
  }
  get saved_tensors(): (Tensor | null)[] {
    if (this._saved === null) return [];
    this._saved.check();
    const v = this._saved.values!;
    return Object.keys(v).map((k) => v[k] as Tensor | null);
  }
  mark_non_differentiable(...tensors: Tensor[]): void {
    for (const t of tensors) this._nonDifferentiable.add(t);
  }
  mark_dirty(..._tensors: Tensor[]): void {}
  set_materialize_grads(value: boolean): void {
    this.materialize_grads = value;
  }
}

export type FunctionClass = {
  name: string;
  forward(ctx: FunctionCtx, ...args: any[]): any;
  backward(ctx: FunctionCtx, ...grads: any[]): any;
};

/** The tensors forward stored as ctx's own attributes (`ctx.scale = t`), directly or in an array. */
function ctxAttributeTensors(ctx: FunctionCtx): Tensor[] {
  const found: Tensor[] = [];
  for (const [key, v] of Object.entries(ctx)) {
    if (key === "_saved" || key === "_nonDifferentiable") continue;
    if (v instanceof Tensor) found.push(v);
    else if (Array.isArray(v)) for (const t of v) if (t instanceof Tensor) found.push(t);
  }
  return found;
}

class CustomFunctionNode extends Node {
  /** Tensors kept as ctx attributes: the graph holds them as it holds saved tensors, until it is released (Note [ownership]). */
  private attributes: Tensor[] | null;
  constructor(readonly cls: FunctionClass, readonly ctx: FunctionCtx, readonly inputs: (Tensor | null)[], edges: (Node | null)[], slots: number[], outputs: Tensor[]) {
    super(edges, slots, outputs.length, outputs.map((o) => ({ shape: o.shape, dtype: o.dtype, device: o.device })));
    this.attributes = ctxAttributeTensors(ctx);
    this.attributes.forEach(hold);
  }
  name(): string {
    return `${this.cls.name}Backward`;
  }
  override check(): void {
    if (this.ctx._saved !== null && this.ctx._saved.values === null) throw new RuntimeError(SECOND_BACKWARD_MESSAGE);
  }
  override release(): void {
    this.ctx._saved?.release();
    this.attributes?.forEach(letGo);
    this.attributes = null;
  }
  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const metas = this.outputMetas!;
    const gs = grads.map((g, i) => g ?? (this.ctx.materialize_grads ? Tensor._full(metas[i].shape, 0, metas[i].dtype, metas[i].device) : null));
    const raw = userCode(() => this.cls.backward(this.ctx, ...gs), gs);
    const list: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (list.length !== this.inputs.length) {
      if (list.length > this.inputs.length && list.slice(this.inputs.length).every((g) => g === null || g === undefined)) {
        list.length = this.inputs.length;
      } else {
        throw new RuntimeError(`function ${this.name()} returned an incorrect number of gradients (expected ${this.inputs.length}, got ${list.length})`);
      }
    }
    return list.map((g, i) => {
      const input = this.inputs[i];
      if (g === null || g === undefined || input === null || this.edges[i] === null) return null;
      let gt = g as Tensor;
      if (!sameShape(gt.shape, input.shape)) {
        try {
          gt = gt.sum_to_size(input.shape);
        } catch {
          throw new RuntimeError(`Function ${this.name()} returned an invalid gradient at index ${i} - got [${gt.shape.join(", ")}] but expected shape compatible with [${input.shape.join(", ")}]`);
        }
      }
      return gt.dtype === input.dtype ? gt : gt.to(input.dtype);
    });
  }
}

export class Function {
  static forward(_ctx: FunctionCtx, ..._args: any[]): any {
    throw new RuntimeError("You must implement the forward function for custom autograd.Function.");
  }
  static backward(_ctx: FunctionCtx, ..._grads: any[]): any {
    throw new RuntimeError("You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.");
  }
  static apply<T = Tensor>(this: FunctionClass, ...args: any[]): T {
    const ctx = new FunctionCtx();
    ctx.needs_input_grad = args.map((a) => a instanceof Tensor && a.requires_grad);
    const recording = gradState.enabled && ctx.needs_input_grad.some(Boolean);
    const raw = no_grad(() => this.forward(ctx, ...args));
    if (!recording) return raw as T;
    const outs: Tensor[] = (Array.isArray(raw) ? raw : [raw]).map((o: unknown) => {
      if (!(o instanceof Tensor)) return o as Tensor;
      // An input returned as-is gets a new identity so that its own history stays intact.
      return args.includes(o) ? o.detach() : o;
    });
    const inputs = args.map((a) => (a instanceof Tensor ? a : null));
    const edges: (Node | null)[] = [];
    const slots: number[] = [];
    for (const t of inputs) {
      const [n, s] = t !== null && t.requires_grad ? gradEdge(t) : [null, 0];
      edges.push(n);
      slots.push(s);
    }
    const tensorsOut = outs.filter((o) => o instanceof Tensor);
    const node = new CustomFunctionNode(this, ctx, inputs, edges, slots, tensorsOut);
    tensorsOut.forEach((o, k) => {
      if (ctx._nonDifferentiable.has(o) || !o.dtype.is_floating_point) return;
      o.grad_fn = node;
      o._outputNr = k;
    });
    return (Array.isArray(raw) ? outs : outs[0]) as T;
  }
}
