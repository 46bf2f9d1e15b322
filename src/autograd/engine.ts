// The backward engine. Iterative throughout (no recursion), so a graph of a
// million chained ops runs on the default stack.
//
// Note [Engine scratch]: each run stamps the nodes it visits with its run id
// and keeps the dependency count and gradient buffer on the node itself
// (_deps, _buffer, _needed); a node stamped by an older run is reset on first
// touch. This keeps the per-node cost of a run to a few field writes.
import { RuntimeError } from "../errors.js";
import { checkKeywords } from "../args.js";
import { backend, type Storage } from "../backend/index.js";
import { sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { gradState } from "./grad_mode.js";
import { AccumulateGrad, Node } from "./node.js";
import { gradEdge } from "../ops/registry.js";
import { binaryInPlace } from "../ops/inplace.js";
import { stack } from "../ops/shape.js";
import { keep, libraryScope, userCode } from "../memory.js";

let runCounter = 0;

export interface BackwardOptions {
  retain_graph?: boolean;
  create_graph?: boolean;
  inputs?: Tensor | readonly Tensor[];
}

export interface GradOptions {
  retain_graph?: boolean;
  create_graph?: boolean;
  allow_unused?: boolean;
  /** The first dimension of each grad_output is a batch of vectors (PyTorch's vmap over them). */
  is_grads_batched?: boolean;
}

interface Root {
  node: Node;
  slot: number;
  grad: Tensor;
}

interface Target {
  node: Node;
  slot: number;
  tensor: Tensor;
}

/** A max-heap of nodes by sequence_nr: the newest ready node runs first. */
class ReadyHeap {
  private items: Node[] = [];
  get size(): number {
    return this.items.length;
  }
  push(n: Node): void {
    const a = this.items;
    a.push(n);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].sequence_nr >= n.sequence_nr) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = n;
  }
  pop(): Node {
    const a = this.items;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r].sequence_nr > a[l].sequence_nr ? r : l;
        if (a[c].sequence_nr <= last.sequence_nr) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
}

function shapeText(s: readonly number[]): string {
  return `torch.Size([${s.join(", ")}])`;
}

function makeRoots(tensors: readonly Tensor[], grads: readonly (Tensor | null | undefined)[] | undefined): Root[] {
  if (grads !== undefined && grads.length !== tensors.length) {
    throw new RuntimeError(`grad_tensors should have the same length as tensors (got ${grads.length} and ${tensors.length})`);
  }
  return tensors.map((t, i) => {
    if (!t.requires_grad) throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
    let g = grads?.[i] ?? null;
    if (g === null) {
      if (t.numel() !== 1) throw new RuntimeError("grad can be implicitly created only for scalar outputs");
      g = Tensor._full(t.shape, 1, t.dtype, t.device);
    } else if (!sameShape(g.shape, t.shape)) {
      throw new RuntimeError(`Mismatch in shape: grad_output[${i}] has a shape of ${shapeText(g.shape)} and output[${i}] has a shape of ${shapeText(t.shape)}.`);
    }
    const [node, slot] = gradEdge(t);
    return { node: node!, slot, grad: g };
  });
}

function stamp(n: Node, run: number): void {
  if (n._run !== run) {
    n._run = run;
    n._deps = 0;
    n._buffer = null;
    n._needed = true;
  }
}

