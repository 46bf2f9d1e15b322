// WGSL sources of the webgpu backend's kernels, generated per element kind and
// op. Every kernel reads its geometry from a parameter array P (Note [kernel
// parameters]) so that one compiled pipeline serves every shape and stride.
import type { BinaryOp, ReduceOp, UnaryOp } from "../backend.js";
import { INF, MATH, NAN } from "./math.js";

/** How a storage holds its elements: float32 as f32, int64/int32 as i32, bool as u32 (0/1). */
export type Kind = "f32" | "i32" | "u32";

/** Highest rank a kernel handles. */
export const MAX_RANK = 8;

/**
 * Note [kernel parameters]: P is an array<i32> in a storage buffer. Elementwise
 * kernels: P[0] = element count, P[1] = rank, P[2..10) = the output shape, then
 * one block per input of 1 + MAX_RANK slots (offset, strides), then the scalar
 * operands, each as the bits of an f32 (or an i32). A thread's linear index is
 * decomposed over the output shape once per input.
 */
export const INPUT_BASE = 2 + MAX_RANK;
export const INPUT_SLOTS = 1 + MAX_RANK;

/** Threads per workgroup of the elementwise kernels; more than 65535 workgroups spill into y. */
export const WORKGROUP = 256;

const HELPERS = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn isnan_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn isfinite_(x: f32) -> bool { return (bitcast<u32>(x) & 0x7f800000u) != 0x7f800000u; }
fn offsetOf(i: i32, base: i32) -> i32 {
  var rem = i;
  var off = P[base];
  for (var d = P[1] - 1; d >= 0; d = d - 1) {
    let s = P[2 + d];
    off = off + (rem % s) * P[base + 1 + d];
    rem = rem / s;
  }
  return off;
}
fn linearIndex(gid: vec3<u32>, nwg: vec3<u32>) -> i32 {
  return i32(gid.x + gid.y * nwg.x * ${WORKGROUP}u);
}
fn sign_(x: f32) -> f32 {
  if (x > 0.0) { return 1.0; }
  if (x < 0.0) { return -1.0; }
  return 0.0;
}
fn maximum_(a: f32, b: f32) -> f32 {
  if (isnan_(a) || isnan_(b)) { return ${NAN}; }
  return max(a, b);
}
fn minimum_(a: f32, b: f32) -> f32 {
  if (isnan_(a) || isnan_(b)) { return ${NAN}; }
  return min(a, b);
}
fn remainder_(a: f32, b: f32) -> f32 {
  let r = a % b;
  return select(r, r + b, r != 0.0 && ((r < 0.0) != (b < 0.0)));
}
fn iremainder_(a: i32, b: i32) -> i32 {
  let r = a % b;
  return select(r, r + b, r != 0 && ((r < 0) != (b < 0)));
}
fn round_(x: f32) -> f32 { return round(x); }
// WGSL leaves sqrt indeterminate below 0; PyTorch gives NaN.
fn sqrt_(x: f32) -> f32 { return select(sqrt(x), ${NAN}, x < 0.0); }
`;

// The transcendentals are ./math.ts's, as PyTorch's CPU computes them.
const UNARY_F32: Record<UnaryOp, string> = {
  neg: "-x", abs: "abs(x)", exp: "exp_(x)", log: "log_(x)", log1p: "log1p_(x)", expm1: "expm1_(x)",
  sqrt: "sqrt_(x)", rsqrt: "1.0 / sqrt_(x)", reciprocal: "1.0 / x", square: "x * x",
  sin: "sin_(x)", cos: "cos_(x)", tan: "tan_(x)", asin: "asin_(x)", acos: "acos_(x)", atan: "atan_(x)",
  sinh: "sinh_(x)", cosh: "cosh_(x)", asinh: "asinh_(x)", acosh: "acosh_(x)", atanh: "atanh_(x)", tanh: "tanh_(x)", sigmoid: "sigmoid_(x)",
  relu: "select(x, 0.0, x < 0.0)", sign: "sign_(x)", floor: "floor(x)", ceil: "ceil(x)", round: "round_(x)", trunc: "trunc(x)",
  isnan: "f32(isnan_(x))", isfinite: "f32(isfinite_(x))", logical_not: "f32(x == 0.0)", identity: "x", erf: "erf_(x)",
};

/** Integer forms (the rest compute in f32). */
const UNARY_I32: Partial<Record<UnaryOp, string>> = {
  neg: "-x", abs: "abs(x)", square: "x * x", sign: "sign(x)", identity: "x", relu: "max(x, 0)",
  floor: "x", ceil: "x", round: "x", trunc: "x", logical_not: "i32(x == 0)",
};

const BINARY_F32: Record<BinaryOp, string> = {
  add: "a + b", sub: "a - b", mul: "a * b", div: "a / b", pow: "pow_(a, b)", maximum: "maximum_(a, b)", minimum: "minimum_(a, b)",
  remainder: "remainder_(a, b)", atan2: "atan2_(a, b)",
  eq: "f32(a == b)", ne: "f32(a != b)", lt: "f32(a < b)", le: "f32(a <= b)", gt: "f32(a > b)", ge: "f32(a >= b)",
  logical_and: "f32(a != 0.0 && b != 0.0)", logical_or: "f32(a != 0.0 || b != 0.0)",
};

const BINARY_I32: Partial<Record<BinaryOp, string>> = {
  add: "a + b", sub: "a - b", mul: "a * b", maximum: "max(a, b)", minimum: "min(a, b)", remainder: "iremainder_(a, b)",
  eq: "i32(a == b)", ne: "i32(a != b)", lt: "i32(a < b)", le: "i32(a <= b)", gt: "i32(a > b)", ge: "i32(a >= b)",
  logical_and: "i32(a != 0 && b != 0)", logical_or: "i32(a != 0 || b != 0)",
};

/** pow with a tensor exponent: Sleef's throughout, as PyTorch's pow_tensor_tensor_kernel (pow_ takes a number's special cases). */
export const POW_TENSOR_EXPONENT = "powf_(a, b)";

/** The type arithmetic runs in: the output's, except that bool results compare their inputs as floats. */
export type Compute = "f32" | "i32";

export function unaryExpr(op: UnaryOp, compute: Compute): string | undefined {
  return compute === "i32" ? UNARY_I32[op] : UNARY_F32[op];
}
export function binaryExpr(op: BinaryOp, compute: Compute): string | undefined {
  return compute === "i32" ? BINARY_I32[op] : BINARY_F32[op];
}

/** Reads element `i` of a buffer of `kind` as the compute type. */
function load(name: string, kind: Kind, compute: Compute, index: string): string {
  const raw = `${name}[${index}]`;
  if (kind === compute) return raw;
  return `${compute}(${raw})`;
}

/** Converts a compute value to the output's kind (bool: nonzero is 1). */
function store(kind: Kind, compute: Compute, v: string): string {
  if (kind === "u32") return `u32(${v} != ${compute}(0))`;
  if (kind === compute) return v;
  return `${kind}(${v})`;
}

/** An operand of an elementwise kernel: a strided buffer, or a scalar held in P. */
export type Operand = { kind: Kind } | "scalar";

/**
 * An elementwise kernel over `operands` (names a, b, c in the expression; x when
 * there is one), writing a contiguous output of `outKind`.
 */
export function elementwise(operands: readonly Operand[], outKind: Kind, compute: Compute, expr: string): string {
  const names = operands.length === 1 ? ["x"] : ["a", "b", "c"];
  const bindings: string[] = [];
  const lets: string[] = [];
  let binding = 1;
  let scalarSlot = 0;
  const scalarBase = `${INPUT_BASE} + ${INPUT_SLOTS} * ${operands.length}`;
  operands.forEach((o, k) => {
    const n = names[k];
    if (o === "scalar") {
      const bits = `P[${scalarBase} + ${scalarSlot++}]`;
      lets.push(`let ${n} = ${compute === "f32" ? `bitcast<f32>(${bits})` : bits};`);
    } else {
      bindings.push(`@group(0) @binding(${binding++}) var<storage, read> in${k}: array<${o.kind}>;`);
      lets.push(`let ${n} = ${load(`in${k}`, o.kind, compute, `offsetOf(i, ${INPUT_BASE + INPUT_SLOTS * k})`)};`);
    }
  });
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
${bindings.join("\n")}
@group(0) @binding(${binding}) var<storage, read_write> out: array<${outKind}>;
${HELPERS}
${MATH}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= P[0]) { return; }
  ${lets.join("\n  ")}
  out[i] = ${store(outKind, compute, expr)};
}`;
}

