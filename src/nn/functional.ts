// torch.nn.functional. Activations and softmax are op-table primitives
// (ops/nn.ts); layers and losses are composites of tensor ops, so their
// gradients (and gradients of gradients) come from the op table.
//
// This file only gathers the pieces, by the sections of PyTorch's
// torch/nn/functional.py: each subject has its own file (./functional/*.ts,
// and the older ./activations.ts, ./pooling.ts, ./embedding.ts, ...).

// tensor.js first: it and ops/registry.ts import each other, and a graph entered at
// registry.ts (as ./functional/conv.js would) fails, so this file works as an entry point too.
import "../tensor.js";

// Convolution functions.
export * from "./functional/conv.js";

// Pooling functions.
export {
  max_pool1d, max_pool2d, max_pool2d_with_indices, avg_pool1d, avg_pool2d, adaptive_max_pool1d, adaptive_max_pool2d,
  lp_pool1d, lp_pool2d, max_unpool1d, max_unpool2d, type MaxPool2dOptions,
} from "./pooling.js";
export { adaptive_avg_pool1d, adaptive_avg_pool2d, interpolate } from "./interpolate.js";

// Non-linear activation functions.
export {
  softmax, log_softmax, gelu, relu, relu_, relu6, sigmoid, tanh, erf, leaky_relu, leaky_relu_, silu, softplus, hardtanh, hardtanh_,
  gumbel_softmax, rrelu, rrelu_,
  elu, selu, celu, hardswish, hardsigmoid, logsigmoid, softsign, mish, tanhshrink, hardshrink, softshrink, threshold, glu, softmin,
  prelu, elu_, selu_, celu_, threshold_,
} from "./activations.js";

// Normalization functions.
export * from "./functional/normalization.js";

// Linear functions.
export * from "./functional/linear.js";

// Dropout functions.
export * from "./functional/dropout.js";

// Sparse functions.
export { embedding, embedding_bag } from "./embedding.js";
export { one_hot } from "../ops/sort.js";

// Distance functions.
export { normalize, cosine_similarity, pairwise_distance } from "./activations.js";
export { pdist } from "../ops/numeric.js";

// Loss functions.
export * from "./functional/loss.js";
export { ctc_loss } from "./ctc_loss.js";

// Vision functions.
export * from "./functional/vision.js";
export { grid_sample, affine_grid } from "./grid_sample.js";

// Attention.
export * from "./functional/attention.js";
