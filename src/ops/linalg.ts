// Matrix products. mm, bmm, mv and dot are primitives over one batched kernel;
// matmul dispatches on the operands' dims as PyTorch's does, so its nodes
// carry PyTorch's names (MmBackward0, UnsafeViewBackward0, ...).
import { backend, type View } from "../backend/index.js";
import { RuntimeError, ValueError } from "../errors.js";
import { checkKeywords } from "../args.js";
import { broadcastShapes, contiguousStrides } from "../shape.js";
import { Tensor } from "../tensor.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { checkTensors } from "./elementwise.js";

type T = Tensor;

function sameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new RuntimeError(`expected scalar type ${a.dtype.scalarName} but found ${b.dtype.scalarName}`);
}

/** A 2-D or 3-D tensor as a [batch, rows, cols] view (batch stride 0 for 2-D). */
function as3d(x: Tensor): View {
  if (x.dim() === 3) return x;
  return { _data: x._data, _shape: [1, ...x._shape], _strides: [0, ...x._strides], _offset: x._offset };
}

function product(a: Tensor, b: Tensor, batch: number, m: number, k: number, n: number, shape: number[]): Tensor {
  return Tensor._make(backend.matmul(as3d(a), as3d(b), batch, m, k, n, a.dtype), shape, a.dtype);
}

/** True for a matrix stored transposed (column-major), as weight.t() is in a Linear layer. */
function transposed(m: Tensor): boolean {
  return m.dim() === 2 && m._strides[0] === 1 && m._strides[1] === m.shape[0] && m.shape[0] > 1;
}

/**
 * The gradients of mat1 @ mat2, in the layout of each input (PyTorch's mm_mat1/mm_mat2_backward):
 * for a transposed input the product is taken transposed, so that the gradient of weight.t()
 * reaches the weight contiguous and needs no copy when it is accumulated.
 */
export function mmGrads(g: Tensor, mat1: Tensor, mat2: Tensor, needs: readonly unknown[]): [Tensor | null, Tensor | null] {
  const g1 = needs[0] ? (transposed(mat1) ? mat2.mm(g.t()).t() : g.mm(mat2.t())) : null;
  const g2 = needs[1] ? (transposed(mat2) ? g.t().mm(mat1).t() : mat1.t().mm(g)) : null;
  return [g1, g2];
}

const MM: OpDef = {
  name: "mm",
  node: "MmBackward0",
  backward: (g: T, { self, mat2 }, needs) => mmGrads(g, self, mat2, needs),
};

/** mm's checks: two matrices that can be multiplied, of one dtype. */
function checkMm(a: Tensor, b: Tensor): void {
  checkTensors("mm", a, b, "mat2");
  if (a.dim() !== 2) throw new RuntimeError("self must be a matrix");
  if (b.dim() !== 2) throw new RuntimeError("mat2 must be a matrix");
  if (a._shape[1] !== b._shape[0]) {
    throw new RuntimeError(`mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b._shape[0]}x${b._shape[1]})`);
  }
  sameDtype(a, b);
}

export function mm(a: Tensor, b: Tensor): Tensor {
  checkMm(a, b);
  const [m, k] = a._shape;
  const n = b._shape[1];
  const out = product(a, b, 1, m, k, n, [m, n]);
  if (needsGrad(a, b)) record(MM, [a, b], out, { self: a, mat2: b });
  return out;
}

/**
 * bias + a @ b, outside autograd (addmm's forward): a 1-D bias of the product's
 * dtype goes into the product's own pass where the backend can, else it is added after.
 */
export function addmmForward(bias: Tensor, a: Tensor, b: Tensor): Tensor {
  checkMm(a, b);
  const [m, k] = a._shape, n = b._shape[1];
  if (bias.dim() === 1 && bias._shape[0] === n && bias.dtype === a.dtype) {
    const fused = backend.addmm?.(bias, as3d(a), as3d(b), 1, m, k, n, a.dtype);
    if (fused) return Tensor._make(fused, [m, n], a.dtype);
  }
  return product(a, b, 1, m, k, n, [m, n]).add(bias);
}