/**
 * copyInto: writes src (a strided buffer or a scalar) into the strided
 * destination. The output block of P holds dst's offset and strides.
 */
export function scatterCopy(src: Operand, dstKind: Kind): string {
  const compute: Compute = dstKind === "f32" ? "f32" : "i32";
  const value =
    src === "scalar"
      ? compute === "f32" ? `bitcast<f32>(P[${INPUT_BASE + 2 * INPUT_SLOTS}])` : `P[${INPUT_BASE + 2 * INPUT_SLOTS}]`
      : load("src", src.kind, compute, `offsetOf(i, ${INPUT_BASE + INPUT_SLOTS})`);
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
${src === "scalar" ? "" : `@group(0) @binding(1) var<storage, read> src: array<${src.kind}>;`}
@group(0) @binding(${src === "scalar" ? 1 : 2}) var<storage, read_write> dst: array<${dstKind}>;
${HELPERS}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= P[0]) { return; }
  dst[offsetOf(i, ${INPUT_BASE})] = ${store(dstKind, compute, value)};
}`;
}

/** Threads per output of a reduction. */
export const REDUCE_THREADS = 64;

/**
 * Reduction, one workgroup per output element. P: [outputs, reduced count,
 * rank of the kept dims, kept shape (8), kept strides (8), rank of the reduced
 * dims, reduced shape (8), reduced strides (8), offset].
 */
export function reduction(op: ReduceOp, inKind: Kind, outKind: Kind): string {
  const arg = op === "argmax" || op === "argmin";
  const acc: Compute = op === "all" || op === "any" || arg || op === "max" || op === "min" ? (inKind === "f32" ? "f32" : "i32") : outKind === "f32" ? "f32" : "i32";
  const init: Record<ReduceOp, string> = {
    sum: `${acc}(0)`, prod: `${acc}(1)`, all: `${acc}(1)`, any: `${acc}(0)`,
    max: acc === "f32" ? `-${INF}` : "-2147483647", min: acc === "f32" ? INF : "2147483647",
    argmax: acc === "f32" ? `-${INF}` : "-2147483647", argmin: acc === "f32" ? INF : "2147483647",
  };
  const nanCheck = (v: string) => (acc === "f32" ? `isnan_(${v})` : "false");
  // combine(value a at index ia, value b at index ib) -> (value, index); NaN wins in max/min, first index on ties.
  const better: Record<string, string> = {
    max: `${nanCheck("b")} || b > a`,
    min: `${nanCheck("b")} || b < a`,
  };
  const combine: Record<ReduceOp, string> = {
    sum: "v = a + b;", prod: "v = a * b;",
    all: `v = ${acc}(a != ${acc}(0) && b != ${acc}(0));`, any: `v = ${acc}(a != ${acc}(0) || b != ${acc}(0));`,
    max: `v = a; if (!${nanCheck("a")} && (${better.max})) { v = b; }`,
    min: `v = a; if (!${nanCheck("a")} && (${better.min})) { v = b; }`,
    argmax: `v = a; vi = ia; if (!${nanCheck("a")} && ((${better.max}) || (b == a && ib < ia))) { v = b; vi = ib; }`,
    argmin: `v = a; vi = ia; if (!${nanCheck("a")} && ((${better.min}) || (b == a && ib < ia))) { v = b; vi = ib; }`,
  };
  const R = 2 * MAX_RANK + 4;
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
@group(0) @binding(1) var<storage, read> x: array<${inKind}>;
@group(0) @binding(2) var<storage, read_write> out: array<${outKind}>;
var<workgroup> vals: array<${acc}, ${REDUCE_THREADS}>;
var<workgroup> idxs: array<i32, ${REDUCE_THREADS}>;
${HELPERS}
fn combine(a: ${acc}, ia: i32, b: ${acc}, ib: i32) -> vec2<${acc}> {
  var v = a;
  var vi = ia;
  ${combine[op]}
  return vec2<${acc}>(v, ${acc}(${arg ? "vi" : "0"}));
}
fn keptOffset(o: i32) -> i32 {
  var rem = o;
  var off = P[${R + MAX_RANK * 2}];
  for (var d = P[2] - 1; d >= 0; d = d - 1) {
    let s = P[3 + d];
    off = off + (rem % s) * P[${3 + MAX_RANK} + d];
    rem = rem / s;
  }
  return off;
}
fn reducedOffset(r: i32) -> i32 {
  var rem = r;
  var off = 0;
  for (var d = P[${R - 1}] - 1; d >= 0; d = d - 1) {
    let s = P[${R} + d];
    off = off + (rem % s) * P[${R + MAX_RANK} + d];
    rem = rem / s;
  }
  return off;
}
@compute @workgroup_size(${REDUCE_THREADS})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  let o = i32(wid.x + wid.y * nwg.x);
  let valid = o < P[0];
  let base = select(0, keptOffset(o), valid);
  var v = ${init[op]};
  var vi = 0;
  if (valid) {
    for (var r = i32(lid); r < P[1]; r = r + ${REDUCE_THREADS}) {
      let c = combine(v, vi, ${acc}(x[base + reducedOffset(r)]), r);
      v = c.x;
      ${arg ? "vi = i32(c.y);" : ""}
    }
  }
  vals[lid] = v;
  idxs[lid] = vi;
  workgroupBarrier();
  for (var s = ${REDUCE_THREADS / 2}u; s > 0u; s = s / 2u) {
    if (lid < s) {
      let c = combine(vals[lid], idxs[lid], vals[lid + s], idxs[lid + s]);
      vals[lid] = c.x;
      ${arg ? `idxs[lid] = i32(c.y);` : ""}
    }
    workgroupBarrier();
  }
  if (lid == 0u && valid) {
    out[o] = ${arg ? store(outKind, "i32", "idxs[0]") : store(outKind, acc, "vals[0]")};
  }
}`;
}

