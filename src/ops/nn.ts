// Primitives for neural networks: each with PyTorch's node name and its
// gradient in tensor ops. softmax, log_softmax and gelu are primitives for
// speed and for their names; convolution and pooling are composites of the
// shared take / put_add gathers (see shape.ts) and matmul.
import { no_grad } from "../autograd/grad_mode.js";
import { backend } from "../backend/index.js";
import { defaultFloat, float32, int32, int64 } from "../dtype.js";
import { IndexError, RuntimeError } from "../errors.js";
import { contiguousStrides, sameShape, windowCount, wrapDim } from "../shape.js";
import { Tensor } from "../tensor.js";
import { needsGrad, record, type OpDef } from "./registry.js";
import { gatherDef, putAdd, take } from "./shape.js";
import { where } from "./elementwise.js";

type T = Tensor;

const SOFTMAX: OpDef = {
  name: "softmax",
  node: "SoftmaxBackward0",
  backward: (g: T, s) => [softmaxBackwardData(g, s.result, s.dim, false)],
};
const LOG_SOFTMAX: OpDef = {
  name: "log_softmax",
  node: "LogSoftmaxBackward0",
  backward: (g: T, s) => [softmaxBackwardData(g, s.result, s.dim, true)],
};
// Their gradients are ops of their own, as PyTorch's _softmax_backward_data and
// _log_softmax_backward_data: one kernel where the backend has it, and a
// gradient in tensor ops (double backward). y = softmax: y * (g - sum(g * y));
// y = log_softmax: g - exp(y) * sum(g), sums over dim.
const SOFTMAX_BACKWARD_DATA: OpDef = {
  name: "_softmax_backward_data",
  node: "SoftmaxBackwardDataBackward0",
  backward: (gg: T, s, needs) => {
    const { grad_output: g, output: y, dim } = s as { grad_output: T; output: T; dim: number };
    const ggy = gg.mul(y).sum({ dim, keepdim: true });
    return [needs[0] ? y.mul(gg.sub(ggy)) : null, needs[1] ? gg.mul(g.sub(g.mul(y).sum({ dim, keepdim: true }))).sub(g.mul(ggy)) : null];
  },
};
const LOG_SOFTMAX_BACKWARD_DATA: OpDef = {
  name: "_log_softmax_backward_data",
  node: "LogSoftmaxBackwardDataBackward0",
  backward: (gg: T, s, needs) => {
    const { grad_output: g, output: y, dim } = s as { grad_output: T; output: T; dim: number };
    const e = y.exp();
    return [needs[0] ? gg.sub(gg.mul(e).sum({ dim, keepdim: true })) : null, needs[1] ? gg.mul(e).mul(g.sum({ dim, keepdim: true })).neg() : null];
  },
};

function floating(x: Tensor): Tensor {
  return x.dtype.is_floating_point ? x : x.to(float32);
}

/**
 * x (detached) as rows over dim d, when every dim after d has size 1 (Note
 * [fused softmax]: the kernels reduce rows); else null, and the ops compose.
 */
function rowsOver(x: Tensor, d: number): Tensor | null {
  if (x.dim() === 0 || x.numel() === 0) return null;
  for (let i = d + 1; i < x.dim(); i++) if (x.shape[i] !== 1) return null;
  return x.dim() === d + 1 ? x : x.reshape(-1, x.shape[d]);
}

/** softmax (log: log_softmax) of x (detached, floating) over dim d: the backend's kernel, or composed. */
function softmaxForward(xd: Tensor, d: number, log: boolean): Tensor {
  const rows = rowsOver(xd, d);
  const fused = rows === null ? null : backend.softmax?.(rows, log, xd.dtype);
  if (fused) return Tensor._make(fused, xd.shape, xd.dtype);
  const shifted = xd.sub(xd.amax(d, true));
  if (log) return shifted.sub(shifted.exp().sum(d, true).log());
  const e = shifted.exp();
  return e.div(e.sum(d, true));
}

