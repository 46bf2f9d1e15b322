// torch.nn.functional's vision functions: pad, pixel_shuffle, pixel_unshuffle (and flatten); interpolate and
// grid_sample are in ../interpolate.ts and ../grid_sample.ts.
import { bindArgs } from "../../args.js";
import { contiguousStrides } from "../../shape.js";
import { NotImplementedError, RuntimeError, ValueError } from "../../errors.js";
import { composite, type OpDef } from "../../ops/registry.js";
import * as P from "../../ops/nn.js";
import { gatherDef, take } from "../../ops/shape.js";
import { Tensor } from "../../tensor.js";
import type { T } from "./common.js";

/**
 * pad(input, pad, mode='constant', value=None): pad lists (left, right) pairs from the
 * last dim back. Constant padding may be negative (it crops); reflect, replicate and
 * circular gather indices along each padded dim.
 */
export function pad(input: Tensor, padding: readonly number[], ...args: unknown[]): Tensor {
  const o = bindArgs("pad", args, ["mode", "value"]);
  const mode = (o.mode as string | undefined) ?? "constant";
  if (padding.length % 2 !== 0) throw new RuntimeError("Padding length must be divisible by 2");
  if (padding.length / 2 > input.dim()) throw new RuntimeError("Padding length too large");
  if (mode === "constant") {
    let x = input;
    // Negative pads crop first, then the positive ones pad.
    for (let i = 0; i < padding.length / 2; i++) {
      const d = input.dim() - 1 - i;
      const [l, r] = [padding[2 * i], padding[2 * i + 1]];
      if (l < 0 || r < 0) x = x.narrow(d, Math.max(0, -l), x.shape[d] - Math.max(0, -l) - Math.max(0, -r));
    }
    const positive = padding.map((p) => Math.max(0, p));
    return positive.some((p) => p > 0) ? P.pad(x, positive, (o.value as number | null | undefined) ?? 0) : x;
  }
  if (mode !== "reflect" && mode !== "replicate" && mode !== "circular") throw new NotImplementedError(`Unrecognised padding mode ${mode}`);
  if (o.value !== undefined && o.value !== null && o.value !== 0) throw new ValueError(`Padding mode "${mode}"" doesn't take in value argument.`);
  const dims = padding.length / 2;
  const outShape = [...input.shape];
  const maps: (Int32Array | null)[] = input.shape.map(() => null);
  for (let i = 0; i < dims; i++) {
    const d = input.dim() - 1 - i;
    const [l, r] = [padding[2 * i], padding[2 * i + 1]];
    const n = input.shape[d];
    if (mode === "reflect" && (l >= n || r >= n)) {
      throw new RuntimeError(`Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${d} of input [${input.shape.join(", ")}]`);
    }
    if (mode === "circular" && (l > n || r > n)) throw new RuntimeError("Padding value causes wrapping around more than once.");
    if (mode === "circular") continue;
    const idx = new Int32Array(n + l + r);
    for (let k = 0; k < idx.length; k++) {
      const j = k - l;
      idx[k] = mode === "replicate" ? Math.min(Math.max(j, 0), n - 1) : j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
    }
    maps[d] = idx;
    outShape[d] = idx.length;
  }
  if (mode === "circular") return padCircular(input, padding);
  // One gather: each output element reads the input element its index maps name.
  const strides = contiguousStrides(input.shape);
  const offsets = new Int32Array(outShape.reduce((a, b) => a * b, 1));
  const coord = new Array<number>(outShape.length).fill(0);
  for (let p = 0; p < offsets.length; p++) {
    let at = 0;
    for (let d = 0; d < outShape.length; d++) at += (maps[d] === null ? coord[d] : maps[d]![coord[d]]) * strides[d];
    offsets[p] = at;
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++coord[d] < outShape[d]) break;
      coord[d] = 0;
    }
  }
  return take(input, offsets, outShape, gatherDef(`${mode === "reflect" ? "Reflection" : "Replication"}Pad${dims}DBackward0`));
}

/**
 * Circular padding as PyTorch 1.13's _pad_circular writes it: the input copied
 * into the middle of a new tensor, then each dim's wrapped borders copied from
 * that tensor's own slices (in-place copies on views: its history is CopySlices).
 */
function padCircular(input: Tensor, padding: readonly number[]): Tensor {
  const dims = padding.length / 2;
  const outShape = [...input.shape];
  for (let i = 0; i < dims; i++) outShape[input.dim() - 1 - i] += padding[2 * i] + padding[2 * i + 1];
  const out = Tensor._full(outShape, 0, input.dtype, input.device);
  let middle = out;
  for (let i = 0; i < dims; i++) middle = middle.narrow(input.dim() - 1 - i, padding[2 * i], input.shape[input.dim() - 1 - i]);
  middle.copy_(input);
  // From the first padded dim to the last, as PyTorch.
  for (let i = dims - 1; i >= 0; i--) {
    const d = input.dim() - 1 - i;
    const [l, r] = [padding[2 * i], padding[2 * i + 1]];
    const size = outShape[d];
    if (l > 0) out.narrow(d, 0, l).copy_(out.narrow(d, size - l - r, l));
    if (r > 0) out.narrow(d, size - r, r).copy_(out.narrow(d, l, r));
  }
  return out;
}

export function flatten(input: Tensor, start_dim = 0, end_dim = -1): Tensor {
  return input.flatten(start_dim, end_dim);
}

/** pixel_shuffle(input, upscale_factor): [.., C r^2, H, W] to [.., C, H r, W r]. */
export function pixel_shuffle(input: Tensor, upscale_factor: number): Tensor {
  const r = upscale_factor;
  if (input.dim() < 3) throw new RuntimeError(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`);
  const [c, h, w] = input.shape.slice(-3), lead = input.shape.slice(0, -3);
  if (c % (r * r) !== 0) throw new RuntimeError(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${r * r}`);
  return composite(PIXEL_SHUFFLE, [input], () =>
    input.reshape([...lead, c / (r * r), r, r, h, w]).permute([...lead.map((_, i) => i), lead.length, lead.length + 3, lead.length + 1, lead.length + 4, lead.length + 2]).reshape([...lead, c / (r * r), h * r, w * r]), { r });
}
/** pixel_unshuffle(input, downscale_factor): [.., C, H r, W r] to [.., C r^2, H, W]. */
export function pixel_unshuffle(input: Tensor, downscale_factor: number): Tensor {
  const r = downscale_factor;
  if (input.dim() < 3) throw new RuntimeError(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${input.dim()} dimension(s)`);
  const [c, h, w] = input.shape.slice(-3), lead = input.shape.slice(0, -3);
  if (h % r !== 0) throw new RuntimeError(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${h} is not divisible by ${r}`);
  if (w % r !== 0) throw new RuntimeError(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${w} is not divisible by ${r}`);
  return composite(PIXEL_UNSHUFFLE, [input], () =>
    input.reshape([...lead, c, h / r, r, w / r, r]).permute([...lead.map((_, i) => i), lead.length, lead.length + 2, lead.length + 4, lead.length + 1, lead.length + 3]).reshape([...lead, c * r * r, h / r, w / r]), { r });
}
const PIXEL_SHUFFLE: OpDef = { name: "pixel_shuffle", node: "PixelShuffleBackward0", backward: (g: T, { r }) => [pixel_unshuffle(g, r)] };
const PIXEL_UNSHUFFLE: OpDef = { name: "pixel_unshuffle", node: "PixelUnshuffleBackward0", backward: (g: T, { r }) => [pixel_shuffle(g, r)] };