/** Tile of the matrix product: 64 x 64 outputs per workgroup, 4 x 4 per thread, K in steps of 16. */
export const MM_TILE = 64;
const MM_K = 16;

/**
 * Batched, strided matmul. P: [B, M, K, N, aOff, aBatch, aRow, aCol, bOff,
 * bBatch, bRow, bCol]. Operand tiles go through workgroup memory; transposed
 * operands are just other strides.
 */
export function matmul(): string {
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
var<workgroup> As: array<array<f32, ${MM_TILE}>, ${MM_K}>;
var<workgroup> Bs: array<array<f32, ${MM_TILE}>, ${MM_K}>;
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = P[1]; let K = P[2]; let N = P[3];
  let batch = i32(wid.z);
  let row0 = i32(wid.y) * ${MM_TILE};
  let col0 = i32(wid.x) * ${MM_TILE};
  let aBase = P[4] + batch * P[5];
  let bBase = P[8] + batch * P[9];
  let tx = i32(lid.x); let ty = i32(lid.y);
  let t = ty * 16 + tx;
  var acc: array<array<f32, 4>, 4>;
  for (var k0 = 0; k0 < K; k0 = k0 + ${MM_K}) {
    for (var l = 0; l < 4; l = l + 1) {
      let e = t + l * 256;
      // A tile: 64 rows x 16 ks; B tile: 16 ks x 64 cols.
      let ar = e / ${MM_K}; let ak = e % ${MM_K};
      let gr = row0 + ar; let gk = k0 + ak;
      As[ak][ar] = select(0.0, A[aBase + gr * P[6] + gk * P[7]], gr < M && gk < K);
      let bk = e / ${MM_TILE}; let bc = e % ${MM_TILE};
      let hk = k0 + bk; let gc = col0 + bc;
      Bs[bk][bc] = select(0.0, B[bBase + hk * P[10] + gc * P[11]], hk < K && gc < N);
    }
    workgroupBarrier();
    for (var kk = 0; kk < ${MM_K}; kk = kk + 1) {
      var a: array<f32, 4>;
      var b: array<f32, 4>;
      for (var q = 0; q < 4; q = q + 1) {
        a[q] = As[kk][ty * 4 + q];
        b[q] = Bs[kk][tx * 4 + q];
      }
      for (var r = 0; r < 4; r = r + 1) {
        for (var c = 0; c < 4; c = c + 1) {
          acc[r][c] = fma(a[r], b[c], acc[r][c]);
        }
      }
    }
    workgroupBarrier();
  }
  for (var r = 0; r < 4; r = r + 1) {
    let gr = row0 + ty * 4 + r;
    if (gr >= M) { continue; }
    for (var c = 0; c < 4; c = c + 1) {
      let gc = col0 + tx * 4 + c;
      if (gc < N) { C[(batch * M + gr) * N + gc] = acc[r][c]; }
    }
  }
}`;
}

/** Inclusive cumulative sum of a contiguous buffer along a dim: P = [outer, len, inner]. */
export function cumsum(kind: Kind, compute: Compute): string {
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
@group(0) @binding(1) var<storage, read> x: array<${kind}>;
@group(0) @binding(2) var<storage, read_write> out: array<${kind}>;
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let line = i32(gid.x + gid.y * nwg.x * ${WORKGROUP}u);
  if (line >= P[0] * P[2]) { return; }
  let o = line / P[2];
  let inner = line % P[2];
  var acc = ${compute}(0);
  for (var k = 0; k < P[1]; k = k + 1) {
    let p = (o * P[1] + k) * P[2] + inner;
    acc = acc + ${compute}(x[p]);
    out[p] = ${kind}(acc);
  }
}`;
}