/** _softmax_backward_data / _log_softmax_backward_data (see SOFTMAX_BACKWARD_DATA). */
function softmaxBackwardData(g: T, y: T, dim: number, log: boolean): T {
  const gd = g.detach(), yd = y.detach();
  const rows = rowsOver(yd, dim);
  const fused = rows === null || !sameShape(g.shape, y.shape) ? null : backend.softmaxBackward?.(gd.reshape(rows.shape), rows, log, yd.dtype);
  const out = fused
    ? Tensor._make(fused, yd.shape, yd.dtype)
    : log
      ? gd.sub(yd.exp().mul(gd.sum({ dim, keepdim: true })))
      : yd.mul(gd.sub(gd.mul(yd).sum({ dim, keepdim: true })));
  if (needsGrad(g, y)) record(log ? LOG_SOFTMAX_BACKWARD_DATA : SOFTMAX_BACKWARD_DATA, [g, y], out, { grad_output: g, output: y, dim });
  return out;
}

export function softmax(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, x.dim());
  const out = softmaxForward(floating(x.detach()), d, false);
  if (needsGrad(x)) record(SOFTMAX, [x], out, { result: out, dim: d });
  return out;
}

export function log_softmax(x: Tensor, dim: number): Tensor {
  const d = wrapDim(dim, x.dim());
  const out = softmaxForward(floating(x.detach()), d, true);
  if (needsGrad(x)) record(LOG_SOFTMAX, [x], out, { result: out, dim: d });
  return out;
}

const ERF: OpDef = {
  name: "erf",
  node: "ErfBackward0",
  backward: (g: T, s) => [g.mul(s.self.square().neg().exp().mul(2 / Math.sqrt(Math.PI)))],
};

export function erf(x: Tensor): Tensor {
  const dtype = x.dtype.is_floating_point ? x.dtype : defaultFloat;
  const out = Tensor._make(backend.unary("erf", x, dtype), x.shape, dtype);
  if (needsGrad(x)) record(ERF, [x], out, { self: x });
  return out;
}

const GELU: OpDef = {
  name: "gelu",
  node: "GeluBackward0",
  backward: (g: T, s) => {
    const x = s.self as T;
    if (s.approximate === "tanh") {
      const k = Math.sqrt(2 / Math.PI);
      const inner = x.add(x.pow(3).mul(0.044715)).mul(k);
      const t = inner.tanh();
      const dinner = x.square().mul(3 * 0.044715).add(1).mul(k);
      return [g.mul(t.add(1).mul(0.5).add(x.mul(0.5).mul(t.square().rsub(1)).mul(dinner)))];
    }
    const cdf = erf(x.mul(Math.SQRT1_2)).add(1).mul(0.5);
    const pdf = x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
    return [g.mul(cdf.add(x.mul(pdf)))];
  },
};

