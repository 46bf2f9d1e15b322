// Data sets (torchvision.datasets in PyTorch).
export { MNIST, parseIdx, type MNISTData, type MNISTOptions } from "./mnist.js";
