// F.grid_sample and F.affine_grid. Sampling is a weighted sum of input values at
// integer taps: per spatial axis, the taps of the mode (one for nearest, two for
// bilinear, four for bicubic) with their weights and the weights' derivatives in
// the grid coordinate; the taps of several axes are their products. The forward,
// and both gradients of PyTorch's GridSampler2DBackward0 / GridSampler3DBackward0
// node, are gathers, scatters and products over those taps, in tensor ops.
import { bindArgs } from "../args.js";
import { bool, int64 } from "../dtype.js";
import { NotImplementedError, RuntimeError, ValueError } from "../errors.js";
import { linspace } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { needsGrad, record, type OpDef } from "../ops/registry.js";
import { no_grad } from "../autograd/grad_mode.js";
import { stack } from "../ops/shape.js";
import { Tensor } from "../tensor.js";
import { warn } from "../warnings.js";

type T = Tensor;
type Mode = "bilinear" | "nearest" | "bicubic";
type Padding = "zeros" | "border" | "reflection";

/** One tap of one axis: its index (a float of an integer), whether it is inside, its weight and d weight / d grid. */
interface Tap {
  index: T;
  inside: T | null;
  w: T | number;
  dw: T | number;
}

/** clip_coordinates with its gradient: 1 strictly inside (0, n - 1), else 0 (PyTorch counts the borders out). */
function clip(x: T, n: number): [T, T] {
  return [x.clamp(0, n - 1), x.gt(0).logical_and(x.lt(n - 1)).to(x.dtype)];
}

/** reflect_coordinates with its gradient's sign: x folded into [low, low + span], low = 0 or -0.5. */
function reflect(x: T, n: number, align: boolean): [T, T | number] {
  if (align && n <= 1) return [Tensor._full(x.shape, 0, x.dtype, x.device), 0];
  const low = align ? 0 : -0.5, twice = align ? 2 * (n - 1) : 2 * n;
  const shifted = x.sub(low), a = shifted.abs();
  const extra = a.sub(a.div(twice).trunc().mul(twice));
  const flipped = extra.rsub(twice);
  const more = extra.gt(flipped);
  return [where(more, flipped, extra).add(low), where(more.logical_xor(shifted.lt(0)), -1, 1).to(x.dtype)];
}

/** PyTorch's compute_coordinates: the padding mode applied to a coordinate (bicubic applies it to each tap). */
function pad(x: T, n: number, padding: Padding, align: boolean): T {
  if (padding === "border") return x.clamp(0, n - 1);
  if (padding === "reflection") return reflect(x, n, align)[0].clamp(0, n - 1);
  return x;
}

/** The cubic convolution weights (A = -0.75) of the taps at offsets -1, 0, 1, 2 from t in [0, 1), and their derivatives in t. */
function cubic(t: T): [T[], T[]] {
  const A = -0.75;
  const near = (x: T) => x.mul(A + 2).sub(A + 3).mul(x).mul(x).add(1);
  const far = (x: T) => x.mul(A).sub(5 * A).mul(x).add(8 * A).mul(x).sub(4 * A);
  const dNear = (x: T) => x.mul(3 * (A + 2)).sub(2 * (A + 3)).mul(x);
  const dFar = (x: T) => x.mul(3 * A).sub(10 * A).mul(x).add(8 * A);
  const [t1, s, s1] = [t.add(1), t.rsub(1), t.rsub(2)];
  return [[far(t1), near(t), near(s), far(s1)], [dFar(t1), dNear(t), dNear(s).neg(), dFar(s1).neg()]];
}

