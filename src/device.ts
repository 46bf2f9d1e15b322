import { RuntimeError, TorchTypeError, typeName } from "./errors.js";

/** torch.device: "cpu" or "webgpu" (Devices in ../shared/API.md). */
export class Device {
  constructor(readonly type: "cpu" | "webgpu" = "cpu") {}
  /** PyTorch's device index: none here (one GPU per page or process). */
  get index(): null {
    return null;
  }
  toString(): string {
    return this.type;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `device(type='${this.type}')`;
  }
  /** torch.device(d): one Device object per type, so devices compare with ===. */
  static of(d: Device | string): Device {
    if (d instanceof Device) return d;
    if (typeof d !== "string") throw new TorchTypeError(`device() received an invalid combination of arguments - got (${typeName(d)})`);
    const type = d.split(":")[0];
    if (type === "cpu") return cpu;
    if (type === "webgpu") return webgpu;
    throw new RuntimeError(`Expected one of cpu, webgpu device type at start of device string: ${d}`);
  }
}
const cpu = new Device("cpu");
const webgpu = new Device("webgpu");
