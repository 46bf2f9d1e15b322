// Elementwise ops. Each entry: PyTorch's node name next to its gradient
// formula (derivatives.yaml), written in tensor ops so it differentiates again.
import { bindArgs, checkKeywords, checkKind, isOptions, type Options } from "../args.js";
import { backend, type BinaryOp, type UnaryOp, type View } from "../backend/index.js";
import { bool, defaultFloat, float32, resultType, resultType2, type DType } from "../dtype.js";
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { broadcastShapes } from "../shape.js";
import { Tensor, type TensorOrScalar } from "../tensor.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { no_grad } from "../autograd/grad_mode.js";

type T = Tensor;

function operand(v: TensorOrScalar, computeDtype: DType): View | number {
  if (typeof v === "number" || typeof v === "boolean") return computeDtype === float32 ? Math.fround(+v) : +v;
  return v;
}

function shapeOf(v: TensorOrScalar): readonly number[] {
  return typeof v === "number" || typeof v === "boolean" ? [] : v._shape;
}

function toTensor(v: TensorOrScalar, dtype: DType): Tensor {
  return typeof v === "number" || typeof v === "boolean" ? Tensor._full([], +v, dtype) : v;
}

/**
 * PyTorch's argument check for a binary op: each operand is a Tensor or a
 * number ("add(): argument 'other' (position 1) must be Tensor, not str").
 */
export function checkOperands(name: string, a: unknown, b: unknown, other = "other"): void {
  if (!isOperand(a)) throw new TorchTypeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${typeName(a)}`);
  if (!isOperand(b)) throw new TorchTypeError(`${name}(): argument '${other}' (position ${a instanceof Tensor ? 1 : 2}) must be Tensor, not ${typeName(b)}`);
}

/** Ops whose operands must both be Tensors (maximum, atan2). */
export function checkTensors(name: string, a: unknown, b: unknown, other = "other"): void {
  if (!(a instanceof Tensor)) throw new TorchTypeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${typeName(a)}`);
  if (!(b instanceof Tensor)) throw new TorchTypeError(`${name}(): argument '${other}' (position 1) must be Tensor, not ${typeName(b)}`);
}

function isOperand(v: unknown): boolean {
  return v instanceof Tensor || typeof v === "number" || typeof v === "boolean";
}

/** Integer division by zero is an error in PyTorch (floats give inf or NaN). */
function checkIntegerDivisor(a: TensorOrScalar, b: TensorOrScalar): void {
  if (resultType([a, b]).is_floating_point) return;
  const zero = b instanceof Tensor ? (b.eq(0).any().item() as boolean) : +b === 0;
  if (zero) throw new RuntimeError("ZeroDivisionError");
}

/** Runs a broadcasting kernel; the result dtype is PyTorch's result_type unless given. */
function binaryKernel(op: BinaryOp, a: TensorOrScalar, b: TensorOrScalar, outDtype?: DType, computeDtype?: DType): Tensor {
  const shape = broadcastShapes(shapeOf(a), shapeOf(b));
  const cd = computeDtype ?? resultType2(a, b);
  const od = outDtype ?? cd;
  const data = backend.binary(op, operand(a, cd), operand(b, cd), shape, od);
  return Tensor._make(data, shape, od);
}

function unaryKernel(op: UnaryOp, x: Tensor, dtype: DType): Tensor {
  return Tensor._make(backend.unary(op, x, dtype), x._shape, dtype);
}

// ---- binary arithmetic --------------------------------------------------------