const BMM: OpDef = {
  name: "bmm",
  node: "BmmBackward0",
  backward: (g: T, { self, mat2 }) => [g.bmm(mat2.transpose(1, 2)), self.transpose(1, 2).bmm(g)],
};

export function bmm(a: Tensor, b: Tensor): Tensor {
  checkTensors("bmm", a, b, "mat2");
  if (a.dim() !== 3) throw new RuntimeError(`batch1 must be a 3D tensor`);
  if (b.dim() !== 3) throw new RuntimeError(`batch2 must be a 3D tensor`);
  const [batch, m, k] = a._shape;
  if (b._shape[0] !== batch || b._shape[1] !== k) {
    throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k}] but got: [${b._shape[0]}, ${b._shape[1]}].`);
  }
  sameDtype(a, b);
  const n = b._shape[2];
  const out = product(a, b, batch, m, k, n, [batch, m, n]);
  if (needsGrad(a, b)) record(BMM, [a, b], out, { self: a, mat2: b });
  return out;
}

const MV: OpDef = {
  name: "mv",
  node: "MvBackward0",
  backward: (g: T, { self, vec }) => [g.unsqueeze(1).mul(vec), self.t().mv(g)],
};

export function mv(a: Tensor, v: Tensor): Tensor {
  checkTensors("mv", a, v, "vec");
  // PyTorch 1.13's addmv texts: the first size is the (1-D) result's.
  if (a.dim() !== 2 || v.dim() !== 1) throw new RuntimeError(`vector + matrix @ vector expected, got 1, ${a.dim()}, ${v.dim()}`);
  if (a._shape[1] !== v._shape[0]) throw new RuntimeError(`size mismatch, got ${a._shape[0]}, ${a._shape[0]}x${a._shape[1]},${v._shape[0]}`);
  sameDtype(a, v);
  const col = v._view([v._shape[0], 1], [v._strides[0], 1], v._offset);
  const out = product(a, col, 1, a._shape[0], a._shape[1], 1, [a._shape[0]]);
  if (needsGrad(a, v)) record(MV, [a, v], out, { self: a, vec: v });
  return out;
}

const DOT: OpDef = {
  name: "dot",
  node: "DotBackward0",
  backward: (g: T, { self, tensor }) => [g.mul(tensor), g.mul(self)],
};

export function dot(a: Tensor, b: Tensor): Tensor {
  checkTensors("dot", a, b, "tensor");
  if (a.dim() !== 1 || b.dim() !== 1) throw new RuntimeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  if (a._shape[0] !== b._shape[0]) {
    throw new RuntimeError(`inconsistent tensor size, expected tensor [${a._shape[0]}] and src [${b._shape[0]}] to have the same number of elements, but got ${a._shape[0]} and ${b._shape[0]} elements respectively`);
  }
  sameDtype(a, b);
  const n = a._shape[0];
  const row = a._view([1, n], [0, a._strides[0]], a._offset);
  const col = b._view([n, 1], [b._strides[0], 1], b._offset);
  const out = product(row, col, 1, 1, n, 1, []);
  if (needsGrad(a, b)) record(DOT, [a, b], out, { self: a, tensor: b });
  return out;
}

/** outer is a composite in PyTorch: self.reshape(-1, 1) * vec2, so its node is MulBackward0. */
export function outer(a: Tensor, b: Tensor): Tensor {
  checkTensors("outer", a, b, "vec2");
  return a.reshape(-1, 1).mul(b);
}

const UNSAFE_VIEW: OpDef = { name: "_unsafe_view", node: "UnsafeViewBackward0", backward: (g: T, s) => [g.reshape(s.shape)] };

/** A reshape of a freshly computed contiguous tensor, named as PyTorch names it in matmul. */
export function unsafeView(x: Tensor, shape: number[]): Tensor {
  const out = new Tensor(x._data, shape, contiguousStrides(shape), x._offset, x.dtype, x._version, null);
  if (needsGrad(x)) record(UNSAFE_VIEW, [x], out, { shape: x._shape });
  return out;
}

const SQUEEZE_ROW: OpDef = { name: "squeeze", node: "SqueezeBackward3", backward: (g: T) => [g.unsqueeze(0)] };

/** matmul's 1-D @ 2-D drops the added row with squeeze.dims, hence PyTorch's SqueezeBackward3. */
function squeezeRow(x: Tensor): Tensor {
  const out = x._view(x._shape.slice(1), x._strides.slice(1), x._offset);
  if (needsGrad(x)) record(SQUEEZE_ROW, [x], out);
  return out;
}

export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensors("matmul", a, b, "other");
  const da = a.dim(), db = b.dim();
  if (da === 0 || db === 0) throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return squeezeRow(a.unsqueeze(0).mm(b));
  if (da === 2 && db === 2) return mm(a, b);
  if (da >= 3 && (db === 1 || db === 2)) {
    // Fold the batch into rows: one mm.
    const k = a._shape[da - 1];
    const rows = a.reshape(-1, k);
    const out = db === 1 ? rows.mv(b) : rows.mm(b);
    return unsafeView(out, db === 1 ? a._shape.slice(0, -1) : [...a._shape.slice(0, -1), b._shape[1]]);
  }
  // Batched: broadcast the batch dims, then one bmm.
  const a2 = da === 1 ? a.unsqueeze(0) : a;
  const b2 = db === 1 ? b.unsqueeze(1) : b;
  const [m, k] = a2._shape.slice(-2);
  const [k2, n] = b2._shape.slice(-2);
  if (k !== k2) {
    throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${a2._shape.slice(0, -2).reduce((x, y) => x * y, 1)}, ${k}] but got: [${b2._shape.slice(0, -2).reduce((x, y) => x * y, 1)}, ${k2}].`);
  }
  const batchShape = broadcastShapes(a2._shape.slice(0, -2), b2._shape.slice(0, -2));
  const batch = batchShape.reduce((x, y) => x * y, 1);
  const A = a2.expand([...batchShape, m, k]).reshape(batch, m, k);
  const B = b2.expand([...batchShape, k, n]).reshape(batch, k, n);
  const outShape = [...batchShape, m, n];
  if (da === 1) outShape.splice(outShape.length - 2, 1);
  if (db === 1) outShape.splice(outShape.length - 1, 1);
  return unsafeView(A.bmm(B), outShape);
}

