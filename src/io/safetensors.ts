// torch.save / torch.load in the safetensors format: an 8-byte little-endian
// header length, a JSON header ({name: {dtype, shape, data_offsets}} and
// optional "__metadata__"), padded with spaces to 8 bytes, then the raw
// little-endian tensor data.
import { readFile, writeFile } from "../platform/node.js";
import { checkKeywords, isOptions } from "../args.js";
import { bool, float32, float64, int32, int64, int64Element, int64Value, type DType } from "../dtype.js";
import { RuntimeError, TorchTypeError, typeName } from "../errors.js";
import { Module } from "../nn/module.js";
import { Device, Tensor } from "../tensor.js";
import { className } from "../names.js";

const CODES: Record<string, string> = { float32: "F32", float64: "F64", int64: "I64", int32: "I32", bool: "BOOL" };
const DTYPES: Record<string, DType> = { F32: float32, F64: float64, I64: int64, I32: int32, BOOL: bool };
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** Metadata key marking a file that holds one bare tensor (torch.save(tensor, path)). */
const SINGLE = "tensorgrad.single_tensor";
/** The header key of the file's string-to-string metadata; no tensor may take it. */
const METADATA = "__metadata__";

function bytesOf(t: Tensor): Uint8Array {
  if (!LITTLE_ENDIAN && t.dtype.itemsize > 1) throw new RuntimeError("safetensors: big-endian hosts are not supported");
  const data = t._contiguousData();
  if (t.dtype === int64) return new Uint8Array(BigInt64Array.from(data as Float64Array, int64Value).buffer);
  if (t.dtype === int32) return new Uint8Array(Int32Array.from(data).buffer);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
}

/** The (name, tensor) pairs of what torch.save was given: a tensor, or a plain object of tensors. */
function tensorEntries(obj: unknown): [string, Tensor][] {
  if (obj instanceof Tensor) return [["tensor", obj]];
  if (obj instanceof Module) {
    throw new TorchTypeError(
      `torch.save cannot save a Module (${className(obj)}): safetensors files hold tensors, not pickled objects; save its state_dict() instead: torch.save(model.state_dict(), path)`,
    );
  }
  if (!isOptions(obj)) throw new TorchTypeError(`torch.save takes a Tensor or a state dict (a plain object of tensors), not ${typeName(obj)}`);
  const entries = Object.entries(obj as object);
  for (const [name, t] of entries) {
    if (name === METADATA) throw new RuntimeError(`safetensors: "${METADATA}" names the file's metadata, not a tensor`);
    if (!(t instanceof Tensor)) throw new TorchTypeError(`safetensors: value of "${name}" is not a Tensor (got ${typeName(t)}): a file holds a flat mapping of names to tensors`);
  }
  return entries;
}

/** Metadata is strings to strings, as the format (and the reader) requires; tensorgrad's own key is not the caller's. */
function checkMetadata(metadata: unknown): asserts metadata is Record<string, string> {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) throw new TorchTypeError(`safetensors: metadata must map strings to strings, not ${typeName(metadata)}`);
  for (const [key, v] of Object.entries(metadata)) {
    if (typeof v !== "string") throw new TorchTypeError(`safetensors: metadata must map strings to strings, but "${key}" is ${typeName(v)}`);
    if (key === SINGLE) throw new RuntimeError(`safetensors: the metadata key "${SINGLE}" is reserved`);
  }
}

