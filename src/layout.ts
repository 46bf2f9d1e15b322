// Layouts and memory formats. tensorgrad's tensors are strided and row-major
// (PyTorch's contiguous_format), so those are honoured and the rest are
// refused by name: an option PyTorch has is never accepted and ignored.
import { NotImplementedError, TorchTypeError, typeName } from "./errors.js";

export class Layout {
  constructor(readonly name: string) {}
  toString(): string {
    return `torch.${this.name}`;
  }
}

export class MemoryFormat {
  constructor(readonly name: string) {}
  toString(): string {
    return `torch.${this.name}`;
  }
}

export const strided = new Layout("strided");
export const sparse_coo = new Layout("sparse_coo");
export const sparse_csr = new Layout("sparse_csr");
export const contiguous_format = new MemoryFormat("contiguous_format");
export const preserve_format = new MemoryFormat("preserve_format");
export const channels_last = new MemoryFormat("channels_last");
export const channels_last_3d = new MemoryFormat("channels_last_3d");

/** `layout=`: only torch.strided exists here. */
export function checkLayout(fn: string, layout: unknown): void {
  if (layout === undefined || layout === null || layout === strided) return;
  if (!(layout instanceof Layout)) throw new TorchTypeError(`${fn}(): argument 'layout' must be torch.layout, not ${typeName(layout)}`);
  throw new NotImplementedError(`${fn}(): layout=${layout} is not supported: tensorgrad's tensors are strided`);
}

/** `memory_format=`: contiguous_format and preserve_format give row-major tensors, which is all there is. */
export function checkMemoryFormat(fn: string, format: unknown): void {
  if (format === undefined || format === null || format === contiguous_format || format === preserve_format) return;
  if (!(format instanceof MemoryFormat)) throw new TorchTypeError(`${fn}(): argument 'memory_format' must be torch.memory_format, not ${typeName(format)}`);
  throw new NotImplementedError(`${fn}(): memory_format=${format} is not supported: tensorgrad's tensors are row-major (torch.contiguous_format)`);
}

/** `pin_memory=True` pins host memory for a CUDA device, which does not exist here. */
export function checkPinMemory(fn: string, pin: unknown): void {
  if (pin === undefined || pin === null || pin === false) return;
  if (pin !== true) throw new TorchTypeError(`${fn}(): argument 'pin_memory' must be bool, not ${typeName(pin)}`);
  throw new NotImplementedError(`${fn}(): pin_memory=True is not supported: pinned memory is for CUDA, which tensorgrad does not have`);
}