/** The taps of one axis of size n for the grid coordinates c (in [-1, 1] at the image's edges). */
function axisTaps(c: T, n: number, mode: Mode, padding: Padding, align: boolean): Tap[] {
  // grid_sampler_unnormalize, in PyTorch's CPU kernel's form.
  const scale = align ? (n - 1) / 2 : n / 2;
  let x = c.add(1).mul(scale);
  if (!align) x = x.sub(0.5);
  const bounds = (i: T) => (padding === "zeros" ? i.gt(-1).logical_and(i.lt(n)) : null);
  if (mode === "bicubic") {
    const x0 = x.floor();
    const [w, dw] = cubic(x.sub(x0));
    return [-1, 0, 1, 2].map((off, k) => {
      const index = pad(x0.add(off), n, padding, align);
      return { index, inside: bounds(index), w: w[k], dw: dw[k].mul(scale) };
    });
  }
  let mult: T | number = scale;
  if (padding !== "zeros") {
    let grad: T | number = 1;
    if (padding === "reflection") [x, grad] = reflect(x, n, align);
    const [clipped, clipGrad] = clip(x, n);
    [x, mult] = [clipped, clipGrad.mul(grad).mul(scale)];
  }
  if (mode === "nearest") {
    const index = x.round();
    return [{ index, inside: bounds(index), w: 1, dw: 0 }];
  }
  // A padded coordinate lies in [0, n - 1]: only its right neighbour can fall outside.
  const x0 = x.floor(), x1 = x0.add(1), w1 = x.sub(x0);
  return [
    { index: x0, inside: bounds(x0), w: w1.rsub(1), dw: typeof mult === "number" ? -mult : mult.neg() },
    { index: x1, inside: bounds(x1) ?? x1.lt(n), w: w1, dw: mult },
  ];
}

interface Plan {
  /** Flat spatial index of each tap, [N, K, P] (K taps of P output points). */
  index: T;
  /** Whether the tap is inside the input, [N, K, P] (null: all are). */
  inside: T | null;
  /** The tap's weight, 0 outside, [N, K, P]. */
  weight: T;
  /** d weight / d grid[..., j] for each grid component j (x, y, z order), [N, K, P]; null for nearest. */
  dweight: T[] | null;
}

const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);
const mul = (a: T | number, b: T | number): T | number => (typeof a !== "number" ? a.mul(b) : typeof b !== "number" ? b.mul(a) : a * b);

/** The taps of every output point: the products of one tap of each axis. */
function plan(inputShape: readonly number[], grid: T, mode: Mode, padding: Padding, align: boolean): Plan {
  const sizes = inputShape.slice(2), nd = sizes.length;
  const coords = grid.reshape(grid.shape[0], prod(grid.shape.slice(1, -1)), nd).unbind(2);
  // Spatial dim d (depth, height, width) is read from grid component nd - 1 - d.
  const axes = sizes.map((size, d) => axisTaps(coords[nd - 1 - d], size, mode, padding, align));
  let combos: Tap[][] = [[]];
  for (const taps of axes) combos = combos.flatMap((cb) => taps.map((tap) => [...cb, tap]));
  const like = coords[0];
  const full = (v: T | number) => (typeof v === "number" ? Tensor._full(like.shape, v, like.dtype, like.device) : v);
  const insides = combos.map((cb) => cb.map((tap) => tap.inside).reduce((a, b) => (a === null ? b : b === null ? a : a.logical_and(b))));
  const inside = insides.every((t) => t === null) ? null : stack(insides.map((t) => t ?? Tensor._full(like.shape, 1, bool, like.device)), 1);
  const masked = (parts: (T | number)[]) => {
    const t = stack(parts.map(full), 1);
    return inside === null ? t : where(inside, t, 0);
  };
  const strides = sizes.map((_, d) => prod(sizes.slice(d + 1)));
  const index = masked(combos.map((cb) => cb.map((tap, d) => tap.index.mul(strides[d])).reduce((a, b) => a.add(b)))).to(int64);
  const weight = masked(combos.map((cb) => cb.map((tap) => tap.w).reduce(mul)));
  // d/d(axis d) of a product of weights: axis d's derivative times the other axes' weights.
  const dweight = mode === "nearest" ? null : sizes.map((_, d) => masked(combos.map((cb) => cb.map((tap, e) => (e === d ? tap.dw : tap.w)).reduce(mul)))).reverse();
  return { index, inside, weight, dweight };
}

/** The input's values at every tap, [N, C, K, P]; 0 outside. */
function tapValues(input: T, p: Plan): T {
  const [n, c] = input.shape, [, k, points] = p.index.shape;
  const v = input.reshape(n, c, prod(input.shape.slice(2))).gather(2, p.index.view(n, 1, k * points).expand(n, c, k * points)).view(n, c, k, points);
  return p.inside === null ? v : where(p.inside.unsqueeze(1), v, 0);
}