/** Finds every node reachable from the roots; with targets, marks the ones on a path to a target. */
function discover(roots: readonly Root[], run: number, targets: Map<Node, Target[]> | null): void {
  const order: Node[] = [];
  const stack: Node[] = [];
  for (const r of roots) {
    if (r.node._run !== run) {
      stamp(r.node, run);
      stack.push(r.node);
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!;
    order.push(n);
    const edges = n.edges;
    for (let i = 0; i < edges.length; i++) {
      const c = edges[i];
      if (c !== null && c._run !== run) {
        stamp(c, run);
        stack.push(c);
      }
    }
  }
  if (targets !== null) {
    // Children before parents: reverse creation order is a topological order.
    order.sort((a, b) => a.sequence_nr - b.sequence_nr);
    for (const n of order) {
      let needed = targets.has(n);
      for (const c of n.edges) if (c !== null && c._needed) needed = true;
      n._needed = needed;
    }
  }
  for (const n of order) {
    if (!n._needed) continue;
    n.check();
    for (const c of n.edges) if (c !== null && c._needed) c._deps++;
  }
}

function newBuffer(n: number): (Tensor | null)[] {
  return n === 1 ? [null] : new Array<Tensor | null>(n).fill(null);
}

/**
 * Note [gradient ownership]: a gradient the engine itself made, that nothing
 * outside the run can reach, may become a leaf's .grad as it is, without the
 * copy (PyTorch's AccumulateGrad steals such a gradient the same way, going by
 * its use count). Ownership is of storage, so that it follows a gradient
 * through views: linear's weight gradient is made as a transposed product and
 * reaches the weight through TBackward0 as a contiguous view of it. Owned: the
 * sum of two gradients arriving at one input (a third adds into it in place),
 * and the storage of a gradient from a built-in op's backward that is none of
 * the storages that node received and goes to one input only; a received
 * storage passed on to one input (as it is, or viewed) stays as it was. Not
 * owned: anything a hook saw or a custom Function returned, and everything
 * under create_graph. A leaf takes an owned gradient that covers its storage
 * in order (coversStorage).
 * Small gradients are not tracked: their copy costs less than the bookkeeping.
 */
const OWNED_MIN_NUMEL = 1024;

/** Whether g reads all of its storage, contiguously from the start: then a plain tensor over that storage equals it. */
function coversStorage(g: Tensor): boolean {
  return g._offset === 0 && g._data.length === g.numel() && g.is_contiguous();
}

function addInto(buf: (Tensor | null)[], slot: number, g: Tensor, owned: Set<Storage> | null): void {
  const cur = buf[slot];
  if (cur === null || cur === undefined) {
    buf[slot] = g;
    return;
  }
  // An owned buffer takes the next gradient in place, as PyTorch's InputBuffer does: no new array.
  if (owned !== null && owned.has(cur._data) && coversStorage(cur) && binaryInPlace(cur, "add", g)) return;
  const sum = cur.add(g);
  if (owned !== null && sum._data.length >= OWNED_MIN_NUMEL) owned.add(sum._data);
  buf[slot] = sum;
}

/** Updates ownership after `node` returned `grads` from `received` (Note [gradient ownership]). */
function updateOwnership(node: Node, received: readonly (Tensor | null)[], grads: readonly (Tensor | null)[], owned: Set<Storage>): void {
  for (let i = 0; i < grads.length; i++) {
    const g = grads[i];
    // Only large gradients are ever owned: a small one needs no bookkeeping (keeps chains of scalar ops cheap).
    if (!g || g._data.length < OWNED_MIN_NUMEL) continue;
    const storage = g._data;
    let twice = false;
    for (let j = 0; j < grads.length; j++) if (j !== i && grads[j] && grads[j]!._data === storage) twice = true;
    if (twice || !node.freshGrads) {
      owned.delete(storage);
      continue;
    }
    let passedOn = false;
    for (const r of received) if (r && r._data === storage) passedOn = true;
    if (!passedOn) owned.add(storage);
  }
}

function runHooks(hooks: readonly ((g: Tensor) => Tensor | undefined | void)[] | null | undefined, g: Tensor): Tensor {
  if (!hooks) return g;
  for (const h of hooks) {
    const r = userCode(() => h(g), g);
    if (r instanceof Tensor) g = r;
  }
  return g;
}

/** A leaf's .grad, kept from any torch.scope (Note [ownership]). */
function accumulate(v: Tensor, g: Tensor, create: boolean, owned = false): void {
  accumulateInto(v, g, create, owned);
  keep(v._grad);
}

function accumulateInto(v: Tensor, g: Tensor, create: boolean, owned: boolean): void {
  if (v._grad === null) {
    if (owned && coversStorage(g) && sameShape(g._shape, v._shape) && g.dtype === v.dtype) v._grad = g._base === null ? g : Tensor._make(g._data, g._shape, g.dtype);
    // A fresh copy (one pass, contiguous): g may be shared with another input's gradient.
    else v._grad = create ? g.clone() : Tensor._make(backend.copy(g, g.shape, g.dtype), g.shape, g.dtype);
  } else if (create) {
    v._grad = v._grad.add(g);
  } else {
    const prev = gradState.enabled;
    gradState.enabled = false;
    try {
      v._grad.add_(g);
    } finally {
      gradState.enabled = prev;
    }
  }
}

interface RunOptions {
  retain: boolean;
  create: boolean;
  accumulate: boolean;
  targets: Target[] | null;
}

/**
 * Runs the graph from the roots. With `targets`, only nodes on a path to a
 * target run, and the gradient arriving at each target is returned instead of
 * (grad mode) or as well as (backward with inputs=) being accumulated.
 */
function execute(roots: readonly Root[], opts: RunOptions): (Tensor | null)[] {
  const run = ++runCounter;
  let byNode: Map<Node, Target[]> | null = null;
  if (opts.targets !== null) {
    byNode = new Map();
    for (const t of opts.targets) {
      const list = byNode.get(t.node) ?? [];
      list.push(t);
      byNode.set(t.node, list);
    }
  }
  discover(roots, run, byNode);
  const captured = new Map<Target, Tensor>();
  const heap = new ReadyHeap();
  const owned = opts.create || byNode !== null ? null : new Set<Storage>();
  for (const r of roots) {
    if (!r.node._needed) continue;
    const buf = (r.node._buffer ??= newBuffer(r.node.numOutputs));
    addInto(buf, r.slot, r.grad, owned);
  }
  const queued = new Set<Node>();
  for (const r of roots) {
    if (r.node._needed && r.node._deps === 0 && !queued.has(r.node)) {
      queued.add(r.node);
      heap.push(r.node);
    }
  }
  const prevMode = gradState.enabled;
  gradState.enabled = opts.create;
  try {
    while (heap.size > 0) {
      const node = heap.pop();
      const buf = node._buffer ?? newBuffer(node.numOutputs);
      node._buffer = null;
      if (node.preHooks !== null) {
        for (const [slot, hooks] of node.preHooks) {
          if (!buf[slot]) continue;
          owned?.delete(buf[slot]!._data);
          buf[slot] = runHooks(hooks, buf[slot]!);
        }
      }
      if (node.retained !== null) {
        for (const [slot, t] of node.retained) {
          const g = buf[slot];
          if (!g) continue;
          t._grad = keep(t._grad === null ? (opts.create ? g.clone() : g.detach().clone()) : opts.create ? t._grad.add(g) : t._grad.add(g.detach()));
        }
      }
      const targets = byNode?.get(node);
      if (node instanceof AccumulateGrad) {
        let g = buf[0];
        if (g) {
          const hooks = node.variable._hooks;
          const isOwned = owned !== null && owned.has(g._data) && !(hooks && hooks.length > 0);
          g = runHooks(hooks, g);
          if (targets) for (const t of targets) captured.set(t, g);
          if (opts.accumulate && (byNode === null || targets)) accumulate(node.variable, g, opts.create, isOwned);
        }
        continue;
      }
      if (targets) {
        for (const t of targets) {
          const g = buf[t.slot];
          if (!g) continue;
          captured.set(t, g);
          if (opts.accumulate) accumulate(t.tensor, g, opts.create);
        }
      }
      const edges = node.edges;
      let anyChild = false;
      for (let i = 0; i < edges.length; i++) if (edges[i] !== null && edges[i]!._needed) anyChild = true;
      if (!anyChild) {
        if (!opts.retain) node.release();
        continue;
      }
      let grads: (Tensor | null)[];
      if (buf.every((g) => !g)) grads = new Array(edges.length).fill(null);
      else grads = node.apply(buf);
      if (!opts.retain) node.release();
      if (owned !== null) updateOwnership(node, buf, grads, owned);
      for (let i = 0; i < edges.length; i++) {
        const c = edges[i];
        if (c === null || !c._needed) continue;
        const g = grads[i];
        if (g) addInto((c._buffer ??= newBuffer(c.numOutputs)), node.slot(i), g, owned);
        if (--c._deps === 0) heap.push(c);
      }
    }
  } finally {
    gradState.enabled = prevMode;
  }
  return opts.targets === null ? [] : opts.targets.map((t) => captured.get(t) ?? null);
}

function asList<T>(v: T | readonly T[]): T[] {
  return Array.isArray(v) ? [...(v as T[])] : [v as T];
}

function targetOf(t: Tensor): Target {
  if (!t.requires_grad) throw new RuntimeError("One of the differentiated Tensors does not require grad");
  const [node, slot] = gradEdge(t);
  return { node: node!, slot, tensor: t };
}

/** torch.autograd.backward: accumulates d(tensors)/d(leaf) into every leaf's .grad. */

export function backward(
  tensors: Tensor | readonly Tensor[],
  grad_tensors?: Tensor | readonly (Tensor | null)[] | null,
  options: BackwardOptions = {},
): void {
  // Every gradient on the way is freed when the run ends, but the leaves' .grad (Note [library scopes]).
  libraryScope(() => {
    checkKeywords("backward", options, ["retain_graph", "create_graph", "inputs", "grad_variables"]);
    const ts = asList(tensors);
    const gs = grad_tensors === undefined || grad_tensors === null ? undefined : asList(grad_tensors as Tensor | (Tensor | null)[]);
    const roots = makeRoots(ts, gs);
    let targets: Target[] | null = null;
    if (options.inputs !== undefined) {
      const inputs = asList(options.inputs);
      if (inputs.length === 0) throw new RuntimeError("'inputs' argument to backward() cannot be empty.");
      targets = inputs.map((t) => targetOf(t));
    }
    const create = options.create_graph ?? false;
    execute(roots, { retain: options.retain_graph ?? create, create, accumulate: true, targets });
  });
}

/**
 * is_grads_batched: the first dimension of each grad_output is a batch, and
 * each input's gradient is the stack of the gradients for each slice, as
 * PyTorch's vmap over the backward gives them. One backward per slice.
 */
function batchedGrad(outs: readonly Tensor[], ins: readonly Tensor[], gs: readonly (Tensor | null)[] | undefined, retain: boolean, create: boolean): (Tensor | null)[] {
  const batch = gs?.find((g) => g !== null)?.shape[0];
  if (gs === undefined || batch === undefined) return execute(makeRoots(outs, gs), { retain, create, accumulate: false, targets: ins.map((t) => targetOf(t)) });
  gs.forEach((g, i) => {
    if (g === null || i >= outs.length) return;
    const sliceShape = g.shape.slice(1);
    if (g.dim() === 0 || !sameShape(sliceShape, outs[i].shape) || g.shape[0] !== batch) {
      throw new RuntimeError(
        "If `is_grads_batched=True`, we interpret the first dimension of each grad_output as the batch dimension. The sizes of the remaining dimensions are expected to match the shape of corresponding output, but a mismatch was detected: " +
          `grad_output[${i}] has a shape of ${shapeText(sliceShape)} and output[${i}] has a shape of ${shapeText(outs[i].shape)}. If you only want some tensors in \`grad_output\` to be considered batched, consider using vmap.`,
      );
    }
  });
  if (batch === 0) return ins.map((t) => Tensor._full([0, ...t.shape], 0, t.dtype, t.device));
  const perSlice: (Tensor | null)[][] = [];
  for (let b = 0; b < batch; b++) {
    const roots = makeRoots(outs, gs.map((g) => (g === null ? null : g.select(0, b))));
    perSlice.push(execute(roots, { retain: retain || b < batch - 1, create, accumulate: false, targets: ins.map((t) => targetOf(t)) }));
  }
  return ins.map((_, k) => (perSlice[0][k] === null ? null : stack(perSlice.map((r) => r[k]!), 0)));
}

/** torch.autograd.grad: the gradients of outputs with respect to inputs, without touching .grad. */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  grad_outputs?: Tensor | readonly (Tensor | null)[] | null,
  options: GradOptions = {},
): (Tensor | null)[] {
  // Every gradient on the way is freed when the run ends, but those returned (Note [library scopes]).
  return libraryScope(() => {
    checkKeywords("grad", options, ["retain_graph", "create_graph", "allow_unused", "only_inputs", "is_grads_batched"]);
    const outs = asList(outputs);
    const ins = asList(inputs);
    const gs = grad_outputs === undefined || grad_outputs === null ? undefined : asList(grad_outputs as Tensor | (Tensor | null)[]);
    const create = options.create_graph ?? false;
    const retain = options.retain_graph ?? create;
    const result = options.is_grads_batched
      ? batchedGrad(outs, ins, gs, retain, create)
      : execute(makeRoots(outs, gs), { retain, create, accumulate: false, targets: ins.map((t) => targetOf(t)) });
    if (!options.allow_unused && result.some((g) => g === null)) {
      throw new RuntimeError(
        "One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.",
      );
    }
    return result;
  });
}