// ---- beta * input + alpha * product: addmm, addmv, addr, addbmm, baddbmm ------------

/** beta and alpha of the add-and-multiply ops (keyword-only in PyTorch). */
export interface BetaAlpha {
  beta?: number;
  alpha?: number;
}

/** maybe_multiply of derivatives.yaml: x * s, or x itself where s is 1. */
const scaled = (x: Tensor, s: number): Tensor => (s === 1 ? x : x.mul(s));

/**
 * beta * input + alpha * product, computed outside autograd, and recorded as `def`
 * (whose gradients read `saved`). input must broadcast to the product's shape; with
 * beta 0 it is not read (its NaNs do not propagate), as in PyTorch.
 */
function addProduct(fn: string, def: OpDef, inputs: [Tensor, Tensor, Tensor], opts: BetaAlpha, product: (a: Tensor, b: Tensor) => Tensor, saved: Record<string, unknown>): Tensor {
  checkKeywords(fn, opts, ["beta", "alpha"]);
  const beta = opts.beta ?? 1, alpha = opts.alpha ?? 1;
  const [input, a, b] = inputs;
  const p = product(a.detach(), b.detach());
  const expanded = input.detach().expand(p._shape);
  const out = beta === 0 ? scaled(p, alpha) : scaled(p, alpha).add(scaled(expanded, beta));
  if (needsGrad(...inputs)) record(def, inputs, out, { ...saved, beta, alpha });
  return out;
}

