// torch.nn's padding modules (torch/nn/modules/padding.py).
import type { Tensor } from "../../tensor.js";
import * as F from "../functional.js";
import { Module } from "../module.js";
import { pyFloat } from "../../format.js";
import { initArgs } from "./_args.js";

/** Padding layers over F.pad: the last two dims, (left, right, top, bottom) or one number for all four. */
function padLayer(name: string, mode: string, withValue: boolean) {
  return class extends Module {
    readonly padding: [number, number, number, number];
    readonly value: number;
    constructor(...args: unknown[]) {
      super();
      const o = initArgs(name, args, withValue ? ["padding", "value"] : ["padding"], {}, withValue ? 2 : 1);
      const p = o.padding as number | number[];
      this.padding = typeof p === "number" ? [p, p, p, p] : (p as [number, number, number, number]);
      this.value = withValue ? o.value : 0;
    }
    override forward(input: Tensor): Tensor {
      return mode === "constant" ? F.pad(input, this.padding, "constant", this.value) : F.pad(input, this.padding, mode);
    }
    override extra_repr(): string {
      const p = `(${this.padding.join(", ")})`;
      return withValue ? `padding=${p}, value=${pyFloat(this.value)}` : p;
    }
  };
}
const namedPadLayer = (name: string, mode: string, withValue: boolean): new (...args: unknown[]) => Module => {
  const cls = padLayer(name, mode, withValue);
  Object.defineProperty(cls, "name", { value: name });
  return cls;
};
export const ZeroPad2d = namedPadLayer("ZeroPad2d", "constant", false);
export const ConstantPad2d = namedPadLayer("ConstantPad2d", "constant", true);
export const ReflectionPad2d = namedPadLayer("ReflectionPad2d", "reflect", false);
export const ReplicationPad2d = namedPadLayer("ReplicationPad2d", "replicate", false);
