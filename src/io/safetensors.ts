// torch.save / torch.load in the safetensors format: an 8-byte little-endian
// header length, a JSON header ({name: {dtype, shape, data_offsets}} and
// optional "__metadata__"), padded with spaces to 8 bytes, then the raw
// little-endian tensor data.
import { bool, float32, float64, int64, type DType } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { Tensor } from "../tensor.js";

const CODES: Record<string, string> = { float32: "F32", float64: "F64", int64: "I64", bool: "BOOL" };
const DTYPES: Record<string, DType> = { F32: float32, F64: float64, I64: int64, BOOL: bool };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Metadata key marking a file that holds one bare tensor (torch.save(tensor, path)). */
const SINGLE = "tensorgrad.single_tensor";

function bytesOf(t: Tensor): Uint8Array {
  const data = t._contiguousData();
  let out: Uint8Array;
  if (t.dtype === int64) out = new Uint8Array(BigInt64Array.from(data as Float64Array, (v) => BigInt(v)).buffer);
  else out = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  if (!LITTLE_ENDIAN && t.dtype.itemsize > 1) throw new RuntimeError("safetensors: big-endian hosts are not supported");
  return out;
}

/** The safetensors bytes of a state dict (or of one tensor). */
export function serialize(obj: Record<string, Tensor> | Tensor, metadata: Record<string, string> = {}): Uint8Array {
  const entries: [string, Tensor][] = obj instanceof Tensor ? [["tensor", obj]] : Object.entries(obj);
  const meta = obj instanceof Tensor ? { ...metadata, [SINGLE]: "tensor" } : metadata;
  const header: Record<string, unknown> = {};
  if (Object.keys(meta).length) header.__metadata__ = meta;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    if (!(t instanceof Tensor)) throw new RuntimeError(`safetensors: value of "${name}" is not a Tensor`);
    const b = bytesOf(t);
    header[name] = { dtype: CODES[t.dtype.name], shape: t.shape, data_offsets: [offset, offset + b.byteLength] };
    blobs.push(b);
    offset += b.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (new TextEncoder().encode(json).byteLength % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.byteLength;
  for (const b of blobs) {
    out.set(b, at);
    at += b.byteLength;
  }
  return out;
}

/** Tensors (copies) from safetensors bytes: a state dict, or the tensor a single-tensor file holds. */
export function deserialize(bytes: Uint8Array): Record<string, Tensor> | Tensor {
  if (bytes.byteLength < 8) throw new RuntimeError("safetensors: file too small");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (8 + n > bytes.byteLength) throw new RuntimeError("safetensors: header length exceeds the file");
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, any>;
  const base = 8 + n;
  const out: Record<string, Tensor> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const dtype = DTYPES[info.dtype];
    if (!dtype) throw new RuntimeError(`safetensors: unsupported dtype ${info.dtype} for "${name}"`);
    const [begin, end] = info.data_offsets as [number, number];
    const raw = bytes.slice(base + begin, base + end);
    const count = (info.shape as number[]).reduce((a, b) => a * b, 1);
    if (raw.byteLength !== count * dtype.itemsize) throw new RuntimeError(`safetensors: "${name}" has ${raw.byteLength} bytes for ${count} elements of ${info.dtype}`);
    let data: Float32Array | Float64Array | Uint8Array;
    if (dtype === float32) data = new Float32Array(raw.buffer, 0, count);
    else if (dtype === float64) data = new Float64Array(raw.buffer, 0, count);
    else if (dtype === int64) data = Float64Array.from(new BigInt64Array(raw.buffer, 0, count), (v) => Number(v));
    else data = raw;
    out[name] = Tensor._make(data, info.shape, dtype);
  }
  if (header.__metadata__?.[SINGLE] !== undefined) return out.tensor;
  return out;
}

/** torch.save(obj, path): a state dict or a tensor, as a .safetensors file (Node). */
export async function save(obj: Record<string, Tensor> | Tensor, path: string, metadata: Record<string, string> = {}): Promise<void> {
  const { writeFile, mkdir } = await import("node:fs/promises");
  const { dirname } = await import("node:path");
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, serialize(obj, metadata));
}

/** torch.load(path): what torch.save wrote, or any safetensors file (Node). */
export async function load(path: string): Promise<Record<string, Tensor> | Tensor> {
  const { readFile } = await import("node:fs/promises");
  return deserialize(new Uint8Array(await readFile(path)));
}