const ADDMM: OpDef = {
  name: "addmm",
  node: "AddmmBackward0",
  backward: (g: T, s, needs) => [needs[0] ? scaled(g, s.beta) : null, ...mmGrads(scaled(g, s.alpha), s.mat1, s.mat2, needs.slice(1))],
};

/**
 * addmm(input, mat1, mat2, { beta=1, alpha=1 }) = beta * input + alpha * (mat1 @ mat2).
 * With a bias row and beta = alpha = 1 (a Linear layer), the bias starts the product's
 * own pass where the backend can.
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, opts: BetaAlpha = {}): Tensor {
  checkTensors("addmm", input, mat1);
  const row = input.dim() === 1 && mat2.dim() === 2 && input.shape[0] === mat2.shape[1];
  if ((opts.beta ?? 1) === 1 && (opts.alpha ?? 1) === 1 && row) {
    checkKeywords("addmm", opts, ["beta", "alpha"]);
    const out = addmmForward(input.detach(), mat1.detach(), mat2.detach());
    if (needsGrad(input, mat1, mat2)) record(ADDMM, [input, mat1, mat2], out, { mat1, mat2, beta: 1, alpha: 1 });
    return out;
  }
  return addProduct("addmm", ADDMM, [input, mat1, mat2], opts, mm, { mat1, mat2 });
}

const ADDMV: OpDef = {
  name: "addmv",
  node: "AddmvBackward0",
  backward: (g: T, s, needs) => [
    needs[0] ? scaled(g, s.beta) : null,
    needs[1] ? scaled(g.outer(s.vec), s.alpha) : null,
    needs[2] ? scaled(s.mat.t().mv(g), s.alpha) : null,
  ],
};

/** addmv(input, mat, vec, { beta=1, alpha=1 }) = beta * input + alpha * (mat @ vec). */
export function addmv(input: Tensor, mat: Tensor, vec: Tensor, opts: BetaAlpha = {}): Tensor {
  checkTensors("addmv", input, mat);
  return addProduct("addmv", ADDMV, [input, mat, vec], opts, mv, { mat, vec });
}

const ADDR: OpDef = {
  name: "addr",
  node: "AddrBackward0",
  backward: (g: T, s, needs) => [
    needs[0] ? scaled(g, s.beta) : null,
    needs[1] ? scaled(g.mv(s.vec2), s.alpha) : null,
    needs[2] ? scaled(g.t().mv(s.vec1), s.alpha) : null,
  ],
};

/** addr(input, vec1, vec2, { beta=1, alpha=1 }) = beta * input + alpha * outer(vec1, vec2). */
export function addr(input: Tensor, vec1: Tensor, vec2: Tensor, opts: BetaAlpha = {}): Tensor {
  checkTensors("addr", input, vec1);
  return addProduct("addr", ADDR, [input, vec1, vec2], opts, outer, { vec1, vec2 });
}

const ADDBMM: OpDef = {
  name: "addbmm",
  node: "AddbmmBackward0",
  backward: (g: T, s, needs) => {
    const gb = () => g.unsqueeze(0).expand([s.batch1.shape[0], ...g.shape]);
    return [
      needs[0] ? scaled(g, s.beta) : null,
      needs[1] ? scaled(gb().bmm(s.batch2.transpose(1, 2)), s.alpha) : null,
      needs[2] ? scaled(s.batch1.transpose(1, 2).bmm(gb()), s.alpha) : null,
    ];
  },
};

/** addbmm(input, batch1, batch2, { beta=1, alpha=1 }) = beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i]. */
export function addbmm(input: Tensor, batch1: Tensor, batch2: Tensor, opts: BetaAlpha = {}): Tensor {
  checkTensors("addbmm", input, batch1);
  return addProduct("addbmm", ADDBMM, [input, batch1, batch2], opts, (b1, b2) => bmm(b1, b2).sum(0), { batch1, batch2 });
}

