// torch.save / torch.load in the safetensors format: an 8-byte little-endian
// header length, a JSON header ({name: {dtype, shape, data_offsets}} and
// optional "__metadata__"), padded with spaces to 8 bytes, then the raw
// little-endian tensor data.
import { readFile, writeFile } from "../platform/node.js";
import { bool, float32, float64, int32, int64, type DType } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { Tensor } from "../tensor.js";

const CODES: Record<string, string> = { float32: "F32", float64: "F64", int64: "I64", int32: "I32", bool: "BOOL" };
const DTYPES: Record<string, DType> = { F32: float32, F64: float64, I64: int64, I32: int32, BOOL: bool };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Metadata key marking a file that holds one bare tensor (torch.save(tensor, path)). */
const SINGLE = "tensorgrad.single_tensor";

function bytesOf(t: Tensor): Uint8Array {
  const data = t._contiguousData();
  let out: Uint8Array;
  if (t.dtype === int64) out = new Uint8Array(BigInt64Array.from(data as Float64Array, (v) => BigInt(v)).buffer);
  else if (t.dtype === int32) out = new Uint8Array(Int32Array.from(data).buffer);
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

/** The safetensors crate's limit on the JSON header. */
const MAX_HEADER = 100_000_000;

interface Entry {
  name: string;
  dtype: DType;
  shape: number[];
  begin: number;
  end: number;
}

function bad(message: string): never {
  throw new RuntimeError(`safetensors: ${message}`);
}

function isIndex(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/**
 * The header's tensor entries, checked as the safetensors format requires
 * (before any tensor is allocated): JSON object header, known dtypes,
 * non-negative integer shapes, offsets that tile the data section exactly in
 * order (no gap, overlap or reach outside it), and byte ranges that match
 * shape x dtype size.
 */
function parseHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string> | null; base: number } {
  if (bytes.byteLength < 8) bad("file too small: no header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n64 = view.getBigUint64(0, true);
  if (n64 > BigInt(MAX_HEADER)) bad(`header of ${n64} bytes is larger than the format allows (${MAX_HEADER})`);
  const n = Number(n64);
  if (8 + n > bytes.byteLength) bad(`header length ${n} exceeds the file (${bytes.byteLength} bytes)`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    bad(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) bad("header is not a JSON object");
  const base = 8 + n;
  const dataBytes = bytes.byteLength - base;
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (typeof info !== "object" || info === null || Array.isArray(info) || Object.values(info).some((v) => typeof v !== "string")) {
        bad("__metadata__ must map strings to strings");
      }
      metadata = info as Record<string, string>;
      continue;
    }
    if (typeof info !== "object" || info === null || Array.isArray(info)) bad(`entry "${name}" is not an object`);
    const { dtype: code, shape, data_offsets: offsets } = info as Record<string, unknown>;
    const dtype = typeof code === "string" && Object.hasOwn(DTYPES, code) ? DTYPES[code] : bad(`unsupported dtype ${JSON.stringify(code)} for "${name}"`);
    if (!Array.isArray(shape) || !shape.every(isIndex)) bad(`"${name}" has an invalid shape ${JSON.stringify(shape)}: sizes must be non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
      bad(`"${name}" has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    const [begin, end] = offsets as [number, number];
    if (end - begin !== count * dtype.itemsize) bad(`"${name}" covers ${end - begin} bytes, but shape [${(shape as number[]).join(", ")}] of ${code} needs ${count * dtype.itemsize}`);
    entries.push({ name, dtype, shape: shape as number[], begin, end });
  }
  // The byte ranges must tile [0, dataBytes) in order.
  const sorted = [...entries].sort((x, y) => x.begin - y.begin || x.end - y.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin !== at) bad(`"${e.name}" starts at byte ${e.begin} of the data, expected ${at} (offsets must not overlap or leave gaps)`);
    at = e.end;
  }
  if (at !== dataBytes) bad(`the tensors cover ${at} bytes, but the data section has ${dataBytes}`);
  return { entries, metadata, base };
}

/** Tensors (copies) from safetensors bytes: a state dict, or the tensor a single-tensor file holds. */
export function deserialize(bytes: Uint8Array): Record<string, Tensor> | Tensor {
  const { entries, metadata, base } = parseHeader(bytes);
  const out: Record<string, Tensor> = {};
  for (const { name, dtype, shape, begin, end } of entries) {
    const raw = bytes.slice(base + begin, base + end);
    const count = raw.byteLength / dtype.itemsize;
    let data: Float32Array | Float64Array | Uint8Array;
    if (dtype === float32) data = new Float32Array(raw.buffer, 0, count);
    else if (dtype === float64) data = new Float64Array(raw.buffer, 0, count);
    else if (dtype === int64) data = Float64Array.from(new BigInt64Array(raw.buffer, 0, count), (v) => Number(v));
    else if (dtype === int32) data = Float64Array.from(new Int32Array(raw.buffer, 0, count));
    else data = raw;
    // A defined own property: a tensor named "__proto__" must not replace the object's prototype.
    Object.defineProperty(out, name, { value: Tensor._make(data, shape, dtype), enumerable: true, writable: true, configurable: true });
  }
  if (metadata !== null && Object.hasOwn(metadata, SINGLE)) {
    if (!Object.hasOwn(out, "tensor")) bad("a single-tensor file without its tensor");
    return out.tensor;
  }
  return out;
}

/**
 * torch.save(obj, path): a state dict or a tensor, as a .safetensors file.
 * Without a path (the way in a browser) it returns the file's bytes.
 */
export async function save(obj: Record<string, Tensor> | Tensor, path: string, metadata?: Record<string, string>): Promise<void>;
export async function save(obj: Record<string, Tensor> | Tensor): Promise<Uint8Array>;
export async function save(obj: Record<string, Tensor> | Tensor, path?: string, metadata: Record<string, string> = {}): Promise<void | Uint8Array> {
  const bytes = serialize(obj, metadata);
  if (path === undefined) return bytes;
  await writeFile(path, bytes);
}

/** torch.load(path | bytes): what torch.save wrote, or any safetensors file, from a file or from its bytes. */
export async function load(source: string | Uint8Array | ArrayBuffer): Promise<Record<string, Tensor> | Tensor> {
  if (typeof source === "string") return deserialize(await readFile(source));
  return deserialize(source instanceof Uint8Array ? source : new Uint8Array(source));
}