const gridSamplerDef = (node: string): OpDef => ({
  name: "grid_sampler",
  node,
  backward: (g: T, s, needs) => {
    const { input, grid, mode, padding, align } = s as { input: T; grid: T; mode: Mode; padding: Padding; align: boolean };
    const p = plan(input.shape, grid, mode, padding, align);
    const [n, c] = input.shape, [, k, points] = p.index.shape;
    const g4 = g.reshape(n, c, 1, points);
    let gradInput: T | null = null, gradGrid: T | null = null;
    if (needs[0]) {
      const src = g4.mul(p.weight.unsqueeze(1)).reshape(n, c, k * points);
      const flat = Tensor._full([n, c, prod(input.shape.slice(2))], 0, g.dtype, g.device);
      gradInput = flat.scatter_add(2, p.index.view(n, 1, k * points).expand(n, c, k * points), src).view(input.shape);
    }
    if (needs[1]) {
      // Nearest sampling is piecewise constant in the grid: PyTorch's gradient is zeros.
      if (p.dweight === null) gradGrid = Tensor._full(grid.shape, 0, grid.dtype, grid.device);
      else {
        const vg = tapValues(input, p).mul(g4);
        gradGrid = stack(p.dweight.map((dw) => vg.mul(dw.unsqueeze(1)).sum([1, 2])), -1).view(grid.shape);
      }
    }
    return [gradInput, gradGrid];
  },
});
const GRID_SAMPLER_2D = gridSamplerDef("GridSampler2DBackward0");
const GRID_SAMPLER_3D = gridSamplerDef("GridSampler3DBackward0");

function alignCornersDefault(align: unknown): boolean {
  if (align !== undefined && align !== null) return Boolean(align);
  warn("Default grid_sample and affine_grid behavior has changed to align_corners=False since 1.3.0. Please specify align_corners=True if the old behavior is desired. See the documentation of grid_sample for details.");
  return false;
}

const sizes = (t: T) => `[${t.shape.join(", ")}]`;

/**
 * grid_sample(input, grid, mode='bilinear', padding_mode='zeros', align_corners=None):
 * input [N, C, H, W] sampled at grid [N, Ho, Wo, 2] of (x, y) in [-1, 1], or
 * [N, C, D, H, W] at [N, Do, Ho, Wo, 3] (bilinear is then trilinear; no bicubic).
 */
export function grid_sample(input: Tensor, grid: Tensor, ...args: unknown[]): Tensor {
  const o = bindArgs("grid_sample", args, ["mode", "padding_mode", "align_corners"]);
  const mode = (o.mode as string | undefined) ?? "bilinear", padding = (o.padding_mode as string | undefined) ?? "zeros";
  if (mode !== "bilinear" && mode !== "nearest" && mode !== "bicubic") throw new ValueError(`nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`);
  if (padding !== "zeros" && padding !== "border" && padding !== "reflection") throw new ValueError(`nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${padding}'`);
  const align = alignCornersDefault(o.align_corners);
  // PyTorch's grid_sampler checks, in its order.
  if (input.shape[0] !== grid.shape[0]) throw new RuntimeError(`grid_sampler(): expected grid and input to have same batch size, but got input with sizes ${sizes(input)} and grid with sizes ${sizes(grid)}`);
  if (grid.shape[grid.dim() - 1] !== input.dim() - 2) throw new RuntimeError(`grid_sampler(): expected grid to have size ${input.dim() - 2} in last dimension, but got grid with sizes ${sizes(grid)}`);
  for (let d = 2; d < input.dim(); d++) {
    if (input.shape[d] <= 0) throw new RuntimeError(`grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes ${sizes(input)} with dimension ${d} being empty`);
  }
  const twoD = input.dim() === 4;
  if (input.dim() !== grid.dim() || !(twoD || input.dim() === 5)) throw new RuntimeError(`grid_sampler(): expected ${twoD ? 4 : 5}D input and grid with same number of dimensions, but got input with sizes ${sizes(input)} and grid with sizes ${sizes(grid)}`);
  if (!twoD && mode === "bicubic") throw new RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input");
  if (input.dtype !== grid.dtype) throw new RuntimeError(`expected scalar type ${input.dtype.scalarName} but found ${grid.dtype.scalarName}`);
  if (!input.dtype.is_floating_point) throw new RuntimeError(twoD ? `grid_sampler_2d_cpu not implemented for ${input.dtype.scalarName}` : `"grid_sampler3d_cpu" not implemented for '${input.dtype.scalarName}'`);
  const outShape = [input.shape[0], input.shape[1], ...grid.shape.slice(1, -1)];
  const out = no_grad(() => {
    const p = plan(input.shape, grid, mode, padding, align);
    return tapValues(input, p).mul(p.weight.unsqueeze(1)).sum(2).view(outShape);
  });
  if (needsGrad(input, grid)) record(twoD ? GRID_SAMPLER_2D : GRID_SAMPLER_3D, [input, grid], out, { input, grid, mode, padding, align });
  return out;
}

