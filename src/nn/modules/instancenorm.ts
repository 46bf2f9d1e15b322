// torch.nn's instance norms (torch/nn/modules/instancenorm.py).
import { ValueError } from "../../errors.js";
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { BatchNorm } from "./batchnorm.js";

/** InstanceNorm1d/2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False). */
abstract class InstanceNorm extends BatchNorm {
  static override readonly statsByDefault: boolean = false;
  protected abstract spatialDims: number;
  override forward(input: Tensor): Tensor {
    this.checkInput(input);
    const batched = input.dim() === this.spatialDims + 2;
    if (this.affine && input.shape[batched ? 1 : 0] !== this.num_features) {
      throw new ValueError(`expected input's size at dim=${batched ? 1 : 0} to match num_features (${this.num_features}), but got: ${input.shape[batched ? 1 : 0]}.`);
    }
    const x = batched ? input : input.unsqueeze(0);
    const out = F.instance_norm(x, this.running_mean, this.running_var, this.weight, this.bias, this.training || !this.track_running_stats, this.momentum ?? 0.1, this.eps);
    return batched ? out : out.squeeze(0);
  }
}
export class InstanceNorm1d extends InstanceNorm {
  protected spatialDims = 1;
  protected checkInput(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}
export class InstanceNorm2d extends InstanceNorm {
  protected spatialDims = 2;
  protected checkInput(input: Tensor): void {
    if (input.dim() !== 3 && input.dim() !== 4) throw new ValueError(`expected 3D or 4D input (got ${input.dim()}D input)`);
  }
}
