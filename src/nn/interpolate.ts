// Resampling as separable products: interpolate (nearest, nearest-exact, linear,
// bilinear, bicubic, their antialiased forms, area) and adaptive average pooling,
// each axis resampled by a matrix built from PyTorch's source indices and weights
// (UpSample.h, UpSampleKernel.cpp), so a gradient is the transposed product.
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { float64 } from "../dtype.js";
import { NotImplementedError, RuntimeError, ValueError } from "../errors.js";
import { pyFloat } from "../format.js";
import { needsGrad, record, type OpDef } from "../ops/registry.js";
import { Tensor } from "../tensor.js";

type T = Tensor;

/** compute_scales_value: the input step per output step, from the scale factor where one is given. */
const stepOf = (n: number, o: number, scale: number | null) => (scale !== null && scale > 0 ? 1 / scale : n / o);

/** area_pixel_compute_scale. */
const areaScale = (n: number, o: number, alignCorners: boolean, scale: number | null) => (alignCorners ? (o > 1 ? (n - 1) / (o - 1) : 0) : stepOf(n, o, scale));

/** area_pixel_compute_source_index: output i's coordinate in the input (clamped at 0 except for cubic). */
function sourceIndex(i: number, step: number, alignCorners: boolean, cubic: boolean): number {
  if (alignCorners) return step * i;
  const src = step * (i + 0.5) - 0.5;
  return !cubic && src < 0 ? 0 : src;
}

/** Keys' cubic convolution kernel (upsample_bicubic2d's A = -0.75; the antialiased filter's -0.5), at distance |x|. */
function cubicWeight(x: number, a: number): number {
  x = Math.abs(x);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}
const triangle = (x: number) => Math.max(0, 1 - Math.abs(x));

export type ResampleMode = "nearest" | "nearest-exact" | "linear" | "cubic" | "area";

/** The [o, n] matrix that resamples a length-n axis to length o as PyTorch's kernel for `mode` does. */
function resampleMatrix(n: number, o: number, mode: ResampleMode, alignCorners: boolean, scale: number | null, antialias = false): Tensor {
  const a = new Float64Array(o * n);
  const at = (i: number, j: number, w: number) => (a[i * n + Math.min(Math.max(j, 0), n - 1)] += w);
  if (antialias) {
    // _compute_weights_aa: the filter widened by the scale when shrinking, weights normalised.
    const s = areaScale(n, o, alignCorners, scale), size = mode === "cubic" ? 4 : 2;
    const support = s >= 1 ? size * 0.5 * s : size * 0.5, inv = s >= 1 ? 1 / s : 1;
    const filter = mode === "cubic" ? (x: number) => cubicWeight(x, -0.5) : triangle;
    for (let i = 0; i < o; i++) {
      const center = s * (i + 0.5);
      const lo = Math.max(Math.trunc(center - support + 0.5), 0), hi = Math.min(Math.trunc(center + support + 0.5), n);
      const w = Array.from({ length: Math.max(hi - lo, 0) }, (_, j) => filter((j + lo - center + 0.5) * inv));
      const total = w.reduce((x, y) => x + y, 0);
      w.forEach((v, j) => at(i, lo + j, total !== 0 ? v / total : v));
    }
    return Tensor._make(a, [o, n], float64);
  }
  // nearest_idx and nearest_exact_idx compute in float32, as PyTorch does.
  const step32 = Math.fround(stepOf(n, o, scale));
  for (let i = 0; i < o; i++) {
    if (mode === "nearest") at(i, Math.min(Math.floor(Math.fround(i * step32)), n - 1), 1);
    else if (mode === "nearest-exact") at(i, Math.min(Math.floor(Math.fround((i + 0.5) * step32)), n - 1), 1);
    else if (mode === "area") {
      const start = Math.floor((i * n) / o), end = Math.ceil(((i + 1) * n) / o);
      for (let j = start; j < end; j++) at(i, j, 1 / (end - start));
    } else if (mode === "linear") {
      // compute_source_index_and_lambda: a copy where the sizes agree, whatever the scale factor.
      const src = o === n ? i : sourceIndex(i, areaScale(n, o, alignCorners, scale), alignCorners, false);
      const i0 = Math.min(Math.floor(src), n - 1), l1 = Math.min(Math.max(src - i0, 0), 1);
      at(i, i0, 1 - l1);
      at(i, i0 + 1, l1);
    } else {
      // Four taps around the source, their indices clamped to the input.
      const src = sourceIndex(i, areaScale(n, o, alignCorners, scale), alignCorners, true);
      const i0 = Math.floor(src), t = src - i0;
      [t + 1, t, 1 - t, 2 - t].forEach((d, k) => at(i, i0 - 1 + k, cubicWeight(d, -0.75)));
    }
  }
  return Tensor._make(a, [o, n], float64);
}