const ADD: OpDef = { name: "add", node: "AddBackward0", backward: (g: T, s, needs) => [g, needs[1] ? (s.alpha === 1 ? g : g.mul(s.alpha)) : null] };
const SUB: OpDef = { name: "sub", node: "SubBackward0", backward: (g: T, s, needs) => [g, needs[1] ? g.mul(-s.alpha) : null] };
const RSUB: OpDef = { name: "rsub", node: "RsubBackward1", backward: (g: T, s) => [g.mul(-s.alpha), null] };
const MUL: OpDef = {
  name: "mul",
  node: "MulBackward0",
  backward: (g: T, s, needs) => [needs[0] ? g.mul(s.other) : null, needs[1] ? g.mul(s.self) : null],
};
const DIV: OpDef = {
  name: "div",
  node: "DivBackward0",
  backward: (g: T, s, needs) => [
    needs[0] ? g.div(s.other) : null,
    // FunctionsManual's -grad * ((self / other) / other): other * other would underflow to 0 first (0 / 0 = NaN).
    needs[1] ? g.neg().mul(div(s.self, s.other).div(s.other)) : null,
  ],
};

function alphaOf(fn: string, opts?: { alpha?: number }): number {
  checkKeywords(fn, opts, ["alpha"]);
  return opts?.alpha ?? 1;
}

export function add(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  checkOperands("add", a, b);
  const alpha = alphaOf("add", opts);
  if (!(a instanceof Tensor)) {
    if (!(b instanceof Tensor)) return Tensor._full([], +a + alpha * +b, resultType([a, b]));
    if (alpha === 1) return add(b, a);
  }
  const out = alpha === 1 ? binaryKernel("add", a, b) : binaryKernel("add", a, typeof b === "number" ? alpha * b : mulRaw(b, alpha));
  if (needsGrad(a, b)) record(ADD, [a, b], out, { alpha });
  return out;
}

function mulRaw(t: Tensor, s: number): Tensor {
  return binaryKernel("mul", t, s);
}

export function sub(a: TensorOrScalar, b: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  checkOperands("sub", a, b);
  const alpha = alphaOf("sub", opts);
  checkSubtraction(a, b);
  const bb = alpha === 1 ? b : typeof b === "number" ? alpha * b : mulRaw(b as Tensor, alpha);
  const out = binaryKernel("sub", a, bb);
  if (needsGrad(a, b)) record(SUB, [a, b], out, { alpha });
  return out;
}

/** PyTorch's sub_check: no subtraction with a bool tensor (the messages point to xor and logical_not). */
function checkSubtraction(a: TensorOrScalar, b: TensorOrScalar): void {
  const isBool = (v: TensorOrScalar) => (v instanceof Tensor ? v.dtype === bool : typeof v === "boolean");
  if (isBool(a) && isBool(b)) throw new RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.");
  if ((a instanceof Tensor && a.dtype === bool) || (b instanceof Tensor && b.dtype === bool)) {
    throw new RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.");
  }
}

/** x.rsub(other) = other - alpha * x, PyTorch's node for `2 - x` in Python. */
export function rsub(x: Tensor, other: TensorOrScalar, opts?: { alpha?: number }): Tensor {
  checkOperands("rsub", x, other);
  checkSubtraction(other, x);
  const alpha = alphaOf("rsub", opts);
  const out = binaryKernel("sub", other, alpha === 1 ? x : mulRaw(x, alpha));
  if (needsGrad(x, other)) record(RSUB, [x, other], out, { alpha });
  return out;
}

export function mul(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  checkOperands("mul", a, b);
  if (!(a instanceof Tensor) && b instanceof Tensor) return mul(b, a);
  const out = binaryKernel("mul", a, b);
  if (needsGrad(a, b)) record(MUL, [a, b], out, { self: a, other: b });
  return out;
}