/** take: out[i] = x at row-major position index[i] (P as for elementwise, over x's shape; P[0] = index count). */
export function take(kind: Kind): string {
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
@group(0) @binding(1) var<storage, read> x: array<${kind}>;
@group(0) @binding(2) var<storage, read> index: array<i32>;
@group(0) @binding(3) var<storage, read_write> out: array<${kind}>;
${HELPERS}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= P[0]) { return; }
  out[i] = x[offsetOf(index[i], ${INPUT_BASE})];
}`;
}

/**
 * putAdd's scatter: out (already a copy of base) gets src[i] added at index[i];
 * f32 sums use a compare-and-swap loop, since WGSL has no float atomics. P as
 * for elementwise over src's shape, P[0] = index count.
 */
export function scatterAdd(kind: Kind): string {
  const add =
    kind === "f32"
      ? `loop {
      let old = atomicLoad(&out[j]);
      let r = atomicCompareExchangeWeak(&out[j], old, bitcast<u32>(bitcast<f32>(old) + v));
      if (r.exchanged) { break; }
    }`
      : `atomicAdd(&out[j], v);`;
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
@group(0) @binding(1) var<storage, read> src: array<${kind}>;
@group(0) @binding(2) var<storage, read> index: array<i32>;
@group(0) @binding(3) var<storage, read_write> out: array<atomic<${kind === "f32" ? "u32" : kind}>>;
${HELPERS}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = linearIndex(gid, nwg);
  if (i >= P[0]) { return; }
  let j = index[i];
  if (j < 0) { return; }
  let v = src[offsetOf(i, ${INPUT_BASE})];
  ${add}
}`;
}

