// torch.nn's PixelShuffle and PixelUnshuffle (torch/nn/modules/pixelshuffle.py).
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { initArgs } from "./_args.js";

export class PixelShuffle extends Module {
  readonly upscale_factor: number;
  /** PixelShuffle(upscale_factor). */
  constructor(upscale_factor: number);
  constructor(...args: unknown[]) {
    super();
    this.upscale_factor = initArgs("PixelShuffle", args, ["upscale_factor"], {}, 1).upscale_factor;
  }
  override forward(input: Tensor): Tensor {
    return F.pixel_shuffle(input, this.upscale_factor);
  }
  override extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}
export class PixelUnshuffle extends Module {
  readonly downscale_factor: number;
  /** PixelUnshuffle(downscale_factor). */
  constructor(downscale_factor: number);
  constructor(...args: unknown[]) {
    super();
    this.downscale_factor = initArgs("PixelUnshuffle", args, ["downscale_factor"], {}, 1).downscale_factor;
  }
  override forward(input: Tensor): Tensor {
    return F.pixel_unshuffle(input, this.downscale_factor);
  }
  override extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}