export function div(a: TensorOrScalar, b: TensorOrScalar, opts?: { rounding_mode?: "trunc" | "floor" | null }): Tensor {
  checkOperands("div", a, b);
  checkKeywords("div", opts, ["rounding_mode"]);
  const mode = opts?.rounding_mode ?? null;
  if (mode !== null) {
    if (mode !== "trunc" && mode !== "floor") {
      throw new RuntimeError(`div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${String(mode)}'`);
    }
    checkIntegerDivisor(a, b);
    const rt = resultType([a, b]);
    if (rt.is_floating_point) {
      const q = binaryKernel("div", a, b);
      return mode === "trunc" ? trunc(q) : floor(q);
    }
    // Integers: an integer kernel's store truncates toward zero; floor steps down where the
    // remainder is non-zero and its sign differs from the divisor's (no float64: webgpu has none).
    const q = binaryKernel("div", a, b, rt, rt);
    if (mode === "trunc") return q;
    const r = sub(a, mul(q, b));
    const down = r.ne(0).logical_and(r.lt(0).logical_xor(b instanceof Tensor ? b.lt(0) : Tensor._full([], b < 0 ? 1 : 0, bool, q.device)));
    return q.sub(down.to(rt));
  }
  const rt = resultType([a, b]);
  const dtype = rt.is_floating_point ? rt : defaultFloat;
  const out = binaryKernel("div", a, b, dtype, dtype);
  if (needsGrad(a, b)) record(DIV, [a, b], out, { self: a, other: b });
  return out;
}

const POW_SCALAR: OpDef = {
  name: "pow",
  node: "PowBackward0",
  backward: (g: T, s) => [s.exponent === 0 ? g.mul(0) : g.mul(s.self.pow(s.exponent - 1).mul(s.exponent))],
};
const POW_TENSOR: OpDef = {
  name: "pow",
  node: "PowBackward1",
  backward: (g: T, s) => {
    const { self, exponent, result } = s as { self: T; exponent: T; result: T };
    const gradSelf = g.mul(exponent.mul(self.pow(exponent.sub(1))));
    // d/de x^e = x^e log x, taken as 0 where x == 0 and e >= 0 (PyTorch's convention).
    const mask = self.eq(0).logical_and(exponent.ge(0));
    const gradExp = where(mask, 0, g.mul(result.mul(self.log())));
    return [gradSelf, gradExp];
  },
};
const POW_SCALAR_BASE: OpDef = {
  name: "pow",
  node: "PowBackward2",
  backward: (g: T, s) => [null, s.base === 0 ? where(s.exponent.ge(0), 0, g.mul(s.result).mul(Math.log(0))) : g.mul(s.result).mul(Math.log(s.base))],
};

export function pow(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  checkOperands("pow", a, b, "exponent");
  if (a instanceof Tensor && !(b instanceof Tensor)) {
    const out = binaryKernel("pow", a, b);
    if (needsGrad(a)) record(POW_SCALAR, [a, b], out, { self: a, exponent: +b });
    return out;
  }
  const out = binaryKernel("pow", a, b);
  if (!(a instanceof Tensor)) {
    if (needsGrad(b)) record(POW_SCALAR_BASE, [a, b], out, { base: +a, exponent: b, result: out });
  } else if (needsGrad(a, b)) record(POW_TENSOR, [a, b], out, { self: a, exponent: b, result: out });
  return out;
}

const MAXIMUM: OpDef = {
  name: "maximum",
  node: "MaximumBackward0",
  backward: (g: T, { self, other }) => {
    const half = where(self.eq(other), g.div(2), g);
    return [where(self.lt(other), 0, half), where(self.gt(other), 0, half)];
  },
};
const MINIMUM: OpDef = {
  name: "minimum",
  node: "MinimumBackward0",
  backward: (g: T, { self, other }) => {
    const half = where(self.eq(other), g.div(2), g);
    return [where(self.gt(other), 0, half), where(self.lt(other), 0, half)];
  },
};

export function maximum(a: Tensor, b: Tensor): Tensor {
  checkTensors("maximum", a, b);
  const out = binaryKernel("maximum", a, b);
  if (needsGrad(a, b)) record(MAXIMUM, [a, b], out, { self: a, other: b });
  return out;
}
export function minimum(a: Tensor, b: Tensor): Tensor {
  checkTensors("minimum", a, b);
  const out = binaryKernel("minimum", a, b);
  if (needsGrad(a, b)) record(MINIMUM, [a, b], out, { self: a, other: b });
  return out;
}

