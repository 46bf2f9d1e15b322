// PyTorch's torch.return_types: the named tuples that ops returning two tensors give.
import type { Tensor } from "./tensor.js";

/** A PyTorch named tuple of two tensors (torch.return_types): by position ([0], [1], length 2, destructuring) and, in subclasses, by name. */
class TensorPair {
  readonly 0: Tensor;
  readonly 1: Tensor;
  constructor(first: Tensor, second: Tensor) {
    this[0] = first;
    this[1] = second;
  }
  get length(): 2 {
    return 2;
  }
  *[Symbol.iterator](): Iterator<Tensor> {
    yield this[0];
    yield this[1];
  }
}

/** Result of max(dim), min(dim), sort, topk, kthvalue, mode, median(dim), cummax, ...: (values, indices). */
export class ValuesIndices extends TensorPair {
  constructor(readonly values: Tensor, readonly indices: Tensor) {
    super(values, indices);
  }
}

/** Result of aminmax: (min, max). */
export class MinMax extends TensorPair {
  constructor(readonly min: Tensor, readonly max: Tensor) {
    super(min, max);
  }
}