const BADDBMM: OpDef = {
  name: "baddbmm",
  node: "BaddbmmBackward0",
  backward: (g: T, s, needs) => [
    needs[0] ? scaled(g, s.beta) : null,
    needs[1] ? scaled(g.bmm(s.batch2.transpose(1, 2)), s.alpha) : null,
    needs[2] ? scaled(s.batch1.transpose(1, 2).bmm(g), s.alpha) : null,
  ],
};

/** baddbmm(input, batch1, batch2, { beta=1, alpha=1 }) = beta * input + alpha * (batch1 @ batch2). */
export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, opts: BetaAlpha = {}): Tensor {
  checkTensors("baddbmm", input, batch1);
  return addProduct("baddbmm", BADDBMM, [input, batch1, batch2], opts, bmm, { batch1, batch2 });
}

/**
 * einsum(equation, ...operands), or the sublist form einsum(op0, [0, 1], op1, [1, 2], [0, 2])
 * (integers 0-51, "..." for Ellipsis): each operand's subscripts, "->" and the output's ("..."
 * for broadcast dims; without "->", the output is the ellipsis dims and every subscript seen
 * once, A-Z before a-z). Two operands contract with one batched matrix product; more go left to
 * right; repeated subscripts in one operand take its diagonal.
 */
export function einsum(...args: (string | Tensor | Tensor[] | (number | "...")[])[]): Tensor {
  if (args.length < 2) throw new ValueError("einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list");
  let equation: string, operands: Tensor[];
  if (args[0] instanceof Tensor) {
    const pairs = args.length >> 1;
    operands = Array.from({ length: pairs }, (_, k) => args[2 * k] as Tensor);
    equation = Array.from({ length: pairs }, (_, k) => sublistSubscripts(args[2 * k + 1] as (number | "...")[])).join(",");
    if (args.length % 2 === 1) equation += `->${sublistSubscripts(args[args.length - 1] as (number | "...")[])}`;
  } else {
    equation = args[0] as string;
    operands = args.length === 2 && Array.isArray(args[1]) ? (args[1] as Tensor[]) : (args.slice(1) as Tensor[]);
  }
  const { subs, out } = einsumSubscripts(equation, operands);
  // Each operand: take diagonals of repeated subscripts, sum subscripts used nowhere else.
  const prepared = operands.map((t, i) => {
    let x = t;
    let sp = subs[i];
    for (let j = 0; j < sp.length; j++) {
      const k = sp.indexOf(sp[j], j + 1);
      if (k > j) {
        x = x.diagonal(0, j, k).movedim(-1, j);
        sp = sp.slice(0, k) + sp.slice(k + 1);
        j--;
      }
    }
    const elsewhere = (c: string) => out.includes(c) || subs.some((o, q) => q !== i && o.includes(c));
    const drop = [...sp].map((c, d) => (elsewhere(c) ? -1 : d)).filter((d) => d >= 0);
    if (drop.length > 0) {
      x = x.sum(drop);
      sp = [...sp].filter((_, d) => !drop.includes(d)).join("");
    }
    return { x, sp };
  });
  let acc = prepared[0];
  for (let i = 1; i < prepared.length; i++) {
    const rest = prepared.slice(i + 1).map((p) => p.sp).join("") + out;
    acc = contractPair(acc, prepared[i], rest);
  }
  // Sum what the output does not keep, then order the dims as the output names them.
  const extra = [...acc.sp].map((c, d) => (out.includes(c) ? -1 : d)).filter((d) => d >= 0);
  let x = acc.x, sp = acc.sp;
  if (extra.length > 0) {
    x = x.sum(extra);
    sp = [...sp].filter((_, d) => !extra.includes(d)).join("");
  }
  return sp === out ? x : x.permute([...out].map((c) => sp.indexOf(c)));
}

/** The sublist form's subscripts as equation letters, as torch.einsum converts them (0-25 are A-Z, 26-51 a-z). */
function sublistSubscripts(list: readonly (number | "...")[]): string {
  return list.map((n) => {
    if (n === "...") return "...";
    if (!Number.isInteger(n) || n < 0 || n >= 52) throw new ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)");
    return String.fromCharCode(n < 26 ? 65 + n : 97 + n - 26);
  }).join("");
}