/**
 * argsort, a bitonic sort of each line (P = [lines, n, width, inner, block,
 * stride, descending]; width is n rounded up to a power of two). The line of
 * x at (o, i) is x[(o * n + j) * inner + i] for j < n; keys and idx hold the
 * lines padded to width, a pad being any position j >= n.
 * - argsortInit copies the keys in and numbers the positions;
 * - argsortStep is one compare-exchange pass (block, stride) of the network;
 *   comparing (key, position) makes the order a stable sort's, and pads sort last;
 * - argsortFinish writes the first n positions of each line to out, in x's layout.
 */
const ARGSORT_BINDINGS = (kind: Kind) => `
@group(0) @binding(0) var<storage, read> P: array<i32>;
@group(0) @binding(1) var<storage, read_write> keys: array<${kind}>;
@group(0) @binding(2) var<storage, read_write> idx: array<i32>;`;

export function argsortInit(kind: Kind): string {
  return `${ARGSORT_BINDINGS(kind)}
@group(0) @binding(3) var<storage, read> x: array<${kind}>;
${HELPERS}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linearIndex(gid, nwg);
  if (t >= P[0] * P[2]) { return; }
  let line = t / P[2];
  let j = t % P[2];
  idx[t] = j;
  if (j < P[1]) { keys[t] = x[((line / P[3]) * P[1] + j) * P[3] + line % P[3]]; }
}`;
}