const separableDefs = new Map<string, OpDef>();

/**
 * rows x cols^T over the last two dims (or x cols^T over the last one): the
 * separable resamplings (adaptive pooling, interpolation) as one node named as
 * PyTorch names the op; its gradient is the transposed product.
 */
function separable(input: Tensor, node: string, rows: Tensor | null, cols: Tensor): Tensor {
  let def = separableDefs.get(node);
  if (def === undefined) {
    def = { name: node, node, backward: (g: T, s) => [(s.rows === null ? g : s.rows.t().matmul(g)).matmul(s.cols)] };
    separableDefs.set(node, def);
  }
  const out = no_grad(() => (rows === null ? input : rows.matmul(input)).matmul(cols.t()));
  if (needsGrad(input)) record(def, [input], out, { rows, cols });
  return out;
}

/**
 * adaptive_avg_pool2d(input, output_size): output cell i averages rows
 * floor(i H / Ho) to ceil((i + 1) H / Ho), as PyTorch's windows: two
 * averaging matrices, A_h x A_w^T (a mean for a 1 x 1 output, as PyTorch does).
 */
export function adaptive_avg_pool2d(input: Tensor, output_size: number | readonly (number | null)[]): Tensor {
  if (input.dim() !== 3 && input.dim() !== 4) throw new RuntimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [${input.shape.join(", ")}]`);
  const [h, w] = input.shape.slice(-2);
  const size = typeof output_size === "number" ? [output_size, output_size] : output_size.map((v, i) => v ?? [h, w][i]);
  const [oh, ow] = size as number[];
  if (oh === 1 && ow === 1) return input.mean([-1, -2], true);
  return separable(input, "AdaptiveAvgPool2DBackward0", resampleMatrix(h, oh, "area", false, null).to(input), resampleMatrix(w, ow, "area", false, null).to(input));
}

/** adaptive_avg_pool1d(input, output_size). */
export function adaptive_avg_pool1d(input: Tensor, output_size: number | number[]): Tensor {
  if (input.dim() !== 2 && input.dim() !== 3) throw new RuntimeError(`adaptive_avg_pool1d() argument 'input' must be a 2D or 3D tensor, but got [${input.shape.join(", ")}]`);
  return adaptive_avg_pool2d(input.unsqueeze(-2), [1, typeof output_size === "number" ? output_size : output_size[0]]).squeeze(-2);
}

/** Each mode's input rank and its node's name (the .vec overloads' Backward1); area is adaptive pooling. */
const MODES: Record<string, { dims: number[]; node: string; kind: ResampleMode }> = {
  nearest: { dims: [3, 4], node: "UpsampleNearest", kind: "nearest" },
  "nearest-exact": { dims: [3, 4], node: "UpsampleNearestExact", kind: "nearest-exact" },
  area: { dims: [3, 4], node: "", kind: "area" },
  linear: { dims: [3], node: "UpsampleLinear", kind: "linear" },
  bilinear: { dims: [4], node: "UpsampleBilinear", kind: "linear" },
  bicubic: { dims: [4], node: "UpsampleBicubic", kind: "cubic" },
};
/** The modes' ranks as PyTorch's mismatch errors name them. */
const NEEDS: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };

/**
 * interpolate(input, size=None, scale_factor=None, mode='nearest', align_corners=None,
 * recompute_scale_factor=None, antialias=False), with PyTorch's argument checks in its order.
 */
export function interpolate(input: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("interpolate", args, ["size", "scale_factor", "mode", "align_corners", "recompute_scale_factor", "antialias"]);
  const mode = (o.mode as string | undefined) ?? "nearest";
  const antialias = (o.antialias as boolean | undefined) ?? false;
  const size = (o.size as number | number[] | null | undefined) ?? null, scaleFactor = (o.scale_factor as number | number[] | null | undefined) ?? null;
  const alignGiven = o.align_corners !== undefined && o.align_corners !== null;
  if (["nearest", "area", "nearest-exact"].includes(mode) && alignGiven) {
    throw new ValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  }
  const dim = input.dim() - 2, inSizes = input.shape.slice(2);
  let outSizes: number[] | null = null, scales: number[] | null = null;
  if (size !== null && scaleFactor !== null) throw new ValueError("only one of size or scale_factor should be defined");
  if (size !== null) {
    if (Array.isArray(size) && size.length !== dim) {
      throw new ValueError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSizes.join(", ")}] and output size of [${size.join(", ")}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
    }
    outSizes = Array.isArray(size) ? [...size] : inSizes.map(() => size as number);
  } else if (scaleFactor !== null) {
    if (Array.isArray(scaleFactor) && scaleFactor.length !== dim) {
      throw new ValueError(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${inSizes.join(", ")}] and scale_factor of shape [${scaleFactor.map(pyFloat).join(", ")}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`);
    }
    scales = Array.isArray(scaleFactor) ? [...scaleFactor] : inSizes.map(() => scaleFactor as number);
  } else throw new ValueError("either size or scale_factor should be defined");
  if (o.recompute_scale_factor && size !== null) throw new ValueError("recompute_scale_factor is not meaningful with an explicit size.");
  // Area always works from an output size; a recomputed scale is dropped for the size it gives.
  if (scales !== null && (o.recompute_scale_factor || mode === "area")) {
    outSizes = inSizes.map((n, i) => Math.floor(n * scales![i]));
    scales = null;
  }
  if (antialias && !((mode === "bilinear" || mode === "bicubic") && input.dim() === 4)) throw new ValueError("Anti-alias option is only supported for bilinear and bicubic modes");
  const spec = MODES[mode];
  if (spec === undefined || !spec.dims.includes(input.dim())) {
    if (input.dim() === 5 && ["nearest", "nearest-exact", "area", "trilinear"].includes(mode)) throw new NotImplementedError(`tensorgrad: interpolate of 5-D input (mode '${mode}') is not supported yet`);
    if (NEEDS[mode] !== undefined && [3, 4, 5].includes(input.dim())) throw new NotImplementedError(`Got ${input.dim()}D input, but ${mode} mode needs ${NEEDS[mode]}D input`);
    throw new NotImplementedError(
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.dim()}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`,
    );
  }
  // Output sizes from a kept scale factor: floor(input size * scale).
  const out = outSizes ?? inSizes.map((n, i) => Math.floor(n * scales![i]));
  if (mode === "area") return dim === 1 ? adaptive_avg_pool1d(input, out) : adaptive_avg_pool2d(input, out);
  const align = Boolean(o.align_corners);
  const matrix = (d: number) => resampleMatrix(inSizes[d], out[d], spec.kind, align, scales === null ? null : scales[d], antialias).to(input);
  const node = `${spec.node}${dim}D${antialias ? "Aa" : ""}Backward1`;
  return dim === 1 ? separable(input, node, null, matrix(0)) : separable(input, node, matrix(0), matrix(1));
}
