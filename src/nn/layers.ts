// The layers of torch.nn, with PyTorch's default initialisation and printing:
// one file a subject under ./modules, as PyTorch's torch/nn/modules/*.py.
export { factory, type FactoryOptions } from "./modules/_args.js";
export * from "./modules/linear.js";
export * from "./modules/conv.js";
export * from "./modules/pooling.js";
export * from "./modules/flatten.js";
export * from "./modules/sparse.js";
export * from "./modules/normalization.js";
export { BatchNorm1d, BatchNorm2d } from "./modules/batchnorm.js";
export * from "./modules/instancenorm.js";
export * from "./modules/dropout.js";
export * from "./modules/activation.js";
export * from "./modules/container.js";
export * from "./modules/loss.js";
export * from "./modules/distance.js";
export * from "./modules/pixelshuffle.js";
export * from "./modules/upsampling.js";
export * from "./modules/padding.js";
export * from "./modules/fold.js";