const REMAINDER_SCALAR: OpDef = { name: "remainder", node: "RemainderBackward0", backward: (g: T) => [g, null] };
const REMAINDER_TENSOR: OpDef = {
  name: "remainder",
  node: "RemainderBackward1",
  backward: (g: T, { self, other }) => [g, g.neg().mul(div(self, other, { rounding_mode: "floor" }))],
};
export function remainder(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  checkOperands("remainder", a, b);
  checkIntegerDivisor(a, b);
  const out = binaryKernel("remainder", a, b);
  if (needsGrad(a, b)) record(b instanceof Tensor ? REMAINDER_TENSOR : REMAINDER_SCALAR, [a, b], out, { self: a, other: b });
  return out;
}
const FMOD: OpDef = {
  name: "fmod",
  node: "FmodBackward0",
  backward: (g: T, { self, other }) => [g, other instanceof Tensor ? g.neg().mul(div(self, other, { rounding_mode: "trunc" })) : null],
};
export function fmod(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  checkOperands("fmod", a, b);
  checkIntegerDivisor(a, b);
  const q = binaryKernel("div", a, b);
  const out = binaryKernel("sub", a, binaryKernel("mul", trunc(q), b));
  if (needsGrad(a, b)) record(FMOD, [a, b], out, { self: a, other: b });
  return out;
}
const ATAN2: OpDef = {
  name: "atan2",
  node: "Atan2Backward0",
  backward: (g: T, { self, other }) => {
    const r = self.square().add(other.square());
    return [g.mul(other).div(r), g.mul(self.neg()).div(r)];
  },
};
export function atan2(a: Tensor, b: Tensor): Tensor {
  checkTensors("atan2", a, b);
  const rt = resultType([a, b]);
  const dtype = rt.is_floating_point ? rt : defaultFloat;
  const out = binaryKernel("atan2", a, b, dtype, dtype);
  if (needsGrad(a, b)) record(ATAN2, [a, b], out, { self: a, other: b });
  return out;
}

// ---- unary ------------------------------------------------------------------

interface UnaryEntry {
  node: string;
  /** Integer inputs give float32 (exp, sin, ...) or keep their dtype (abs, neg, ...). */
  intToFloat: boolean;
  /** Which values the formula reads. */
  save: "self" | "result" | "none";
  backward: (g: T, x: T) => T;
}