const isLabel = (c: string): boolean => /^[a-zA-Z]$/.test(c);
/** PyTorch's label order (its implicit output's order): A-Z, then a-z. */
const labelIndex = (c: string): number => (c <= "Z" ? c.charCodeAt(0) - 65 : 26 + c.charCodeAt(0) - 97);

/**
 * Parses an einsum equation with PyTorch's checks, in its order: each operand's subscripts with
 * "..." expanded to one private character per broadcast dim (aligned from the right), and the output's.
 */
function einsumSubscripts(equation: string, operands: readonly Tensor[]): { subs: string[]; out: string } {
  const arrow = equation.indexOf("->");
  const lhs = arrow < 0 ? equation : equation.slice(0, arrow);
  const labels: string[][] = operands.map(() => []);
  let op = 0, ellipsisSeen = false;
  for (let i = 0; i < lhs.length; i++) {
    const c = lhs[i];
    if (c === " ") continue;
    if (c === ".") {
      if (ellipsisSeen) throw new RuntimeError(`einsum(): found '.' for operand ${op} for which an ellipsis was already found`);
      if (!(i + 2 < lhs.length && lhs[++i] === "." && lhs[++i] === ".")) throw new RuntimeError(`einsum(): found '.' for operand ${op} that is not part of any ellipsis`);
      labels[op].push("...");
      ellipsisSeen = true;
    } else if (c === ",") {
      if (++op >= operands.length) throw new RuntimeError("einsum(): fewer operands were provided than specified in the equation");
      ellipsisSeen = false;
    } else if (isLabel(c)) labels[op].push(c);
    else throw new RuntimeError(`einsum(): invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`);
  }
  if (op !== operands.length - 1) throw new RuntimeError("einsum(): more operands were provided than specified in the equation");
  const count = new Map<string, number>();
  let ellDims = 0;
  labels.forEach((ls, i) => {
    const n = ls.filter((c) => c !== "...").length, ndim = operands[i].dim();
    for (const c of ls) if (c !== "...") count.set(c, (count.get(c) ?? 0) + 1);
    if (ls.includes("...")) {
      ellDims = Math.max(ellDims, ndim - n);
      if (n > ndim) throw new RuntimeError(`einsum(): the number of subscripts in the equation (${n}) is more than the number of dimensions (${ndim}) for operand ${i}`);
    } else if (n !== ndim) {
      throw new RuntimeError(`einsum(): the number of subscripts in the equation (${n}) does not match the number of dimensions (${ndim}) for operand ${i} and no ellipsis was given`);
    }
  });
  // Broadcast dims as characters no equation can name.
  const ell = Array.from({ length: ellDims }, (_, j) => String.fromCharCode(0xe000 + j)).join("");
  let out = "";
  if (arrow < 0) out = ell + [...count].filter(([, n]) => n === 1).map(([c]) => c).sort((a, b) => labelIndex(a) - labelIndex(b)).join("");
  else {
    const rhs = equation.slice(arrow + 2);
    let ellipsisOut = false;
    for (let i = 0; i < rhs.length; i++) {
      const c = rhs[i];
      if (c === " ") continue;
      if (c === ".") {
        if (ellipsisOut) throw new RuntimeError("einsum(): found '.' for output but an ellipsis (...) was already found");
        if (!(i + 2 < rhs.length && rhs[++i] === "." && rhs[++i] === ".")) throw new RuntimeError("einsum(): found '.' for output that is not part of any ellipsis (...)");
        out += ell;
        ellipsisOut = true;
      } else if (!isLabel(c)) throw new RuntimeError(`einsum(): invalid subscript given at index ${lhs.length + 2 + i} in the equation string, subscripts must be in [a-zA-Z]`);
      else if (out.includes(c)) throw new RuntimeError(`einsum(): output subscript ${c} appears more than once in the output`);
      else if (!count.has(c)) throw new RuntimeError(`einsum(): output subscript ${c} does not appear in the equation for any input operand`);
      else out += c;
    }
  }
  const subs = labels.map((ls, i) => ls.map((c) => (c === "..." ? ell.slice(ellDims - (operands[i].dim() - (ls.length - 1))) : c)).join(""));
  checkEinsumSizes(subs, operands, ell);
  return { subs, out };
}