export function argsortStep(kind: Kind): string {
  // NaN is above every number, as in PyTorch's sort.
  const nan = kind === "f32"
    ? `let na = isnan_(ka); let nb = isnan_(kb);
  if (na || nb) { if (na && nb) { return ia < ib; } return select(nb, na, P[6] != 0); }`
    : "";
  return `${ARGSORT_BINDINGS(kind)}
${HELPERS}
fn before(ka: ${kind}, ia: i32, kb: ${kind}, ib: i32) -> bool {
  if (ia >= P[1]) { return false; }
  if (ib >= P[1]) { return true; }
  ${nan}
  if (ka == kb) { return ia < ib; }
  return select((ka < kb), (ka > kb), P[6] != 0);
}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linearIndex(gid, nwg);
  let half = P[2] / 2;
  if (t >= P[0] * half) { return; }
  let q = t % half;
  let stride = P[5];
  let lo = (q / stride) * 2 * stride + q % stride;
  let a = (t / half) * P[2] + lo;
  let b = a + stride;
  let ka = keys[a]; let ia = idx[a]; let kb = keys[b]; let ib = idx[b];
  // Within an ascending block of the network, the pair ends in order; within a descending one, reversed.
  let up = (lo & P[4]) == 0;
  if (select(before(ka, ia, kb, ib), before(kb, ib, ka, ia), up)) {
    keys[a] = kb; idx[a] = ib; keys[b] = ka; idx[b] = ia;
  }
}`;
}

export function argsortFinish(): string {
  return `
@group(0) @binding(0) var<storage, read> P: array<i32>;
@group(0) @binding(1) var<storage, read> idx: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<i32>;
${HELPERS}
@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let t = linearIndex(gid, nwg);
  if (t >= P[0] * P[1]) { return; }
  let line = t / P[1];
  let j = t % P[1];
  out[((line / P[3]) * P[1] + j) * P[3] + line % P[3]] = idx[line * P[2] + j];
}`;
}