export function gelu(x: Tensor, approximate: "none" | "tanh" = "none"): Tensor {
  const xd = x.detach();
  let out: Tensor;
  if (approximate === "tanh") {
    const inner = xd.add(xd.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    out = xd.mul(0.5).mul(inner.tanh().add(1));
  } else {
    out = xd.mul(0.5).mul(erf(xd.mul(Math.SQRT1_2)).add(1));
  }
  if (needsGrad(x)) record(GELU, [x], out, { self: x, approximate });
  return out;
}

const PAD: OpDef = {
  name: "constant_pad_nd",
  node: "ConstantPadNdBackward0",
  backward: (g: T, s) => {
    let out = g;
    const pads = s.pad as number[];
    for (let i = 0; i < pads.length / 2; i++) {
      const d = g.dim() - 1 - i;
      out = out.narrow(d, pads[2 * i], s.shape[d]);
    }
    return [out];
  },
};

/** Constant padding by non-negative pads, (left, right) pairs from the last dim back: the primitive under F.pad (which adds cropping and the other modes). */
export function pad(x: Tensor, padding: readonly number[], value = 0): Tensor {
  if (padding.length % 2 !== 0) throw new RuntimeError("Padding length must be divisible by 2");
  if (padding.length / 2 > x.dim()) throw new RuntimeError("Padding length too large");
  if (padding.some((p) => p < 0)) throw new RuntimeError("tensorgrad: F.pad with negative padding (cropping) is not supported yet");
  const shape = [...x.shape];
  for (let i = 0; i < padding.length / 2; i++) shape[x.dim() - 1 - i] += padding[2 * i] + padding[2 * i + 1];
  const out = Tensor._full(shape, value, x.dtype, x.device);
  let offset = 0;
  const strides = contiguousStrides(shape);
  for (let i = 0; i < padding.length / 2; i++) offset += padding[2 * i] * strides[x.dim() - 1 - i];
  backend.copyInto({ _data: out._data, _shape: x.shape, _strides: strides, _offset: offset }, x, x.dtype);
  if (needsGrad(x)) record(PAD, [x], out, { pad: [...padding], shape: x.shape });
  return out;
}

const EMBEDDING: OpDef = {
  name: "embedding",
  node: "EmbeddingBackward0",
  // Each picked row's gradient back to its row (none to the padding row); with scale_grad_by_freq, over its index's count.
  backward: (g: T, s) => [putAdd(Tensor._full(s.shape, 0, g.dtype, g.device), s.offsets, s.counts === null ? g : g.div(s.counts))],
};

/** How often each position's index occurs in the input, shaped [...input.shape, 1] (tensor ops, so device indices stay there). */
function indexCounts(input: Tensor, weight: Tensor): Tensor {
  const flat = input.reshape(-1).long();
  const ones = Tensor._full([flat.numel()], 1, weight.dtype, weight.device);
  return no_grad(() => Tensor._full([weight.shape[0]], 0, weight.dtype, weight.device).index_add(0, flat, ones).index_select(0, flat).reshape([...input.shape, 1]));
}

/** F.embedding: rows of weight picked by integer indices of any shape; scaleGradByFreq divides each row's gradient by its index's count. */
export function embedding(input: Tensor, weight: Tensor, paddingIdx: number | null = null, scaleGradByFreq = false): Tensor {
  if (input.dtype !== int64 && input.dtype !== int32) {
    throw new RuntimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${input.dtype.legacyName} instead (while checking arguments for embedding)`,
    );
  }
  const [num, dim] = weight.shape;
  if (!input.is_cpu) return deviceEmbedding(input, weight, paddingIdx, scaleGradByFreq);
  const idx = input._contiguousData();
  const offsets = new Int32Array(idx.length * dim);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    if (r < 0 || r >= num) throw new IndexError("index out of range in self");
    for (let j = 0; j < dim; j++) offsets[i * dim + j] = r * dim + j;
  }
  const out = Tensor._make(backend.take(weight, offsets, weight.dtype), [...input.shape, dim], weight.dtype);
  if (needsGrad(weight)) {
    // The padding row gets no gradient.
    let offs = offsets;
    if (paddingIdx !== null) {
      offs = offsets.slice();
      for (let i = 0; i < idx.length; i++) if (idx[i] === paddingIdx) for (let j = 0; j < dim; j++) offs[i * dim + j] = -1;
    }
    record(EMBEDDING, [weight], out, { shape: weight.shape, offsets: offs, counts: scaleGradByFreq ? indexCounts(input, weight) : null });
  }
  return out;
}

/** embedding on a device: the offsets row * dim + j as tensor ops (indices unchecked there), -1 on the padding row. */
function deviceEmbedding(input: Tensor, weight: Tensor, paddingIdx: number | null, scaleGradByFreq: boolean): Tensor {
  const dim = weight.shape[1];
  const cols = Tensor._make(Float64Array.from({ length: dim }, (_, j) => j), [1, dim], int64).to(input.device);
  const rows = input.reshape(-1, 1).long();
  const offsets = rows.mul(dim).add(cols).reshape(-1);
  const out = Tensor._make(backend.take(weight, offsets, weight.dtype), [...input.shape, dim], weight.dtype);
  if (needsGrad(weight)) {
    const offs = paddingIdx === null ? offsets : where(rows.eq(paddingIdx).expand([rows.shape[0], dim]).reshape(-1), -1, offsets);
    record(EMBEDDING, [weight], out, { shape: weight.shape, offsets: offs, counts: scaleGradByFreq ? indexCounts(input, weight) : null });
  }
  return out;
}

/**
 * Flat offsets that gather sliding windows (im2col) from a [N, C, H, W] tensor:
 * the result is [N, C, kh, kw, Ho, Wo]. Cached by geometry: a training loop asks
 * for the same shapes every step.
 */
const windowCache = new Map<string, { offsets: Int32Array; ho: number; wo: number }>();

export function windowOffsets(shape: readonly number[], kh: number, kw: number, sh: number, sw: number, dh: number, dw: number) {
  const key = [...shape, kh, kw, sh, sw, dh, dw].join(",");
  const hit = windowCache.get(key);
  if (hit) return hit;
  const [n, c, h, w] = shape;
  const ho = windowCount(h, kh, sh, dh), wo = windowCount(w, kw, sw, dw);
  if (ho <= 0 || wo <= 0) throw new RuntimeError(`Calculated output size: (${c}x${ho}x${wo}). Output size is too small`);
  const offsets = new Int32Array(n * c * kh * kw * ho * wo);
  let o = 0;
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) {
          const base = ((b * c + ch) * h + i * dh) * w + j * dw;
          for (let y = 0; y < ho; y++) {
            const row = base + y * sh * w;
            for (let x = 0; x < wo; x++) offsets[o++] = row + x * sw;
          }
        }
  const entry = { offsets, ho, wo };
  if (windowCache.size > 64) windowCache.clear();
  windowCache.set(key, entry);
  return entry;
}

const UNFOLD = gatherDef("Im2ColBackward0");

/** im2col: [N, C, H, W] -> [N, C, kh, kw, Ho, Wo] (a view-free gather; its gradient scatters back). */
export function unfoldWindows(x: Tensor, kh: number, kw: number, sh: number, sw: number, dh = 1, dw = 1): { cols: Tensor; ho: number; wo: number } {
  const { offsets, ho, wo } = windowOffsets(x.shape, kh, kw, sh, sw, dh, dw);
  const [n, c] = x.shape;
  const cols = take(x, offsets, [n, c, kh, kw, ho, wo], UNFOLD);
  return { cols, ho, wo };
}


/**
 * torch.norm_except_dim(v, pow=2, dim=0): the pow-norm over every dim but `dim`, shaped to
 * broadcast against v (dim -1: the whole tensor's norm).
 */
export function norm_except_dim(v: Tensor, pow = 2, dim = 0): Tensor {
  if (dim === -1) return v.norm(pow);
  if (dim === 0) return v.contiguous().view(v.shape[0], -1).norm(pow, 1).view([v.shape[0], ...new Array<number>(v.dim() - 1).fill(1)]);
  if (dim === v.dim() - 1) return v.contiguous().view(-1, v.shape[dim]).norm(pow, 0).view([...new Array<number>(v.dim() - 1).fill(1), v.shape[dim]]);
  return norm_except_dim(v.transpose(0, dim), pow, 0).transpose(0, dim);
}

const WEIGHT_NORM: OpDef = {
  name: "_weight_norm_interface",
  node: "WeightNormInterfaceBackward0",
  // d(g v / |v|): grad_g = sum(grad v) / |v|, grad_v = g / |v| (grad - v grad_g / |v|), per slice along dim.
  backward: (grad: Tensor, { v, g, norm, dim }) => {
    const others = [...Array(v.dim()).keys()].filter((d) => d !== dim);
    const gradG = grad.mul(v).sum(others, true).div(norm);
    return [g.div(norm).mul(grad.sub(v.mul(gradG.div(norm)))), gradG];
  },
};

/** torch._weight_norm(v, g, dim=0): v * (g / norm_except_dim(v, 2, dim)); one node (PyTorch's fused interface) for dim 0 or the last. */
export function _weight_norm(v: Tensor, g: Tensor, dim = 0): Tensor {
  if (dim !== 0 && dim !== v.dim() - 1) return v.mul(g.div(norm_except_dim(v, 2, dim)));
  const [out, norm] = no_grad(() => {
    const n = norm_except_dim(v, 2, dim);
    return [v.mul(g.div(n)), n];
  });
  if (needsGrad(v, g)) record(WEIGHT_NORM, [v, g], out, { v, g, norm, dim });
  return out;
}