/** The safetensors bytes of a state dict (or of one tensor). */
export function serialize(obj: Record<string, Tensor> | Tensor, metadata: Record<string, string> = {}): Uint8Array {
  const entries = tensorEntries(obj);
  checkMetadata(metadata);
  const meta = obj instanceof Tensor ? { ...metadata, [SINGLE]: "tensor" } : metadata;
  const header: Record<string, unknown> = {};
  if (Object.keys(meta).length) header[METADATA] = meta;
  const blobs: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
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

/** A header value as an error message shows it: nested ones only by kind, as they may be too deep for JSON.stringify. */
function shown(v: unknown): string {
  const flat = (x: unknown) => x === null || typeof x !== "object";
  if (flat(v) || (Array.isArray(v) && v.length <= 8 && v.every(flat))) return JSON.stringify(v) ?? String(v);
  return Array.isArray(v) ? `an array of ${v.length} (nested or long)` : "an object";
}

/** What PyTorch's own checkpoint formats start with, for a file that is not safetensors. */
function pytorchCheckpoint(bytes: Uint8Array): string | null {
  if (bytes.byteLength > 8 && bytes[8] === 0x7b) return null; // a safetensors header starts with "{"
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return "a PyTorch zip checkpoint (what torch.save writes)";
  if (bytes[0] === 0x80 && bytes[1] >= 2 && bytes[1] <= 5) return "a PyTorch pickle checkpoint (torch.save's legacy format)";
  return null;
}

/**
 * The header's tensor entries, checked as the safetensors format requires
 * (before any tensor is allocated): JSON object header, known dtypes,
 * non-negative integer shapes, offsets that tile the data section exactly in
 * order (no gap, overlap or reach outside it), and byte ranges that match
 * shape x dtype size.
 */
function parseHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Record<string, string> | null; base: number } {
  const checkpoint = pytorchCheckpoint(bytes);
  if (checkpoint !== null) {
    throw new RuntimeError(
      `torch.load: this is ${checkpoint}, which tensorgrad cannot read: it holds pickled Python objects, and tensorgrad reads safetensors. In PyTorch, save the weights as safetensors: safetensors.torch.save_file(model.state_dict(), path)`,
    );
  }
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
    // An engine whose JSON.parse recurses overflows on deep nesting.
    bad(e instanceof RangeError ? "header is nested too deeply to parse" : `header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) bad("header is not a JSON object");
  const base = 8 + n;
  const dataBytes = bytes.byteLength - base;
  let metadata: Record<string, string> | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA) {
      // The reference reader takes a null __metadata__ as none.
      if (info === null) continue;
      if (typeof info !== "object" || Array.isArray(info) || Object.values(info).some((v) => typeof v !== "string")) bad(`${METADATA} must map strings to strings`);
      metadata = info as Record<string, string>;
      continue;
    }
    if (typeof info !== "object" || info === null || Array.isArray(info)) bad(`entry "${name}" is not an object`);
    const { dtype: code, shape, data_offsets: offsets } = info as Record<string, unknown>;
    const dtype = typeof code === "string" && Object.hasOwn(DTYPES, code) ? DTYPES[code] : bad(`unsupported dtype ${shown(code)} for "${name}"`);
    if (!Array.isArray(shape) || !shape.every(isIndex)) bad(`"${name}" has an invalid shape ${shown(shape)}: sizes must be non-negative integers`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isIndex) || offsets[0] > offsets[1]) {
      bad(`"${name}" has invalid data_offsets ${shown(offsets)}`);
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
    else if (dtype === int64) data = int64Data(new BigInt64Array(raw.buffer, 0, count), name);
    else if (dtype === int32) data = Float64Array.from(new Int32Array(raw.buffer, 0, count));
    else data = raw.map((b) => (b === 0 ? 0 : 1)); // any nonzero byte is true, and reads as 1 in arithmetic
    // A defined own property: a tensor named "__proto__" must not replace the object's prototype.
    Object.defineProperty(out, name, { value: Tensor._make(data, shape, dtype), enumerable: true, writable: true, configurable: true });
  }
  if (metadata !== null && Object.hasOwn(metadata, SINGLE)) {
    if (entries.length !== 1 || !Object.hasOwn(out, "tensor")) bad(`a single-tensor file must hold one tensor named "tensor"`);
    return out.tensor;
  }
  return out;
}

/** int64 elements in their double storage: exactly, or an error naming the value (never rounded). */
function int64Data(values: BigInt64Array, name: string): Float64Array {
  try {
    return Float64Array.from(values, int64Element);
  } catch (e) {
    return bad(`"${name}": ${(e as Error).message}`);
  }
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

export interface LoadOptions {
  /** Where the tensors go (a device or its name); they load on the CPU without it. */
  map_location?: string | Device | null;
  /** PyTorch's guard against unpickling code; a safetensors file only ever holds tensors, so either value reads it. */
  weights_only?: boolean;
}

/** torch.load(path | bytes, { map_location }): what torch.save wrote, or any safetensors file, from a file or from its bytes. */
export async function load(source: string | Uint8Array | ArrayBuffer, options: LoadOptions = {}): Promise<Record<string, Tensor> | Tensor> {
  checkKeywords("load", options, ["map_location", "weights_only"]);
  const { map_location: device } = options ?? {};
  if (device !== undefined && device !== null && typeof device !== "string" && !(device instanceof Device)) {
    throw new TorchTypeError(`torch.load: map_location must be a device or its name here, not ${typeName(device)}`);
  }
  if (typeof source !== "string" && !(source instanceof Uint8Array) && !(source instanceof ArrayBuffer)) {
    throw new TorchTypeError(`torch.load takes a path, a Uint8Array or an ArrayBuffer, not ${typeName(source)}`);
  }
  const loaded = deserialize(typeof source === "string" ? await readFile(source) : source instanceof Uint8Array ? source : new Uint8Array(source));
  if (device === undefined || device === null) return loaded;
  if (loaded instanceof Tensor) return loaded.to(device);
  return Object.fromEntries(Object.entries(loaded).map(([name, t]) => [name, t.to(device)]));
}