const unaryTable: Record<string, UnaryEntry> = {
  neg: { node: "NegBackward0", intToFloat: false, save: "none", backward: (g) => g.neg() },
  abs: { node: "AbsBackward0", intToFloat: false, save: "self", backward: (g, self) => g.mul(self.sign()) },
  exp: { node: "ExpBackward0", intToFloat: true, save: "result", backward: (g, result) => g.mul(result) },
  log: { node: "LogBackward0", intToFloat: true, save: "self", backward: (g, self) => g.div(self) },
  log1p: { node: "Log1PBackward0", intToFloat: true, save: "self", backward: (g, self) => g.div(self.add(1)) },
  expm1: { node: "Expm1Backward0", intToFloat: true, save: "result", backward: (g, result) => g.mul(result.add(1)) },
  sqrt: { node: "SqrtBackward0", intToFloat: true, save: "result", backward: (g, result) => g.div(result.mul(2)) },
  rsqrt: { node: "RsqrtBackward0", intToFloat: true, save: "result", backward: (g, result) => g.mul(result.pow(3)).mul(-0.5) },
  reciprocal: { node: "ReciprocalBackward0", intToFloat: true, save: "result", backward: (g, result) => g.mul(result.mul(result).neg()) },
  sin: { node: "SinBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(self.cos()) },
  cos: { node: "CosBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(self.sin().neg()) },
  tan: { node: "TanBackward0", intToFloat: true, save: "result", backward: (g, result) => g.mul(result.mul(result).add(1)) },
  // derivatives.yaml's formulas for the inverse and hyperbolic functions.
  asin: { node: "AsinBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(sub(1, self.mul(self)).rsqrt()) },
  acos: { node: "AcosBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(sub(1, self.mul(self)).rsqrt().neg()) },
  atan: { node: "AtanBackward0", intToFloat: true, save: "self", backward: (g, self) => g.div(self.mul(self).add(1)) },
  sinh: { node: "SinhBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(self.cosh()) },
  cosh: { node: "CoshBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(self.sinh()) },
  asinh: { node: "AsinhBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(self.mul(self).add(1).rsqrt()) },
  acosh: { node: "AcoshBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(self.mul(self).sub(1).rsqrt()) },
  atanh: { node: "AtanhBackward0", intToFloat: true, save: "self", backward: (g, self) => g.mul(sub(1, self.mul(self)).reciprocal()) },
  tanh: { node: "TanhBackward0", intToFloat: true, save: "result", backward: (g, result) => g.mul(sub(1, result.mul(result))) },
  sigmoid: { node: "SigmoidBackward0", intToFloat: true, save: "result", backward: (g, result) => g.mul(result.mul(sub(1, result))) },
  relu: { node: "ReluBackward0", intToFloat: false, save: "result", backward: (g, result) => threshold_backward(g, result, 0) },
  sign: { node: "SignBackward0", intToFloat: false, save: "none", backward: (g) => g.mul(0) },
  floor: { node: "FloorBackward0", intToFloat: false, save: "none", backward: (g) => g.mul(0) },
  ceil: { node: "CeilBackward0", intToFloat: false, save: "none", backward: (g) => g.mul(0) },
  round: { node: "RoundBackward0", intToFloat: false, save: "none", backward: (g) => g.mul(0) },
  trunc: { node: "TruncBackward0", intToFloat: false, save: "none", backward: (g) => g.mul(0) },
};

const unaryDefs: Record<string, OpDef> = {};
for (const [name, e] of Object.entries(unaryTable)) {
  unaryDefs[name] = { name, node: e.node, backward: (g: T, s) => [e.backward(g, e.save === "self" ? s.self : s.result)] };
}

function unaryOp(name: keyof typeof unaryTable & UnaryOp) {
  const e = unaryTable[name];
  const def = unaryDefs[name];
  return (x: Tensor): Tensor => {
    const dtype = e.intToFloat && !x.dtype.is_floating_point ? defaultFloat : x.dtype;
    const out = unaryKernel(name, x, dtype);
    if (needsGrad(x)) record(def, [x], out, e.save === "none" ? undefined : e.save === "self" ? { self: x } : { result: out });
    return out;
  };
}

const negOp = unaryOp("neg");
export function neg(x: Tensor): Tensor {
  if (x.dtype === bool) {
    throw new RuntimeError(
      "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
  return negOp(x);
}
export const abs = unaryOp("abs");
export const exp = unaryOp("exp");
export const log = unaryOp("log");
export const log1p = unaryOp("log1p");
export const expm1 = unaryOp("expm1");
export const sqrt = unaryOp("sqrt");
export const rsqrt = unaryOp("rsqrt");
export const reciprocal = unaryOp("reciprocal");
export const sin = unaryOp("sin");
export const cos = unaryOp("cos");
export const tan = unaryOp("tan");
export const asin = unaryOp("asin");
export const acos = unaryOp("acos");
export const atan = unaryOp("atan");
export const sinh = unaryOp("sinh");
export const cosh = unaryOp("cosh");
export const asinh = unaryOp("asinh");
export const acosh = unaryOp("acosh");
export const atanh = unaryOp("atanh");
export const tanh = unaryOp("tanh");
export const sigmoid = unaryOp("sigmoid");
export const relu = unaryOp("relu");
export const sign = unaryOp("sign");
export const floor = unaryOp("floor");
export const ceil = unaryOp("ceil");
const roundHalfEven = unaryOp("round");
const ROUND_DECIMALS: OpDef = { name: "round", node: "RoundBackward1", backward: (g: Tensor) => [g.mul(0)] };
/**
 * round(x, *, decimals): half to even; given decimals, at 10^-decimals, scaled as PyTorch
 * scales (x * 10^d, or x / 10^-d for negative d, in x's dtype), under its own node.
 */
export function round(x: Tensor, opts?: { decimals?: number | null }): Tensor {
  checkKeywords("round", opts, ["decimals"]);
  const decimals = opts?.decimals ?? null;
  checkKind("round", "decimals", -1, decimals, "int");
  if (decimals === null) return roundHalfEven(x);
  if (!x.dtype.is_floating_point) throw new RuntimeError(`"round_cpu" not implemented for '${x.dtype.scalarName}'`);
  const p = 10 ** Math.abs(decimals);
  const out = no_grad(() => (decimals < 0 ? x.div(p).round().mul(p) : x.mul(p).round().div(p)));
  if (needsGrad(x)) record(ROUND_DECIMALS, [x], out);
  return out;
}
export const trunc = unaryOp("trunc");

/** square is pow(2) in PyTorch, so its node is PowBackward0. */
export function square(x: Tensor): Tensor {
  return pow(x, 2);
}

// ---- clamp and where --------------------------------------------------------

const CLAMP: OpDef = {
  name: "clamp",
  node: "ClampBackward1",
  backward: (g: T, { self, min, max }) => {
    let keep: T | null = null;
    if (min !== null) keep = self.ge(min);
    if (max !== null) keep = keep === null ? self.le(max) : keep.logical_and(self.le(max));
    return [keep === null ? g : where(keep, g, 0)];
  },
};

export function clamp(x: Tensor, min?: TensorOrScalar | null | Options, max?: TensorOrScalar | null): Tensor {
  if (isOptions(min)) {
    max = (min.max as TensorOrScalar | null | undefined) ?? null;
    min = (min.min as TensorOrScalar | null | undefined) ?? null;
  }
  const lo = min ?? null;
  const hi = max ?? null;
  for (const v of [lo, hi]) {
    if (v !== null && !isOperand(v)) {
      const got = [lo, hi].filter((u, i) => u !== null || i === 0).map((u) => typeName(u)).join(", ");
      throw new TorchTypeError(
        `clamp() received an invalid combination of arguments - got (${got}), but expected one of:\n * (Tensor min, Tensor max)\n * (Number min, Number max)\n`,
      );
    }
  }
  if (lo === null && hi === null) throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (lo instanceof Tensor || hi instanceof Tensor) {
    let out = x;
    if (lo !== null) out = maximum(out, toTensor(lo, x.dtype));
    if (hi !== null) out = minimum(out, toTensor(hi, x.dtype));
    return out;
  }
  const dtype = resultType([x, lo, hi]);
  const f = dtype === float32 ? Math.fround : (v: number) => v;
  const out = Tensor._make(backend.clamp(x, lo === null ? -Infinity : f(lo), hi === null ? Infinity : f(hi), dtype), x._shape, dtype);
  if (needsGrad(x)) record(CLAMP, [x], out, { self: x, min: lo, max: hi });
  return out;
}

const WHERE: OpDef = {
  name: "where",
  node: "WhereBackward0",
  backward: (g: T, { condition }) => [null, where(condition, g, 0), where(condition, 0, g)],
};

export function where(condition: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  const shape = broadcastShapes(broadcastShapes(condition._shape, shapeOf(a)), shapeOf(b));
  const dtype = resultType([a, b]);
  const cond = condition.dtype === bool ? condition : condition.ne(0);
  const out = Tensor._make(backend.where(cond, operand(a, dtype), operand(b, dtype), shape, dtype), shape, dtype);
  if (needsGrad(a, b)) record(WHERE, [condition, a, b], out, { condition: cond });
  return out;
}

const THRESHOLD_BACKWARD: OpDef = {
  name: "threshold_backward",
  node: "ThresholdBackwardBackward0",
  // derivatives.yaml: grad_output: threshold_backward(grad, self, threshold); self: zeros_like(grad).
  backward: (g: T, { self, threshold }, needs) => [threshold_backward(g, self, threshold), needs[1] ? Tensor._full(g._shape, 0, g.dtype, g.device) : null],
};

/** threshold_backward(grad_output, self, threshold): grad_output where self > threshold, else 0 (ReLU's gradient, from its result). */
export function threshold_backward(grad: Tensor, self: Tensor, threshold: number): Tensor {
  const fused = grad.dtype === self.dtype ? backend.thresholdBackward?.(grad, self, threshold, grad.dtype) : null;
  const out = fused ? Tensor._make(fused, [...self._shape], grad.dtype) : no_grad(() => where(self.le(threshold), 0, grad));
  if (needsGrad(grad, self)) record(THRESHOLD_BACKWARD, [grad, self], out, { self, threshold });
  return out;
}

// ---- comparisons (no gradient) ----------------------------------------------

export function compare(op: BinaryOp, a: TensorOrScalar, b: TensorOrScalar): Tensor {
  checkOperands(op, a, b);
  return binaryKernel(op, a, b, bool, resultType([a, b]));
}
const NAN_TO_NUM: OpDef = {
  name: "nan_to_num",
  node: "NanToNumBackward0",
  backward: (g: Tensor, { self }) => [where(isfinite(self), g, 0)],
};

/**
 * nan_to_num(nan=0.0, posinf=None, neginf=None), from a call's arguments (positional, then an
 * options object; `firstPosition` is nan's position in PyTorch's error messages): NaN, +inf and
 * -inf replaced, the infinities by default with the dtype's largest and lowest values.
 */
export function nan_to_num(x: Tensor, args: readonly unknown[], firstPosition: number): Tensor {
  const names = ["nan", "posinf", "neginf"];
  const o = bindArgs("nan_to_num", args, names);
  const positional = args.filter((a) => !isOptions(a)).length;
  names.forEach((name, i) => {
    const v = o[name];
    if (v !== undefined && v !== null && typeof v !== "number") {
      throw new TorchTypeError(`nan_to_num(): argument '${name}'${i < positional ? ` (position ${firstPosition + i})` : ""} must be float, not ${typeName(v)}`);
    }
  });
  if (!x.dtype.is_floating_point) return x.clone();
  const largest = x.dtype === float32 ? 3.4028234663852886e38 : Number.MAX_VALUE;
  const v = x.detach();
  const [nan, posinf, neginf] = [(o.nan as number | null) ?? 0, (o.posinf as number | null) ?? largest, (o.neginf as number | null) ?? -largest];
  const out = where(v.isnan(), nan, where(v.eq(Infinity), posinf, where(v.eq(-Infinity), neginf, v)));
  if (needsGrad(x)) record(NAN_TO_NUM, [x], out, { self: x });
  return out;
}

export function isnan(x: Tensor): Tensor {
  return unaryKernel("isnan", x, bool);
}
export function isfinite(x: Tensor): Tensor {
  return unaryKernel("isfinite", x, bool);
}
export function isinf(x: Tensor): Tensor {
  return compare("eq", abs(x.detach()), Infinity);
}
export function logical_not(x: Tensor): Tensor {
  return unaryKernel("logical_not", x, bool);
}
export function isclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor {
  checkKeywords("isclose", opts, ["rtol", "atol", "equal_nan"]);
  const rtol = opts?.rtol ?? 1e-5;
  const atol = opts?.atol ?? 1e-8;
  const a64 = a.detach().double();
  const b64 = b.detach().double();
  let close = a64.sub(b64).abs().le(b64.abs().mul(rtol).add(atol)).logical_or(a64.eq(b64));
  if (opts?.equal_nan) close = close.logical_or(a64.isnan().logical_and(b64.isnan()));
  return close;
}
export function allclose(a: Tensor, b: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean {
  return isclose(a, b, opts).all().item() as boolean;
}