/** PyTorch's size checks: a subscript's (or broadcast dim's) sizes broadcast across operands; a repeated one's match within one. */
function checkEinsumSizes(subs: readonly string[], operands: readonly Tensor[], ell: string): void {
  const seen = new Map<string, number>();
  subs.forEach((sp, i) => {
    const shape = operands[i].shape;
    for (let d = 0; d < sp.length; d++) {
      const c = sp[d], size = shape[d], first = sp.indexOf(c);
      if (first < d) {
        if (size !== shape[first]) throw new RuntimeError(`einsum(): subscript ${c} is repeated for operand ${i} but the sizes don't match, ${size} != ${shape[first]}`);
        continue;
      }
      const prev = seen.get(c) ?? 1;
      if (size === 1) continue;
      if (prev !== 1 && prev !== size) {
        throw new RuntimeError(ell.includes(c)
          ? `einsum(): dimension ${d} covered by ellipsis in operand ${i}has size ${size} which does not broadcast with previously seen ellipsis with size ${prev} for the respective dimension`
          : `einsum(): subscript ${c} has size ${size} for operand ${i} which does not broadcast with previously seen size ${prev}`);
      }
      seen.set(c, size);
    }
  });
}

/** Contracts two einsum operands: shared subscripts kept by `keep` are batch dims, the other shared ones are summed by a matrix product. */
function contractPair(a: { x: Tensor; sp: string }, b: { x: Tensor; sp: string }, keep: string): { x: Tensor; sp: string } {
  const batch = [...a.sp].filter((c) => b.sp.includes(c) && keep.includes(c));
  const contract = [...a.sp].filter((c) => b.sp.includes(c) && !keep.includes(c));
  const left = [...a.sp].filter((c) => !b.sp.includes(c));
  const right = [...b.sp].filter((c) => !a.sp.includes(c));
  const sizeOf = (c: string) => (a.sp.includes(c) ? a.x.shape[a.sp.indexOf(c)] : b.x.shape[b.sp.indexOf(c)]);
  const size = sizeOfMax(a, b);
  const [bs, ls, rs, cs] = [batch.map(size), left.map(sizeOf), right.map(sizeOf), contract.map(size)];
  const outShape = [...bs, ...ls, ...rs];
  const sp = [...batch, ...left, ...right].join("");
  const pa = a.x.permute([...batch, ...left, ...contract].map((c) => a.sp.indexOf(c)));
  const pb = b.x.permute([...batch, ...contract, ...right].map((c) => b.sp.indexOf(c)));
  if (contract.length === 0) {
    // Nothing to sum: a broadcast product, as PyTorch's einsum takes it.
    const one = (xs: number[]) => xs.map(() => 1);
    const xa = pa.reshape([...pa.shape.slice(0, batch.length), ...ls, ...one(rs)]);
    const xb = pb.reshape([...pb.shape.slice(0, batch.length), ...one(ls), ...rs]);
    return { x: xa.mul(xb), sp };
  }
  const prod = (xs: number[]) => xs.reduce((p, q) => p * q, 1);
  // Size-1 batch and contracted dims broadcast to their partner's size.
  const xa = pa.expand([...bs, ...ls, ...cs]).reshape(prod(bs), prod(ls), prod(cs));
  const xb = pb.expand([...bs, ...cs, ...rs]).reshape(prod(bs), prod(cs), prod(rs));
  return { x: xa.bmm(xb).view(outShape), sp };
}

const sizeOfMax = (a: { x: Tensor; sp: string }, b: { x: Tensor; sp: string }) => (c: string) => Math.max(a.x.shape[a.sp.indexOf(c)], b.x.shape[b.sp.indexOf(c)]);
