// In-place ops, and in-place ops on views (PyTorch's CopySlices).
//
// Note [in-place on views]: a view shares storage with its base, so writing
// through the view changes the base too. When autograd is involved, the write
// must become part of the base's history: the base's grad_fn becomes a
// CopySlices node that routes the gradient of the written slice through the
// op's own node and the rest of the base's gradient to the base's old history.
// Every view of that base then sees a new version, and its grad_fn is rebuilt
// on first read as an AsStridedBackward0 of the base's new grad_fn
// (Tensor.grad_fn, refreshViewGradFn), as PyTorch rebuilds it. Positions of a
// view inside its base are row-major element indices of the base
// (viewPositions), so one gather (take) and one scatter (putAdd) express every
// backward here in tensor ops, and double backward comes free.
import { gradState } from "../autograd/grad_mode.js";
import { Node, SavedValues } from "../autograd/node.js";
import { keep } from "../memory.js";
import { canCast, resultType2, type DType } from "../dtype.js";
import { backend } from "../backend/index.js";
import { RuntimeError } from "../errors.js";
import { broadcastShapes, elementOffsets, sameShape } from "../shape.js";
import { Tensor } from "../tensor.js";
import { gradEdge, OpNode, type OpDef } from "./registry.js";
import { onesExcept, putAdd, take } from "./shape.js";

/** PyTorch forbids writing into a leaf that requires grad, or a view of one, while grad mode is on. */
export function assertInplaceAllowed(self: Tensor): void {
  if (!gradState.enabled) return;
  // A leaf: no history, and not a view that reads one (a view made to require grad itself, of a base that does not, is a leaf too).
  if (self._requiresGrad && self.grad_fn === null && (self._base === null || !self._base.requires_grad)) {
    throw new RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
  const base = self._base;
  if (base !== null && base._requiresGrad && base.grad_fn === null && self.requires_grad) {
    throw new RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.");
  }
}

/** Whether two elements of t share memory (an expanded view). */
const hasInternalOverlap = (t: Tensor): boolean => t._strides.some((s, d) => s === 0 && t._shape[d] > 1);

/** PyTorch's check that no two elements of a tensor written in place share memory. */
function assertNoInternalOverlap(self: Tensor): void {
  if (hasInternalOverlap(self)) {
    throw new RuntimeError(
      "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.",
    );
  }
}

/**
 * self = op(self, other) written straight into self's storage, where autograd
 * has no part in it (grad mode off, or nothing requires grad) and the backend
 * takes it: no result array and no copy. `alpha` scales other first, as
 * add(other, alpha) does. False where not taken; the caller then runs the op
 * through applyInplace, which also raises its errors.
 */
export function binaryInPlace(self: Tensor, op: "add" | "sub" | "mul" | "div", other: unknown, alpha = 1): boolean {
  const isTensor = other instanceof Tensor;
  if (!isTensor && typeof other !== "number") return false;
  if (gradState.enabled && (self.requires_grad || (isTensor && other.requires_grad))) return false;
  if (resultType2(self, other as Tensor | number) !== self.dtype || !self.dtype.is_floating_point) return false;
  if (isTensor && !sameShape(broadcastShapes(self._shape, other._shape), self._shape)) return false;
  if (hasInternalOverlap(self)) return false;
  if (typeof alpha !== "number") return false;
  const operand = alpha === 1 ? (other as Tensor | number) : isTensor ? other.mul(alpha) : alpha * (other as number);
  if (!backend.binaryInPlace!(op, self, operand, self.dtype)) return false;
  self._version.v++;
  return true;
}

/**
 * Runs an in-place op on `self`: the op is computed out of place (recording its
 * node as usual), then written into self's storage, and self takes over the
 * result's place in the graph, or, when self is a view, its base's history is
 * rebased onto a CopySlices node (Note [in-place on views]). Saved references
 * to self are kept at their pre-op values; saved references to the result now
 * mean self.
 */
export function applyInplace(self: Tensor, compute: () => Tensor): Tensor {
  assertInplaceAllowed(self);
  assertNoInternalOverlap(self);
  const result = compute();
  if (!sameShape(result.shape, self.shape)) {
    throw new RuntimeError(`output with shape [${self.shape.join(", ")}] doesn't match the broadcast shape [${result.shape.join(", ")}]`);
  }
  if (!canCast(result.dtype, self.dtype)) {
    throw new RuntimeError(`result type ${result.dtype.scalarName} can't be cast to the desired output type ${self.dtype.scalarName}`);
  }
  const node = result.grad_fn;
  if (node instanceof OpNode && node.saved !== null) {
    // Keep the values the op read: a snapshot of self that stands where self stood in the graph.
    node.saved.rebind(self, self._snapshot());
  }
  const base = self._base;
  // The base's edge before the write: the history that CopySlices routes the rest of the gradient to.
  const baseEdge = node !== null && base !== null ? gradEdge(base) : null;
  self._writeFrom(result);
  if (node === null) return self;
  self.grad_fn = node;
  self._outputNr = 0;
  if (node instanceof OpNode) node.saved?.rebind(result, self);
  if (base !== null) {
    const positions = viewPositions(self);
    base.grad_fn = new CopySlices(baseEdge!, base._shape, positions, self._shape, node, base.dtype, base.device.type);
    base._outputNr = 0;
    self.grad_fn = asStridedNode(self, positions);
  }
  return self;
}

/** Row-major element indices, within its base, of each element of the view `v` (row-major over v). */
export function viewPositions(v: Tensor): Int32Array {
  const base = v._base!;
  const offsets = elementOffsets(v);
  if (base.is_contiguous()) {
    // Storage offset -> base row-major index is a shift.
    for (let i = 0; i < offsets.length; i++) offsets[i] -= base._offset;
    return offsets;
  }
  // A strided base: a table from storage offset to the base's row-major index.
  const baseOffsets = elementOffsets(base);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < baseOffsets.length; i++) {
    lo = Math.min(lo, baseOffsets[i]);
    hi = Math.max(hi, baseOffsets[i]);
  }
  const lookup = new Int32Array(hi - lo + 1);
  for (let i = 0; i < baseOffsets.length; i++) lookup[baseOffsets[i] - lo] = i;
  for (let i = 0; i < offsets.length; i++) offsets[i] = lookup[offsets[i] - lo];
  return offsets;
}

