// The convolution modules' options that live above F.conv*: padding_mode (the input
// padded by F.pad, then a convolution without padding) and ConvTranspose's output_size
// (turned into output_padding), as torch/nn/modules/conv.py computes them.
import { ValueError } from "../errors.js";
import type { Tensor } from "../tensor.js";

/** _ConvNd's check of padding_mode (the set in PyTorch's source order). */
export function checkPaddingMode(mode: string): void {
  if (!["zeros", "reflect", "replicate", "circular"].includes(mode)) {
    throw new ValueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`);
  }
}

/**
 * _ConvNd's _reversed_padding_repeated_twice: F.pad's (left, right) pairs, last dim first;
 * for padding='same' the total dilation * (k - 1) split with the extra element on the right.
 */
export function reversedPadding(padding: readonly number[] | "same" | "valid", kernel: readonly number[], dilation: readonly number[]): number[] {
  const out: number[] = [];
  for (let d = kernel.length - 1; d >= 0; d--) {
    if (padding === "valid") out.push(0, 0);
    else if (padding === "same") {
      const total = dilation[d] * (kernel[d] - 1);
      out.push(Math.floor(total / 2), total - Math.floor(total / 2));
    } else out.push(padding[d], padding[d]);
  }
  return out;
}

/**
 * _ConvTransposeNd._output_padding: the module's output_padding, or with output_size the
 * padding that reaches it (the last `spatial` entries of a batched or unbatched size), which
 * must lie between the smallest output and stride - 1 more.
 */
export function outputPadding(input: Tensor, outputSize: readonly number[] | null, outputPaddingSetting: readonly number[], stride: readonly number[], padding: readonly number[], kernel: readonly number[], dilation: readonly number[]): number[] {
  if (outputSize === null) return [...outputPaddingSetting];
  const spatial = kernel.length;
  const nonSpatial = input.dim() === spatial + 2 ? 2 : 1;
  const size = outputSize.length === nonSpatial + spatial ? outputSize.slice(nonSpatial) : outputSize;
  if (size.length !== spatial) {
    throw new ValueError(`ConvTranspose${spatial}D: for ${input.dim()}D input, output_size must have ${spatial} or ${nonSpatial + spatial} elements (got ${outputSize.length})`);
  }
  const minSizes = kernel.map((k, d) => (input.shape[d + nonSpatial] - 1) * stride[d] - 2 * padding[d] + dilation[d] * (k - 1) + 1);
  const maxSizes = minSizes.map((m, d) => m + stride[d] - 1);
  if (size.some((s, d) => s < minSizes[d] || s > maxSizes[d])) {
    // PyTorch prints input.size()[2:] whether or not the input has a batch dim.
    throw new ValueError(`requested an output size of [${size.join(", ")}], but valid sizes range from [${minSizes.join(", ")}] to [${maxSizes.join(", ")}] (for an input of torch.Size([${input.shape.slice(2).join(", ")}]))`);
  }
  return size.map((s, d) => s - minSizes[d]);
}