/** PyTorch's linspace_from_neg_one: the normalised pixel centres of an axis of n pixels. */
function axisCoords(n: number, align: boolean, like: T): T {
  if (n <= 1) return Tensor._full([1], 0, like.dtype, like.device);
  const r = linspace(-1, 1, n, { dtype: like.dtype, device: like.device });
  return align ? r : r.mul(n - 1).div(n);
}

const AFFINE_GRID: OpDef = {
  name: "affine_grid_generator",
  node: "AffineGridGeneratorBackward0",
  backward: (g: T, s) => {
    const { base } = s as { base: T };
    return [g.reshape(g.shape[0], -1, base.shape[2] - 1).transpose(1, 2).matmul(base)];
  },
};

/**
 * affine_grid(theta, size, align_corners=None): the sampling grid [N, H, W, 2] of the
 * affine maps theta [N, 2, 3] for size [N, C, H, W], or [N, D, H, W, 3] of theta
 * [N, 3, 4] for [N, C, D, H, W]: each output pixel's (x, y[, z], 1) times theta^T.
 */
export function affine_grid(theta: Tensor, size: readonly number[], ...args: unknown[]): Tensor {
  const o = bindArgs("affine_grid", args, ["align_corners"]);
  const align = alignCornersDefault(o.align_corners);
  if (!theta.dtype.is_floating_point) throw new ValueError(`Expected theta to have floating point type, but got torch.${theta.dtype.name}`);
  const shown = `[${size.join(", ")}]`;
  const nd = size.length - 2;
  if (nd === 2 || nd === 3) {
    if (theta.dim() !== 3 || theta.shape[1] !== nd || theta.shape[2] !== nd + 1) {
      throw new ValueError(`Expected a batch of ${nd}D affine matrices of shape Nx${nd}x${nd + 1} for size ${shown}. Got torch.Size([${theta.shape.join(", ")}]).`);
    }
  } else throw new NotImplementedError(`affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${shown}.`);
  const spatial = size.slice(2);
  if (align && Math.min(...spatial) === 1) {
    warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids when align_corners=True. This is not an intended use case of affine_grid. See the documentation of affine_grid for details.");
  } else if (Math.min(...size) <= 0) throw new ValueError(`Expected non-zero, positive output size. Got ${shown}`);
  const n = size[0];
  if (theta.shape[0] !== n) throw new RuntimeError(`Expected size for first two dimensions of batch2 tensor to be: [${n}, ${nd + 1}] but got: [${theta.shape[0]}, ${nd + 1}].`);
  // The base grid [1, points, nd + 1]: x varies fastest, then y (then z), and a column of ones.
  const base = no_grad(() => {
    const axes = spatial.map((s) => axisCoords(s, align, theta));
    const comps = axes.map((a, d) => a.view(spatial.map((_, e) => (e === d ? spatial[d] : 1))).expand(spatial)).reverse();
    return stack([...comps, Tensor._full(spatial, 1, theta.dtype, theta.device)], -1).reshape(1, -1, nd + 1);
  });
  const out = no_grad(() => base.matmul(theta.transpose(1, 2)).view([n, ...spatial, nd]));
  if (needsGrad(theta)) record(AFFINE_GRID, [theta], out, { base });
  return out;
}