/** The gradient of a view that reads elements `offsets` of its base: its gradient added into zeros of the base's shape. */
// (Spelled out rather than gatherDef(): this module is evaluated before ops/shape.ts.)
const AS_STRIDED: OpDef = {
  name: "as_strided",
  node: "AsStridedBackward0",
  backward: (g: Tensor, s) => [putAdd(Tensor._full(s.shape, 0, g.dtype, g.device), s.offsets, g)],
};

/** The grad_fn of view v rebuilt over its base's current history (null when the base needs no gradient). */
function asStridedNode(v: Tensor, positions?: Int32Array): Node | null {
  const base = v._base!;
  if (!base.requires_grad) return null;
  const [edge, slot] = gradEdge(base);
  const saved = { shape: base._shape, offsets: positions ?? viewPositions(v) };
  return new OpNode(AS_STRIDED, [edge], slot === 0 ? null : [slot], [base._shape], v.dtype, null, 1, null, new SavedValues(saved, isTensor));
}

function isTensor(v: unknown): v is Tensor {
  return v instanceof Tensor;
}

/** Tensor.grad_fn of a view whose storage was written since its grad_fn was set (Note [in-place on views]). */
export function refreshViewGradFn(v: Tensor): void {
  v._gradFn = asStridedNode(v);
  v._outputNr = 0;
  v._gradFnVersion = v._versionNumber;
}

/**
 * The base's history after an in-place op `fn` on one of its views: the
 * gradient of the written elements goes through fn (whose first input was the
 * view's old value), the rest to the base's old history.
 */
class CopySlices extends Node {
  /** 1 outside the written positions, 0 at them, in the base's shape. */
  private readonly unwritten: Tensor;
  constructor(
    baseEdge: [Node | null, number],
    shape: readonly number[],
    private readonly positions: Int32Array,
    private readonly viewShape: readonly number[],
    private readonly fn: Node,
    dtype: DType,
    device: string,
  ) {
    const edges = [baseEdge[0], ...fn.edges.slice(1)];
    const slots = [baseEdge[1], ...fn.edges.slice(1).map((_, i) => fn.slot(i + 1))];
    super(edges, slots.every((s) => s === 0) ? null : slots, 1);
    // The node's own: no scope frees it while the graph may run (a second backward included).
    this.unwritten = keep(onesExcept(shape, dtype, positions, device));
  }
  name(): string {
    return "torch::autograd::CopySlices";
  }
  override check(): void {
    this.fn.check();
  }
  override release(): void {
    this.fn.release();
  }
  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    const g = grads[0]!;
    const slice = take(g, this.positions, this.viewShape, AS_STRIDED);
    const res = this.fn.apply([slice]);
    let out = g.mul(this.unwritten);
    const written = res[0];
    if (written !== null && written !== undefined) out = putAdd(out, this.positions, written.reshape(-1));
    return [out, ...res.slice(1)];
  }
}

