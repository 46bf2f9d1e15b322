import { Tensor } from "../tensor.js";

/** A tensor that is a module's parameter: a leaf that requires grad by default. */
export class Parameter extends Tensor {
  constructor(data: Tensor, requires_grad = true) {
    const d = data.detach();
    super(d._data, d._shape, d._strides, d._offset, d.dtype, d._version, null);
    this._requiresGrad = requires_grad && d.dtype.is_floating_point;
    this._kept = true;
  }
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
