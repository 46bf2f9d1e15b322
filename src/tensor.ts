// The Tensor facade: a strided view of storage plus autograd state. Every
// method is a thin call into an op (src/ops); this file holds no math.
import { bindArgs, castTo, checkKeywords, checkKind, isOptions, type ArgsOf, type Call, type Options, type RestArgs, type RestArgs2, type ShapeArgs } from "./args.js";
import { backend, backendFor, deviceOf, type Storage } from "./backend/index.js";
import type { AccumulateGrad, Node, RemovableHandle, TensorHook } from "./autograd/node.js";
import { bool, dtypeFromName, float32, float64, int32, int64, int64Value, DType, type TypedArray } from "./dtype.js";
import { NotImplementedError, RuntimeError, ValueError } from "./errors.js";
import { contiguousStrides, isContiguous, numelOf, wrapDim } from "./shape.js";
import * as E from "./ops/elementwise.js";
import * as R from "./ops/reduce.js";
import * as S from "./ops/shape.js";
import * as L from "./ops/linalg.js";
import * as NN from "./ops/nn.js";
import * as A from "./autograd/engine.js";
import { formatTensor } from "./format.js";
import { checkMemoryFormat, type MemoryFormat } from "./layout.js";
import * as C from "./ops/creation.js";
import * as O from "./ops/sort.js";
import * as Compose from "./ops/compose.js";
import * as M from "./ops/math.js";
import * as St from "./ops/stats.js";
import * as Sv from "./ops/solve.js";
import * as Dc from "./ops/decomp.js";
import * as SF from "./ops/special_functions.js";
import * as MF from "./ops/matrix_functions.js";
import * as Nu from "./ops/numeric.js";
import * as P from "./ops/put.js";
import * as U from "./ops/unique.js";
import * as Co from "./ops/correlation.js";
import * as Bits from "./ops/bitwise.js";
import { applyInplace, binaryInPlace, refreshViewGradFn } from "./ops/inplace.js";
import { flatShape, intArg, moveArgs, splitArgs, transposeArgs } from "./ops/shape_args.js";
import type { Generator } from "./random.js";
import { Device } from "./device.js";
import { MinMax, ValuesIndices } from "./return_types.js";
import { Size } from "./shape.js";
import { warn } from "./warnings.js";
import { acquire, DISPOSED_MESSAGE, keep, release, track } from "./memory.js";

export { Device, MinMax, Size, ValuesIndices };

export type Scalar = number | boolean;
export type TensorOrScalar = Tensor | number;
export type DimArg = number | readonly number[] | null | undefined;

// The interface of the same name below adds the generated in-place forms (INPLACE_FORMS).
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Tensor {
  /** Storage shared by views; null once disposed (Note [ownership]). */
  private _storage: Storage | null;
  /** Set by the library on parameters, buffers, .grad and optimizer state: no torch.scope disposes them. */
  _kept = false;
  /** Handed to user code: no library scope disposes it (Note [library scopes]). */
  _escaped = false;
  /** How many saved-value sets of live graphs hold this tensor (Note [ownership]). */
  _savedBy = 0;
  /** Disposed while a graph still needed it: the dispose completes when the last such graph lets go. */
  _disposePending = false;
  _offset: number;
  _shape: number[];
  _strides: number[];
  readonly dtype: DType;
  /**
   * Version counter, shared by views; bumped by every in-place write (Note [saved versions]).
   * Created on first need (a write or a view), since most tensors are never written.
   */
  _ver: { v: number } | null;
  /** The tensor this one is a view of, or null. */
  _base: Tensor | null;
  /** Leaf flag: set by requires_grad_(); a non-leaf requires grad through its grad_fn. */
  _requiresGrad = false;
  /** Backing field of grad_fn. */
  _gradFn: Node | null = null;
  /** For a view: the version its grad_fn was made at; a later in-place write rebuilds it (Note [in-place on views]). */
  _gradFnVersion: number;
  _outputNr = 0;
  _grad: Tensor | null = null;
  _retainsGrad = false;
  _accumulator: AccumulateGrad | null = null;
  _hooks: TensorHook[] | null = null;

  /** Legacy `new torch.Tensor(data)` (float32 copy), `new torch.Tensor(2, 3)` (a 2 x 3 float32 tensor, zeros here) and `new torch.Tensor()`. */
  constructor(dataOrSize0?: number | unknown[], size1?: number, size2?: number, size3?: number, size4?: number, size5?: number, size6?: number);
  /** Internal: a view of `data` with this geometry (library code makes tensors through ops and creation functions). */
  constructor(data: Storage, shape: number[], strides: number[], offset: number, dtype: DType, version?: { v: number }, base?: Tensor | null);
  constructor(data?: any, shape?: any, strides?: any, offset?: any, dtype?: any, version?: any, base?: any) {
    // Library code always passes strides; the legacy forms never do (one cheap test on a hot path).
    let legacy: Tensor | null = null;
    if (typeof strides !== "object") {
      // PyTorch's legacy constructor: a float32 tensor from data, or of the given sizes.
      const given = [data, shape, strides, offset, dtype, version, base];
      while (given.length > 0 && given[given.length - 1] === undefined) given.pop();
      legacy = C.legacyTensor(float32, given);
      ({ _data: data, _shape: shape, _strides: strides, _offset: offset } = legacy);
      dtype = float32;
    }
    this._storage = data;
    acquire(data);
    track(this);
    // This wrapper takes over the legacy tensor's storage.
    legacy?.dispose();
    this._shape = shape;
    this._strides = strides;
    this._offset = offset;
    this.dtype = dtype;
    this._ver = version ?? null;
    this._base = base ?? null;
    this._gradFnVersion = version === undefined ? 0 : version.v;
  }
  /** The storage this tensor views; PyTorch-style error once disposed. */
  get _data(): Storage {
    const s = this._storage;
    if (s === null) throw new RuntimeError(DISPOSED_MESSAGE);
    return s;
  }
  set _data(s: Storage) {
    const old = this._storage;
    if (old === s) return;
    acquire(s);
    this._storage = s;
    if (old !== null) release(old);
  }
  /**
   * Frees this tensor's share of its storage now (Note [ownership]): the
   * storage goes back to its device's pool when no other tensor views it. A
   * graph that saved this tensor keeps it until backward releases it. Using
   * the tensor afterwards is an error; disposing twice does nothing.
   */
  dispose(): void {
    if (this._storage === null) return;
    if (this._savedBy > 0) {
      this._disposePending = true;
      return;
    }
    const s = this._storage;
    this._storage = null;
    release(s);
  }
  /** `using t = x.mul(2)`: disposed at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }
  /** Whether dispose() has freed this tensor. */
  get is_disposed(): boolean {
    return this._storage === null;
  }

  /** A new contiguous tensor over freshly computed data. */
  static _make(data: Storage, shape: readonly number[], dtype: DType): Tensor {
    return new Tensor(data, shape as number[], contiguousStrides(shape), 0, dtype);
  }
  /** A new tensor of shape filled with value, on the device (where a gradient or state goes, that of the tensor it belongs to). */
  static _full(shape: readonly number[], value: number, dtype: DType, device: Device | string = "cpu"): Tensor {
    const dev = typeof device === "string" ? device : device.type;
    return Tensor._make(backendFor(dev).full(numelOf(shape), dtype === bool ? +!!value : value, dtype), shape, dtype);
  }
  /** A view of this tensor's storage with other geometry. */
  _view(shape: number[], strides: number[], offset: number): Tensor {
    return new Tensor(this._data, shape, strides, offset, this.dtype, this._version, this._base ?? this);
  }


  // ---- metadata -----------------------------------------------------------
  get shape(): number[] {
    return this._shape;
  }
  /** size(): a torch.Size (an array of the dims with numel() and PyTorch's printing); size(dim): one dim. */
  size(): Size;
  size(dim: number): number;
  size(dim?: number): Size | number {
    return dim === undefined ? new Size(this._shape) : this._shape[wrapDim(dim, this._shape.length)];
  }
  stride(): number[];
  stride(dim: number): number;
  stride(dim?: number): number[] | number {
    return dim === undefined ? this._strides : this._strides[wrapDim(dim, this._shape.length)];
  }
  dim(): number {
    return this._shape.length;
  }
  get ndim(): number {
    return this._shape.length;
  }
  numel(): number {
    return numelOf(this._shape);
  }
  nelement(): number {
    return numelOf(this._shape);
  }
  get device(): Device {
    return Device.of(deviceOf(this._data));
  }
  get is_cuda(): boolean {
    return false;
  }
  /** On the webgpu device (the twin of PyTorch's is_cuda). */
  get is_webgpu(): boolean {
    return deviceOf(this._data) === "webgpu";
  }
  get is_cpu(): boolean {
    return deviceOf(this._data) === "cpu";
  }
  is_contiguous(): boolean {
    return isContiguous(this._shape, this._strides);
  }
  is_floating_point(): boolean {
    return this.dtype.is_floating_point;
  }
  element_size(): number {
    return this.dtype.itemsize;
  }
  /** No complex dtypes here. */
  is_complex(): boolean {
    return false;
  }
  is_signed(): boolean {
    return this.dtype !== bool;
  }
  is_same_size(other: Tensor): boolean {
    return this._shape.length === other._shape.length && this._shape.every((n, i) => n === other._shape[i]);
  }
  /** is_nonzero(): the one value's truth (PyTorch's errors for none or several). */
  is_nonzero(): boolean {
    const n = this.numel();
    if (n === 0) throw new RuntimeError("Boolean value of Tensor with no values is ambiguous");
    if (n > 1) throw new RuntimeError("Boolean value of Tensor with more than one value is ambiguous");
    return Number(this.item()) !== 0;
  }
  storage_offset(): number {
    return this._offset;
  }
  /** The shared counter, created if needed. */
  get _version(): { v: number } {
    return (this._ver ??= { v: 0 });
  }
  /** The current version, without creating a counter. */
  get _versionNumber(): number {
    return this._ver === null ? 0 : this._ver.v;
  }

  // ---- autograd state -----------------------------------------------------
  get grad_fn(): Node | null {
    if (this._base !== null && this._ver!.v !== this._gradFnVersion) refreshViewGradFn(this);
    return this._gradFn;
  }
  set grad_fn(node: Node | null) {
    this._gradFn = node;
    if (this._base !== null) this._gradFnVersion = this._ver!.v;
  }
  get requires_grad(): boolean {
    return this._requiresGrad || this.grad_fn !== null;
  }
  set requires_grad(flag: boolean) {
    if (flag && !this.dtype.is_floating_point) throw new RuntimeError("only Tensors of floating point and complex dtype can require gradients");
    this.requires_grad_(flag);
  }
  requires_grad_(flag = true): this {
    if (this.grad_fn !== null) {
      if (!flag) {
        throw new RuntimeError(
          "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
        );
      }
      return this;
    }
    if (flag && !this.dtype.is_floating_point) {
      throw new RuntimeError("only Tensors of floating point dtype can require gradients");
    }
    this._requiresGrad = flag;
    return this;
  }
  get is_leaf(): boolean { return this.grad_fn === null; }
  get grad(): Tensor | null {
    if (this.grad_fn !== null && !this._retainsGrad) {
      warn(
        "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be populated during autograd.backward(). " +
          "If you indeed want the .grad field to be populated for a non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. " +
          "If you access the non-leaf Tensor by mistake, make sure you access the leaf Tensor instead.",
      );
    }
    if (this._grad !== null) this._grad._escaped = true;
    return this._grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) throw new RuntimeError("assigned grad expected to be a Tensor or None but got grad of another type");
      if (g.dtype !== this.dtype) throw new RuntimeError("assigned grad has data of a different type");
      if (g._shape.join() !== this._shape.join()) throw new RuntimeError("assigned grad has data of a different size");
    }
    const old = this._grad;
    this._grad = keep(g);
    // A .grad no user code has read (the getter marks it escaped) is freed when cleared or replaced (Note [library scopes]).
    if (old !== null && old !== g && !old._escaped) old.dispose();
  }
  get retains_grad(): boolean { return this._retainsGrad; }
  retain_grad(): void {
    if (this.grad_fn === null) {
      if (!this._requiresGrad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
      return;
    }
    if (this._retainsGrad) return;
    this._retainsGrad = true;
    (this.grad_fn.retained ??= new Map()).set(this._outputNr, this);
  }
  register_hook(hook: TensorHook): RemovableHandle {
    if (!this.requires_grad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    if (this.grad_fn !== null) return this.grad_fn.addPreHook(this._outputNr, hook);
    const list = (this._hooks ??= []);
    list.push(hook);
    return { remove: () => { const i = list.indexOf(hook); if (i >= 0) list.splice(i, 1); } };
  }
  backward(gradient?: Tensor | null, options?: { retain_graph?: boolean; create_graph?: boolean; inputs?: Tensor | Tensor[] }): void {
    A.backward([this], gradient === undefined || gradient === null ? undefined : [gradient], options ?? {});
  }
  /** A detached view that shares storage but not the version counter, as PyTorch's .data. */
  get data(): Tensor {
    return new Tensor(this._data, this._shape, this._strides, this._offset, this.dtype);
  }
  set data(t: Tensor) {
    this._data = t._data;
    this._shape = t._shape;
    this._strides = t._strides;
    this._offset = t._offset;
    (this as { dtype: DType }).dtype = t.dtype;
  }
  detach(): Tensor {
    return new Tensor(this._data, this._shape, this._strides, this._offset, this.dtype, this._version, null);
  }
  detach_(): this {
    if (this._base !== null && this._base.requires_grad) throw new RuntimeError("Can't detach views in-place. Use detach() instead.");
    this.grad_fn = null;
    this._requiresGrad = false;
    return this;
  }

  // ---- internal helpers used by ops -----------------------------------------
  /** Overwrites this tensor's elements (through its strides) and bumps the version. */
  _writeFrom(src: Tensor | number): void {
    backend.copyInto(this, typeof src === "number" ? src : src, this.dtype);
    this._version.v++;
  }
  /** A copy of this tensor's values that keeps its place in the graph (for saved pre-op values). */
  _snapshot(): Tensor {
    const t = Tensor._make(backend.copy(this, this._shape, this.dtype), this._shape, this.dtype);
    t.grad_fn = this.grad_fn;
    t._outputNr = this._outputNr;
    t._requiresGrad = this._requiresGrad;
    t._accumulator = this._accumulator;
    return t;
  }
  /** Elements in row-major order as a contiguous array of this dtype (a copy only when needed). */
  _contiguousData(): TypedArray {
    const data = this._host();
    if (this.is_contiguous() && this._offset === 0 && data.length === this.numel()) return data;
    return backend.copy(this, this._shape, this.dtype) as TypedArray;
  }
  /** The host array behind a CPU tensor (library code that fills a fresh CPU tensor, gradcheck's probes). */
  _host(): TypedArray {
    this._assertHost("reading its values");
    return this._data as TypedArray;
  }
  /** Device values cannot be read synchronously: PyTorch's sync reads become `await t.cpu()` (Devices in API.md). */
  _assertHost(what: string): void {
    const d = deviceOf(this._data);
    if (d !== "cpu") throw new RuntimeError(`${what} of a ${d} tensor needs its values on the CPU: use \`await t.cpu()\` first`);
  }

  // ---- conversions ----------------------------------------------------------
  /** The value of a one-element tensor: a number (a bool tensor gives true/false: `mask.item<boolean>()`). */
  item<T extends number | boolean = number>(): T {
    if (this.numel() !== 1) throw new ValueError("only one element tensors can be converted to Python scalars");
    this._assertHost("item()");
    const v = (this._data as TypedArray)[this._offset];
    return (this.dtype === bool ? v !== 0 : v) as T;
  }
  tolist(): unknown {
    const data = this._contiguousData();
    const conv = this.dtype === bool ? (v: number) => v !== 0 : (v: number) => v;
    const shape = this._shape;
    if (shape.length === 0) return conv(data[0]);
    let pos = 0;
    const build = (d: number): unknown[] => {
      const out = new Array(shape[d]);
      for (let i = 0; i < shape[d]; i++) out[i] = d === shape.length - 1 ? conv(data[pos++]) : build(d + 1);
      return out;
    };
    return build(0);
  }
  /** A copy of the elements in row-major order: Float32Array, Float64Array, BigInt64Array (int64) or Uint8Array (bool). */
  toTypedArray(): Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array {
    const data = this._contiguousData().slice();
    if (this.dtype === int64) return BigInt64Array.from(data as Float64Array, int64Value);
    if (this.dtype === int32) return Int32Array.from(data);
    return data;
  }
  numpy(): Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array {
    return this.toTypedArray();
  }
  toString(): string {
    return formatTensor(this);
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
  get [Symbol.toStringTag](): string {
    return "Tensor";
  }

  // ---- dtype conversion -----------------------------------------------------
  /**
   * to(dtype), to(device), to(device, dtype), to(other) (its dtype and device) or
   * to({ device, dtype }). A device tensor comes back to the CPU with `await t.cpu()`.
   */
  to(...args: (DType | string | Device | Tensor | Options | null | undefined)[]): Tensor {
    let dtype: DType | null = null;
    let device: Device | null = null;
    let copy = false;
    for (const a of args) {
      if (a === null || a === undefined) continue;
      if (a instanceof Tensor) {
        dtype = a.dtype;
        device = a.device;
      } else if (a instanceof Device) device = a;
      else if (a instanceof DType) dtype = a;
      else if (typeof a === "string") {
        if (/^(cpu|webgpu|cuda|mps)(:\d+)?$/.test(a)) device = Device.of(a);
        else dtype = dtypeFromName(a);
      } else if (isOptions(a)) {
        checkKeywords("to", a, ["dtype", "device", "non_blocking", "copy", "memory_format"]);
        if (a.dtype !== undefined && a.dtype !== null) dtype = dtypeFromName(a.dtype as DType);
        if (a.device !== undefined && a.device !== null) device = Device.of(a.device as string);
        checkMemoryFormat("to", a.memory_format);
        checkKind("to", "copy", -1, a.copy, "bool");
        checkKind("to", "non_blocking", -1, a.non_blocking, "bool");
        // non_blocking only matters for pinned CUDA copies; every copy here is ordered anyway.
        copy = a.copy === true;
      }
    }
    let out: Tensor = this;
    // The dtype first on the CPU, so float64 data goes to the GPU as float32 when asked.
    if (dtype !== null && out.is_cpu) out = S.to(out, dtype);
    if (device !== null) out = S.toDevice(out, device.type);
    if (dtype !== null) out = S.to(out, dtype);
    return copy && out === this ? S.clone(this) : out;
  }
  type(dtype?: DType | string): Tensor | string {
    if (dtype === undefined) return this.dtype.legacyName;
    return this.to(dtype);
  }
  type_as(other: Tensor): Tensor { return S.to(this, other.dtype); }
  float(): Tensor { return S.to(this, float32); }
  double(): Tensor { return S.to(this, float64); }
  long(): Tensor { return S.to(this, int64); }
  int(): Tensor { return S.to(this, int32); }
  bool(): Tensor { return S.to(this, bool); }
  /** This tensor's values on the CPU (the tensor itself when it is there): `await t.cpu()`, since a GPU answers later. */
  cpu(): Promise<Tensor> { return S.toHost(this); }

  // ---- new tensors like this one (dtype from this tensor unless given) -------------
  new_zeros(...args: ShapeArgs<C.CreateOptions>): Tensor { return C.zeros(...this._newArgs(args)); }
  new_ones(...args: ShapeArgs<C.CreateOptions>): Tensor { return C.ones(...this._newArgs(args)); }
  new_empty(...args: ShapeArgs<C.CreateOptions>): Tensor { return C.empty(...this._newArgs(args)); }
  new_full(size: number[], fill_value: number | boolean, opts?: C.CreateOptions): Tensor { return C.full(size, fill_value, { dtype: this.dtype, device: this.device, ...opts }); }
  new_tensor(data: unknown, opts?: C.CreateOptions): Tensor { return C.tensor(data as never, { dtype: this.dtype, device: this.device, ...opts }); }
  private _newArgs(args: ShapeArgs<C.CreateOptions>): ShapeArgs<C.CreateOptions> {
    const last = args[args.length - 1];
    const like = { dtype: this.dtype, device: this.device };
    return (isOptions(last) ? [...args.slice(0, -1), { ...like, ...last }] : [...args, like]) as ShapeArgs<C.CreateOptions>;
  }

  // ---- arithmetic -----------------------------------------------------------
  add(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.add(this, other, opts); }
  sub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.sub(this, other, opts); }
  subtract(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.sub(this, other, opts); }
  mul(other: TensorOrScalar): Tensor { return E.mul(this, other); }
  multiply(other: TensorOrScalar): Tensor { return E.mul(this, other); }
  div(other: TensorOrScalar, opts?: { rounding_mode?: "trunc" | "floor" | null }): Tensor { return E.div(this, other, opts); }
  divide(other: TensorOrScalar, opts?: { rounding_mode?: "trunc" | "floor" | null }): Tensor { return E.div(this, other, opts); }
  true_divide(other: TensorOrScalar): Tensor { return E.div(this, other); }
  pow(exponent: TensorOrScalar): Tensor { return E.pow(this, exponent); }
  neg(): Tensor { return E.neg(this); }
  negative(): Tensor { return E.neg(this); }
  maximum(other: Tensor): Tensor { return E.maximum(this, other); }
  minimum(other: Tensor): Tensor { return E.minimum(this, other); }
  remainder(other: TensorOrScalar): Tensor { return E.remainder(this, other); }
  fmod(other: TensorOrScalar): Tensor { return E.fmod(this, other); }
  atan2(other: Tensor): Tensor { return E.atan2(this, other); }
  rsub(other: TensorOrScalar, opts?: { alpha?: number }): Tensor { return E.rsub(this, other, opts); }
  lerp(end: Tensor, weight: TensorOrScalar): Tensor { return M.lerp(this, end, weight); }
  addcmul(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor { return M.addcmul(this, t1, t2, opts); }
  addcdiv(t1: Tensor, t2: Tensor, opts?: { value?: number }): Tensor { return M.addcdiv(this, t1, t2, opts); }

  // ---- in-place -------------------------------------------------------------
  add_(other: TensorOrScalar, opts?: { alpha?: number }): this {
    checkKeywords("add_", opts, ["alpha"]);
    if (binaryInPlace(this, "add", other, opts?.alpha ?? 1)) return this;
    applyInplace(this, () => E.add(this, other, opts));
    return this;
  }
  sub_(other: TensorOrScalar, opts?: { alpha?: number }): this {
    checkKeywords("sub_", opts, ["alpha"]);
    if (binaryInPlace(this, "sub", other, opts?.alpha ?? 1)) return this;
    applyInplace(this, () => E.sub(this, other, opts));
    return this;
  }
  mul_(other: TensorOrScalar): this {
    if (binaryInPlace(this, "mul", other)) return this;
    applyInplace(this, () => E.mul(this, other));
    return this;
  }
  div_(other: TensorOrScalar, opts?: { rounding_mode?: "trunc" | "floor" | null }): this {
    checkKeywords("div_", opts, ["rounding_mode"]);
    if (opts === undefined && binaryInPlace(this, "div", other)) return this;
    applyInplace(this, () => E.div(this, other, opts));
    return this;
  }
  pow_(exponent: TensorOrScalar): this { applyInplace(this, () => E.pow(this, exponent)); return this; }
  neg_(): this { applyInplace(this, () => E.neg(this)); return this; }
  abs_(): this { applyInplace(this, () => E.abs(this)); return this; }
  exp_(): this { applyInplace(this, () => E.exp(this)); return this; }
  log_(): this { applyInplace(this, () => E.log(this)); return this; }
  sqrt_(): this { applyInplace(this, () => E.sqrt(this)); return this; }
  sigmoid_(): this { applyInplace(this, () => E.sigmoid(this)); return this; }
  tanh_(): this { applyInplace(this, () => E.tanh(this)); return this; }
  relu_(): this { applyInplace(this, () => E.relu(this)); return this; }
  clamp_(min?: TensorOrScalar | null | Options, max?: TensorOrScalar | null): this {
    applyInplace(this, () => E.clamp(this, min, max));
    return this;
  }
  clamp_min_(min: Tensor | number): this { applyInplace(this, () => M.clamp_min(this, min)); return this; }
  clamp_max_(max: Tensor | number): this { applyInplace(this, () => M.clamp_max(this, max)); return this; }
  addcmul_(t1: Tensor, t2: Tensor, opts?: { value?: number }): this { applyInplace(this, () => this.addcmul(t1, t2, opts)); return this; }
  addcdiv_(t1: Tensor, t2: Tensor, opts?: { value?: number }): this { applyInplace(this, () => this.addcdiv(t1, t2, opts)); return this; }
  lerp_(end: Tensor, weight: TensorOrScalar): this { applyInplace(this, () => this.lerp(end, weight)); return this; }
  masked_fill_(mask: Tensor, value: TensorOrScalar): this { applyInplace(this, () => S.masked_fill(this, mask, value)); return this; }
  zero_(): this {
    applyInplace(this, () => S.fill(this, 0, true));
    return this;
  }
  fill_(value: TensorOrScalar): this {
    applyInplace(this, () => S.fill(this, value));
    return this;
  }
  copy_(src: Tensor): this {
    applyInplace(this, () => S.copy(this, src));
    return this;
  }
  uniform_(from = 0, to = 1, opts?: { generator?: Generator }): this {
    C.fillUniform(this, from, to, opts?.generator);
    return this;
  }
  normal_(mean = 0, std = 1, opts?: { generator?: Generator }): this {
    C.fillNormal(this, mean, std, opts?.generator);
    return this;
  }
  cauchy_(median = 0, sigma = 1, opts?: { generator?: Generator }): this {
    C.fillCauchy(this, median, sigma, opts?.generator);
    return this;
  }
  exponential_(lambd = 1, opts?: { generator?: Generator }): this {
    C.fillExponential(this, lambd, opts?.generator);
    return this;
  }
  /** bernoulli(): samples with this tensor's probabilities; bernoulli(p): with probability p. */
  bernoulli(...args: RestArgs<typeof C.bernoulli>): Tensor { return C.bernoulli(this, ...args); }
  multinomial(...args: unknown[]): Tensor { return C.multinomial(this, ...args); }
  bernoulli_(p: number | Tensor = 0.5, opts?: { generator?: Generator }): this {
    C.fillBernoulli(this, p, opts?.generator);
    return this;
  }

  // ---- elementwise ----------------------------------------------------------
  abs(): Tensor { return E.abs(this); }
  exp(): Tensor { return E.exp(this); }
  log(): Tensor { return E.log(this); }
  log2(): Tensor { return E.log(this).div(Math.LN2); }
  log10(): Tensor { return E.log(this).div(Math.LN10); }
  log1p(): Tensor { return E.log1p(this); }
  expm1(): Tensor { return E.expm1(this); }
  sqrt(): Tensor { return E.sqrt(this); }
  rsqrt(): Tensor { return E.rsqrt(this); }
  square(): Tensor { return E.square(this); }
  reciprocal(): Tensor { return E.reciprocal(this); }
  sin(): Tensor { return E.sin(this); }
  cos(): Tensor { return E.cos(this); }
  tan(): Tensor { return E.tan(this); }
  asin(): Tensor { return E.asin(this); }
  acos(): Tensor { return E.acos(this); }
  atan(): Tensor { return E.atan(this); }
  sinh(): Tensor { return E.sinh(this); }
  cosh(): Tensor { return E.cosh(this); }
  asinh(): Tensor { return E.asinh(this); }
  acosh(): Tensor { return E.acosh(this); }
  atanh(): Tensor { return E.atanh(this); }
  arcsin(): Tensor { return E.asin(this); }
  arccos(): Tensor { return E.acos(this); }
  arctan(): Tensor { return E.atan(this); }
  arcsinh(): Tensor { return E.asinh(this); }
  arccosh(): Tensor { return E.acosh(this); }
  arctanh(): Tensor { return E.atanh(this); }
  tanh(): Tensor { return E.tanh(this); }
  sigmoid(): Tensor { return E.sigmoid(this); }
  erf(): Tensor { return NN.erf(this); }
  softmax(...args: Call<[dim: number, dtype?: DType | null]>): Tensor {
    const o = bindArgs("softmax", args, ["dim", "dtype"], [], 1);
    return NN.softmax(castTo(this, o.dtype), o.dim as number);
  }
  log_softmax(...args: Call<[dim: number, dtype?: DType | null]>): Tensor {
    const o = bindArgs("log_softmax", args, ["dim", "dtype"], [], 1);
    return NN.log_softmax(castTo(this, o.dtype), o.dim as number);
  }
  relu(): Tensor { return E.relu(this); }
  sign(): Tensor { return E.sign(this); }
  floor(): Tensor { return E.floor(this); }
  ceil(): Tensor { return E.ceil(this); }
  /** round(*, decimals=0). */
  round(opts?: { decimals?: number | null }): Tensor { return E.round(this, opts); }
  trunc(): Tensor { return E.trunc(this); }
  clamp(min?: TensorOrScalar | null | Options, max?: TensorOrScalar | null): Tensor { return E.clamp(this, min, max); }
  clip(min?: TensorOrScalar | null | Options, max?: TensorOrScalar | null): Tensor { return E.clamp(this, min, max); }
  clamp_min(min: Tensor | number): Tensor { return M.clamp_min(this, min); }
  clamp_max(max: Tensor | number): Tensor { return M.clamp_max(this, max); }
  where(condition: Tensor, other: TensorOrScalar): Tensor { return E.where(condition, this, other); }

  // ---- comparison -----------------------------------------------------------
  eq(other: TensorOrScalar): Tensor { return E.compare("eq", this, other); }
  ne(other: TensorOrScalar): Tensor { return E.compare("ne", this, other); }
  lt(other: TensorOrScalar): Tensor { return E.compare("lt", this, other); }
  le(other: TensorOrScalar): Tensor { return E.compare("le", this, other); }
  gt(other: TensorOrScalar): Tensor { return E.compare("gt", this, other); }
  ge(other: TensorOrScalar): Tensor { return E.compare("ge", this, other); }
  greater(other: TensorOrScalar): Tensor { return this.gt(other); }
  less(other: TensorOrScalar): Tensor { return this.lt(other); }
  greater_equal(other: TensorOrScalar): Tensor { return this.ge(other); }
  less_equal(other: TensorOrScalar): Tensor { return this.le(other); }
  not_equal(other: TensorOrScalar): Tensor { return this.ne(other); }
  positive(): Tensor {
    if (this.dtype === bool) throw new RuntimeError("The `+` operator, on a bool tensor is not supported.");
    return this;
  }
  equal(other: Tensor): boolean { return this._shape.join() === other._shape.join() && (this.eq(other).all().item() as boolean); }
  isnan(): Tensor { return E.isnan(this); }
  nan_to_num(...args: unknown[]): Tensor { return E.nan_to_num(this, args, 1); }
  nan_to_num_(...args: unknown[]): this {
    applyInplace(this, () => this.nan_to_num(...args));
    return this;
  }
  isfinite(): Tensor { return E.isfinite(this); }
  isinf(): Tensor { return E.isinf(this); }
  logical_not(): Tensor { return E.logical_not(this); }
  logical_and(other: Tensor): Tensor { return E.compare("logical_and", this, other); }
  logical_or(other: Tensor): Tensor { return E.compare("logical_or", this, other); }
  allclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): boolean { return E.allclose(this, other, opts); }
  isclose(other: Tensor, opts?: { rtol?: number; atol?: number; equal_nan?: boolean }): Tensor { return E.isclose(this, other, opts); }

  // ---- reductions -----------------------------------------------------------
  sum(...args: ArgsOf<["dim", "keepdim"], ["dtype"]>): Tensor { return R.sum(this, bindArgs("sum", args, ["dim", "keepdim"], ["dtype"])); }
  mean(...args: ArgsOf<["dim", "keepdim"], ["dtype"]>): Tensor { return R.mean(this, bindArgs("mean", args, ["dim", "keepdim"], ["dtype"])); }
  prod(...args: ArgsOf<["dim", "keepdim"], ["dtype"]>): Tensor { return R.prod(this, bindArgs("prod", args, ["dim", "keepdim"], ["dtype"])); }
  var(...args: [unbiased: boolean] | ArgsOf<["dim", "unbiased", "keepdim"], ["correction"]>): Tensor { return R.variance(this, R.parseVarArgs(args)); }
  std(...args: [unbiased: boolean] | ArgsOf<["dim", "unbiased", "keepdim"], ["correction"]>): Tensor { return R.std(this, R.parseVarArgs(args)); }
  norm(...args: ArgsOf<["p", "dim", "keepdim"], ["dtype"]>): Tensor { return R.norm(this, bindArgs("norm", args, ["p", "dim", "keepdim"], ["dtype"])); }
  logsumexp(...args: ArgsOf<["dim", "keepdim"]>): Tensor { return R.logsumexp(this, bindArgs("logsumexp", args, ["dim", "keepdim"])); }
  all(...args: ArgsOf<["dim", "keepdim"]>): Tensor { return R.logicalReduce("all", this, bindArgs("all", args, ["dim", "keepdim"])); }
  any(...args: ArgsOf<["dim", "keepdim"]>): Tensor { return R.logicalReduce("any", this, bindArgs("any", args, ["dim", "keepdim"])); }
  max(): Tensor;
  max(other: Tensor): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  max(...args: unknown[]): Tensor | ValuesIndices { return R.maxMin("max", this, args); }
  min(): Tensor;
  min(other: Tensor): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(opts: { dim: number; keepdim?: boolean }): ValuesIndices;
  min(...args: unknown[]): Tensor | ValuesIndices { return R.maxMin("min", this, args); }
  amax(...args: ArgsOf<["dim", "keepdim"]>): Tensor { return R.amaxAmin("max", this, bindArgs("amax", args, ["dim", "keepdim"])); }
  amin(...args: ArgsOf<["dim", "keepdim"]>): Tensor { return R.amaxAmin("min", this, bindArgs("amin", args, ["dim", "keepdim"])); }
  argmax(...args: ArgsOf<["dim", "keepdim"]>): Tensor { return R.argReduce("argmax", this, bindArgs("argmax", args, ["dim", "keepdim"])); }
  argmin(...args: ArgsOf<["dim", "keepdim"]>): Tensor { return R.argReduce("argmin", this, bindArgs("argmin", args, ["dim", "keepdim"])); }
  cumsum(...args: ArgsOf<["dim"], ["dtype"]>): Tensor { return R.cumsum(this, bindArgs("cumsum", args, ["dim"], ["dtype"])); }
  cumprod(...args: ArgsOf<["dim"], ["dtype"]>): Tensor {
    const o = bindArgs("cumprod", args, ["dim"], ["dtype"]);
    return St.cumprod(this, o.dim as number, o.dtype === undefined ? undefined : dtypeFromName(o.dtype as DType));
  }
  logcumsumexp(...args: Call<[dim: number]>): Tensor { return St.logcumsumexp(this, bindArgs("logcumsumexp", args, ["dim"], [], 1).dim as number); }
  cummax(...args: Call<[dim: number]>): ValuesIndices { return St.cummax(this, bindArgs("cummax", args, ["dim"], [], 1).dim as number); }
  cummin(...args: Call<[dim: number]>): ValuesIndices { return St.cummin(this, bindArgs("cummin", args, ["dim"], [], 1).dim as number); }
  /** median(): the lower median of all elements; median(dim, keepdim=False): values and indices. */
  median(): Tensor;
  median(dim: number, keepdim?: boolean): ValuesIndices;
  median(...args: ArgsOf<["dim", "keepdim"]>): Tensor | ValuesIndices {
    const o = bindArgs("median", args, ["dim", "keepdim"]);
    return St.median(this, o.dim as number | undefined, (o.keepdim as boolean) ?? false);
  }
  /** nanmedian(): median ignoring NaN; nanmedian(dim, keepdim=False): values and indices. */
  nanmedian(): Tensor;
  nanmedian(dim: number, keepdim?: boolean): ValuesIndices;
  nanmedian(...args: ArgsOf<["dim", "keepdim"]>): Tensor | ValuesIndices {
    const o = bindArgs("nanmedian", args, ["dim", "keepdim"]);
    return St.nanmedian(this, o.dim as number | undefined, (o.keepdim as boolean) ?? false);
  }
  /** kthvalue(k, dim=-1, keepdim=False): the k-th smallest along dim, and where. */
  kthvalue(k: number, ...args: ArgsOf<["dim", "keepdim"]>): ValuesIndices {
    const o = bindArgs("kthvalue", args, ["dim", "keepdim"]);
    return St.kthvalue(this, k, (o.dim as number) ?? -1, (o.keepdim as boolean) ?? false);
  }
  /** mode(dim=-1, keepdim=False): the most frequent value along dim (the smallest of a tie), and its last index. */
  mode(...args: ArgsOf<["dim", "keepdim"]>): ValuesIndices {
    const o = bindArgs("mode", args, ["dim", "keepdim"]);
    return St.mode(this, (o.dim as number) ?? -1, (o.keepdim as boolean) ?? false);
  }
  /** quantile(q, dim=None, keepdim=False, { interpolation }): q a number or a 1-d tensor. */
  quantile(q: number | Tensor, ...args: unknown[]): Tensor { return St.quantile(this, q, args, false); }
  nanquantile(q: number | Tensor, ...args: unknown[]): Tensor { return St.quantile(this, q, args, true); }
  aminmax(...args: Parameters<typeof M.aminmax> extends [Tensor, ...infer R] ? R : never): MinMax { return M.aminmax(this, ...args); }
  sum_to_size(...args: unknown[]): Tensor { return R.sumToSize(this, (Array.isArray(args[0]) ? args[0] : args) as number[]); }

  // ---- linear algebra -------------------------------------------------------
  matmul(other: Tensor): Tensor { return L.matmul(this, other); }
  mm(other: Tensor): Tensor { return L.mm(this, other); }
  bmm(other: Tensor): Tensor { return L.bmm(this, other); }
  mv(vec: Tensor): Tensor { return L.mv(this, vec); }
  dot(other: Tensor): Tensor { return L.dot(this, other); }
  outer(other: Tensor): Tensor { return L.outer(this, other); }
  t(): Tensor { return S.t(this); }
  get T(): Tensor { return S.permute(this, this._shape.map((_, i) => this._shape.length - 1 - i)); }
  get mT(): Tensor { return S.transpose(this, -2, -1); }

  // ---- shape and indexing ---------------------------------------------------
  reshape(...shape: (number | number[])[]): Tensor { return S.reshape(this, flatShape(shape)); }
  view(...shape: (number | number[] | DType)[]): Tensor { return S.view(this, flatShape(shape as (number | number[])[])); }
  view_as(other: Tensor): Tensor { return S.view(this, other._shape); }
  reshape_as(other: Tensor): Tensor { return S.reshape(this, other._shape); }
  flatten(...args: ArgsOf<["start_dim", "end_dim"]>): Tensor { const o = bindArgs("flatten", args, ["start_dim", "end_dim"]); return S.flatten(this, (o.start_dim as number) ?? 0, (o.end_dim as number) ?? -1); }
  unflatten(...args: Call<[dim: number, sizes: number[]]>): Tensor {
    const o = bindArgs("unflatten", args, ["dim", "sizes"], [], 2);
    checkKind("unflatten", "sizes", 1, o.sizes, "ints");
    return S.unflatten(this, o.dim as number, o.sizes as number[]);
  }
  squeeze(...args: Call<[dim?: number | number[]]>): Tensor { return S.squeeze(this, bindArgs("squeeze", args, ["dim"]).dim as number | undefined); }
  unsqueeze(...args: Call<[dim: number]>): Tensor { return S.unsqueeze(this, bindArgs("unsqueeze", args, ["dim"], [], 1).dim as number); }
  transpose(...args: Call<[dim0: number, dim1: number]>): Tensor { return transposeArgs(this, "transpose", args); }
  swapaxes(...args: Call<[axis0: number, axis1: number]>): Tensor {
    const o = bindArgs("swapaxes", args, ["axis0", "axis1"], [], 2);
    checkKind("swapaxes", "axis0", 0, o.axis0, "int");
    checkKind("swapaxes", "axis1", 1, o.axis1, "int");
    return S.transpose(this, o.axis0 as number, o.axis1 as number);
  }
  permute(...dims: (number | number[])[]): Tensor { return S.permute(this, flatShape(dims)); }
  expand(...shape: (number | number[])[]): Tensor { return S.expand(this, flatShape(shape)); }
  expand_as(other: Tensor): Tensor { return S.expand(this, other._shape); }
  broadcast_to(shape: number[]): Tensor { return S.expand(this, shape); }
  repeat(...sizes: (number | number[])[]): Tensor { return S.repeat(this, flatShape(sizes)); }
  contiguous(...args: Call<[], { memory_format?: MemoryFormat }>): Tensor {
    checkMemoryFormat("contiguous", bindArgs("contiguous", args, [], ["memory_format"]).memory_format);
    return S.contiguous(this);
  }
  clone(...args: Call<[], { memory_format?: MemoryFormat }>): Tensor {
    checkMemoryFormat("clone", bindArgs("clone", args, [], ["memory_format"]).memory_format);
    return S.clone(this);
  }
  narrow(...args: Call<[dim: number, start: number, length: number]>): Tensor {
    const o = bindArgs("narrow", args, ["dim", "start", "length"], [], 3);
    checkKind("narrow", "start", 1, o.start, "int");
    checkKind("narrow", "length", 2, o.length, "int");
    return S.narrow(this, o.dim as number, o.start as number, o.length as number);
  }
  select(...args: Call<[dim: number, index: number]>): Tensor {
    const o = bindArgs("select", args, ["dim", "index"], [], 2);
    checkKind("select", "index", 1, o.index, "int");
    return S.select(this, o.dim as number, o.index as number);
  }
  index_select(...args: Call<[dim: number, index: Tensor]>): Tensor {
    const o = bindArgs("index_select", args, ["dim", "index"], [], 2);
    return S.index_select(this, o.dim as number, o.index as Tensor);
  }
  gather(...args: Call<[dim: number, index: Tensor], { sparse_grad?: boolean }>): Tensor {
    const o = bindArgs("gather", args, ["dim", "index"], ["sparse_grad"], 2);
    if (o.sparse_grad === true) throw new NotImplementedError("gather(): sparse_grad=True is not supported: tensorgrad has no sparse tensors");
    return S.gather(this, o.dim as number, o.index as Tensor);
  }
  scatter_add(dim: number, index: Tensor, src: Tensor): Tensor { return S.scatter_add(this, dim, index, src); }
  /** scatter(dim, index, src | value, { reduce: "add" | "multiply" }). */
  scatter(dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: string }): Tensor { return P.scatter(this, dim, index, src, opts); }
  masked_scatter(mask: Tensor, source: Tensor): Tensor { return M.masked_scatter(this, mask, source); }
  masked_scatter_(mask: Tensor, source: Tensor): this { applyInplace(this, () => M.masked_scatter(this, mask, source)); return this; }
  /** scatter_reduce(dim, index, src, reduce, { include_self }): "sum", "prod", "mean", "amax" or "amin". */
  scatter_reduce(dim: number, index: Tensor, src: Tensor, reduce: string, opts?: { include_self?: boolean }): Tensor { return M.scatter_reduce(this, dim, index, src, reduce, opts); }
  scatter_reduce_(dim: number, index: Tensor, src: Tensor, reduce: string, opts?: { include_self?: boolean }): this { applyInplace(this, () => M.scatter_reduce(this, dim, index, src, reduce, opts)); return this; }
  scatter_(dim: number, index: Tensor, src: TensorOrScalar, opts?: { reduce?: string }): this { applyInplace(this, () => P.scatter(this, dim, index, src, opts)); return this; }
  index_fill(dim: number, index: Tensor, value: number): Tensor { return P.index_fill(this, dim, index, value); }
  index_fill_(dim: number, index: Tensor, value: number): this { applyInplace(this, () => P.index_fill(this, dim, index, value)); return this; }
  index_copy(dim: number, index: Tensor, source: Tensor): Tensor { return P.index_copy(this, dim, index, source); }
  index_copy_(dim: number, index: Tensor, source: Tensor): this { applyInplace(this, () => P.index_copy(this, dim, index, source)); return this; }
  index_add(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): Tensor { return P.index_add(this, dim, index, source, opts); }
  index_add_(dim: number, index: Tensor, source: Tensor, opts?: { alpha?: number }): this { applyInplace(this, () => P.index_add(this, dim, index, source, opts)); return this; }
  scatter_add_(dim: number, index: Tensor, src: Tensor): this { applyInplace(this, () => S.scatter_add(this, dim, index, src)); return this; }
  masked_fill(mask: Tensor, value: TensorOrScalar): Tensor { return S.masked_fill(this, mask, value); }
  masked_select(mask: Tensor): Tensor { return S.masked_select(this, mask); }
  chunk(...args: Call<[chunks: number, dim?: number]>): Tensor[] {
    const o = bindArgs("chunk", args, ["chunks", "dim"], [], 1);
    return S.chunk(this, o.chunks as number, (o.dim as number) ?? 0);
  }
  split(...args: Call<[split_size: number | number[], dim?: number]>): Tensor[] { return splitArgs(this, args, "split_size"); }
  unbind(...args: Call<[dim?: number]>): Tensor[] { return S.unbind(this, (bindArgs("unbind", args, ["dim"]).dim as number) ?? 0); }
  flip(...dims: (number | number[])[]): Tensor { return S.flip(this, flatShape(dims)); }
  /** Python's x[...]: numbers select, null is `:`, [start, end?, step?] slices, "..." is Ellipsis, Tensors index. */
  index(...specs: S.IndexSpec[]): Tensor { return S.index(this, specs); }
  /** Python's x[...] = value. */
  /** index_put_(indices, values, accumulate=False): this[indices] = values, or += with accumulate. */
  index_put_(specs: S.IndexSpec[], value: TensorOrScalar, accumulate?: boolean | { accumulate?: boolean }): this { P.index_put_(this, specs, value, [accumulate]); return this; }
  /** index_put(indices, values, accumulate=False): index_put_ into a copy. */
  index_put(indices: Tensor[], values: Tensor, accumulate?: boolean | { accumulate?: boolean }): Tensor { return P.index_put(this, indices, values, [accumulate]); }
  nonzero(opts?: { as_tuple?: false }): Tensor;
  nonzero(opts: { as_tuple: true }): Tensor[];
  nonzero(...args: unknown[]): Tensor | Tensor[] { return Compose.nonzero(this, ...args); }
  sort(...args: ArgsOf<["dim", "descending"], ["stable"]>): ValuesIndices {
    const o = bindArgs("sort", args, ["dim", "descending"], ["stable"]);
    return O.sort(this, (o.dim as number) ?? -1, (o.descending as boolean) ?? false);
  }
  argsort(...args: ArgsOf<["dim", "descending"], ["stable"]>): Tensor {
    const o = bindArgs("argsort", args, ["dim", "descending"], ["stable"]);
    return O.sort(this, (o.dim as number) ?? -1, (o.descending as boolean) ?? false).indices;
  }
  topk(k: number, ...args: ArgsOf<["dim", "largest", "sorted"]>): ValuesIndices {
    const o = bindArgs("topk", args, ["dim", "largest", "sorted"]);
    return O.topk(this, k, (o.dim as number) ?? -1, (o.largest as boolean) ?? true);
  }
  roll(...args: Call<[shifts: number | number[], dims?: number | number[] | null]>): Tensor {
    const o = bindArgs("roll", args, ["shifts", "dims"], [], 1);
    checkKind("roll", "shifts", 0, o.shifts, "ints");
    checkKind("roll", "dims", 1, o.dims, "ints");
    return O.roll(this, o.shifts as number | number[], o.dims as number | number[] | null | undefined);
  }
  diagonal(...args: Call<[offset?: number, dim1?: number, dim2?: number]>): Tensor {
    const o = bindArgs("diagonal", args, ["offset", "dim1", "dim2"]);
    checkKind("diagonal", "offset", 0, o.offset, "int");
    return S.diagonal(this, (o.offset as number) ?? 0, (o.dim1 as number) ?? 0, (o.dim2 as number) ?? 1);
  }
  movedim(...args: Call<[source: number | number[], destination: number | number[]]>): Tensor { return moveArgs(this, "movedim", args); }
  moveaxis(...args: Call<[source: number | number[], destination: number | number[]]>): Tensor { return moveArgs(this, "moveaxis", args); }
  swapdims(...args: Call<[dim0: number, dim1: number]>): Tensor { return transposeArgs(this, "swapdims", args); }
  ravel(): Tensor { return Compose.ravel(this); }
  tile(...dims: (number | number[])[]): Tensor { return Compose.tile(this, flatShape(dims)); }
  repeat_interleave(...args: unknown[]): Tensor { return Compose.repeat_interleave(this, ...args); }
  take_along_dim(indices: Tensor, ...args: ArgsOf<["dim"]>): Tensor { return Compose.take_along_dim(this, indices, ...args); }
  tensor_split(sections: number | number[] | Tensor, ...args: unknown[]): Tensor[] { return Compose.tensor_split(this, sections, ...args); }
  hsplit(sections: number | number[]): Tensor[] { return Compose.hsplit(this, sections); }
  vsplit(sections: number | number[]): Tensor[] { return Compose.vsplit(this, sections); }
  dsplit(sections: number | number[]): Tensor[] { return Compose.dsplit(this, sections); }
  fliplr(): Tensor { return Compose.fliplr(this); }
  rot90(...args: unknown[]): Tensor { return M.rot90(this, ...args); }
  kron(other: Tensor): Tensor { return M.kron(this, other); }
  isin(test: Tensor | number, ...args: RestArgs2<typeof O.isin>): Tensor { return O.isin(this, test, ...args); }
  bincount(...args: RestArgs<typeof O.bincount>): Tensor { return O.bincount(this, ...args); }
  unique(...args: RestArgs<typeof U.unique>): Tensor | Tensor[] { return U.unique(this, ...args); }
  deg2rad(): Tensor { return M.deg2rad(this); }
  rad2deg(): Tensor { return M.rad2deg(this); }
  frac(): Tensor { return M.frac(this); }
  sinc(): Tensor { return M.sinc(this); }
  copysign(other: Tensor | number): Tensor { return M.copysign(this, other); }
  signbit(): Tensor { return M.signbit(this); }
  sgn(): Tensor { return M.sgn(this); }
  float_power(exponent: Tensor | number): Tensor { return M.float_power(this, exponent); }
  ldexp(other: Tensor): Tensor { return M.ldexp(this, other); }
  fmax(other: Tensor): Tensor { return M.fmax(this, other); }
  fmin(other: Tensor): Tensor { return M.fmin(this, other); }
  heaviside(values: Tensor): Tensor { return M.heaviside(this, values); }
  vdot(other: Tensor): Tensor { return M.vdot(this, other); }
  inner(other: Tensor): Tensor { return Compose.inner(this, other); }
  cross(other: Tensor, ...args: unknown[]): Tensor { return M.cross(this, other, ...args); }
  floor_divide(other: TensorOrScalar): Tensor { return M.floor_divide(this, other); }
  argwhere(): Tensor { return M.argwhere(this); }
  histc(...args: unknown[]): Tensor { return Bits.histc(this, ...args); }
  bitwise_and(other: TensorOrScalar): Tensor { return Bits.bitwise_and(this, other); }
  bitwise_or(other: TensorOrScalar): Tensor { return Bits.bitwise_or(this, other); }
  bitwise_xor(other: TensorOrScalar): Tensor { return Bits.bitwise_xor(this, other); }
  bitwise_not(): Tensor { return Bits.bitwise_not(this); }
  bitwise_left_shift(other: TensorOrScalar): Tensor { return Bits.bitwise_left_shift(this, other); }
  bitwise_right_shift(other: TensorOrScalar): Tensor { return Bits.bitwise_right_shift(this, other); }
  bitwise_and_(other: TensorOrScalar): this { applyInplace(this, () => Bits.bitwise_and(this, other)); return this; }
  bitwise_or_(other: TensorOrScalar): this { applyInplace(this, () => Bits.bitwise_or(this, other)); return this; }
  bitwise_xor_(other: TensorOrScalar): this { applyInplace(this, () => Bits.bitwise_xor(this, other)); return this; }
  bitwise_not_(): this { applyInplace(this, () => Bits.bitwise_not(this)); return this; }
  diag_embed(...args: RestArgs<typeof M.diag_embed>): Tensor { return M.diag_embed(this, ...args); }
  diagflat(...args: Call<[offset?: number]>): Tensor { return M.diagflat(this, intArg("diagflat", "offset", args) ?? 0); }
  select_scatter(...args: Call<[src: Tensor, dim: number, index: number]>): Tensor {
    const o = bindArgs("select_scatter", args, ["src", "dim", "index"], [], 3);
    checkKind("select_scatter", "index", 2, o.index, "int");
    return M.select_scatter(this, o.src as Tensor, o.dim as number, o.index as number);
  }
  slice_scatter(src: Tensor, ...args: unknown[]): Tensor { return M.slice_scatter(this, src, ...args); }
  diagonal_scatter(...args: Call<[src: Tensor, offset?: number, dim1?: number, dim2?: number]>): Tensor {
    const o = bindArgs("diagonal_scatter", args, ["src", "offset", "dim1", "dim2"], [], 1);
    checkKind("diagonal_scatter", "offset", 1, o.offset, "int");
    return M.diagonal_scatter(this, o.src as Tensor, (o.offset as number) ?? 0, (o.dim1 as number) ?? 0, (o.dim2 as number) ?? 1);
  }
  inverse(): Tensor { return Sv.inv(this); }
  det(): Tensor { return Sv.det(this); }
  slogdet(): [Tensor, Tensor] & { sign: Tensor; logabsdet: Tensor } { return Sv.slogdet(this); }
  logdet(): Tensor { return Sv.logdet(this); }
  matrix_power(n: number): Tensor { return Sv.matrix_power(this, n); }
  cholesky(upper = false): Tensor { return Sv.cholesky(this, upper); }
  qr(...args: unknown[]): [Tensor, Tensor] & { Q: Tensor; R: Tensor } { return Dc.torchQr(this, ...args); }
  svd(...args: unknown[]): [Tensor, Tensor, Tensor] & { U: Tensor; S: Tensor; V: Tensor } { return Dc.torchSvd(this, ...args); }
  pinverse(rcond = 1e-15): Tensor { return Dc.pinverse(this, rcond); }
  matrix_exp(): Tensor { return MF.matrix_exp(this); }
  cholesky_solve(input2: Tensor, upper = false): Tensor { return MF.cholesky_solve(this, input2, upper); }
  cholesky_inverse(upper = false): Tensor { return MF.cholesky_inverse(this, upper); }
  erfinv(): Tensor { return M.erfinv(this); }
  lgamma(): Tensor { return M.lgamma(this); }
  lgamma_(): this { applyInplace(this, () => M.lgamma(this)); return this; }
  digamma(): Tensor { return M.digamma(this); }
  digamma_(): this { applyInplace(this, () => M.digamma(this)); return this; }
  polygamma(n: number): Tensor { return M.polygamma(n, this); }
  mvlgamma(p: number): Tensor { return M.mvlgamma(this, p); }
  erfinv_(): this { applyInplace(this, () => M.erfinv(this)); return this; }
  /** cov(*, correction=1, fweights=None, aweights=None): the covariance of the variables in this tensor's rows. */
  cov(...args: unknown[]): Tensor { return Co.cov(this, ...args); }
  corrcoef(): Tensor { return Co.corrcoef(this); }
  exp2(): Tensor { return M.exp2(this); }
  logit(...args: unknown[]): Tensor { return M.logit(this, ...args); }
  logaddexp(other: Tensor): Tensor { return M.logaddexp(this, other); }
  xlogy(other: Tensor): Tensor { return M.xlogy(this, other); }
  hypot(other: Tensor): Tensor { return M.hypot(this, other); }
  diag(...args: unknown[]): Tensor { return M.diag(this, ...args); }
  trace(): Tensor { return M.trace(this); }
  nansum(...args: ArgsOf<["dim", "keepdim"], ["dtype"]>): Tensor { return M.nansum(this, ...args); }
  nanmean(...args: ArgsOf<["dim", "keepdim"], ["dtype"]>): Tensor { return M.nanmean(this, ...args); }
  count_nonzero(...args: ArgsOf<["dim"]>): Tensor { return M.count_nonzero(this, ...args); }
  isposinf(): Tensor { return M.isposinf(this); }
  isneginf(): Tensor { return M.isneginf(this); }
  logical_xor(other: Tensor): Tensor { return M.logical_xor(this, other); }
  diff(...args: RestArgs<typeof M.diff>): Tensor { return M.diff(this, ...args); }
  flipud(): Tensor { return Compose.flipud(this); }
  addmm(mat1: Tensor, mat2: Tensor, opts?: L.BetaAlpha): Tensor { return L.addmm(this, mat1, mat2, opts); }
  addmv(mat: Tensor, vec: Tensor, opts?: L.BetaAlpha): Tensor { return L.addmv(this, mat, vec, opts); }
  addr(vec1: Tensor, vec2: Tensor, opts?: L.BetaAlpha): Tensor { return L.addr(this, vec1, vec2, opts); }
  addbmm(batch1: Tensor, batch2: Tensor, opts?: L.BetaAlpha): Tensor { return L.addbmm(this, batch1, batch2, opts); }
  baddbmm(batch1: Tensor, batch2: Tensor, opts?: L.BetaAlpha): Tensor { return L.baddbmm(this, batch1, batch2, opts); }
  tril(...args: Call<[diagonal?: number]>): Tensor { return S.triangle(this, intArg("tril", "diagonal", args) ?? 0, true); }
  triu(...args: Call<[diagonal?: number]>): Tensor { return S.triangle(this, intArg("triu", "diagonal", args) ?? 0, false); }
  arctan2(other: Tensor): Tensor { return E.atan2(this, other); }
  unfold(...args: Call<[dimension: number, size: number, step: number]>): Tensor {
    const o = bindArgs("unfold", args, ["dimension", "size", "step"], [], 3);
    for (const [i, k] of ["dimension", "size", "step"].entries()) checkKind("unfold", k, i, o[k], "int");
    return S.unfold(this, o.dimension as number, o.size as number, o.step as number);
  }
  take(index: Tensor): Tensor { return S.takeFlat(this, index); }
  msort(): Tensor { return this.sort(0).values; }
  erfc(): Tensor { return SF.erfc(this); }
  index_reduce(dim: number, index: Tensor, source: Tensor, reduce: string, opts?: { include_self?: boolean }): Tensor { return M.index_reduce(this, dim, index, source, reduce, opts); }
  gcd(other: Tensor): Tensor { return Nu.gcd(this, other); }
  lcm(other: Tensor): Tensor { return Nu.lcm(this, other); }
  logaddexp2(other: Tensor): Tensor { return Nu.logaddexp2(this, other); }
  frexp(): [Tensor, Tensor] & { mantissa: Tensor; exponent: Tensor } { return Nu.frexp(this); }
  nextafter(other: Tensor): Tensor { return Nu.nextafter(this, other); }
  renorm(...args: Call<[p: number, dim: number, maxnorm: number]>): Tensor {
    const o = bindArgs("renorm", args, ["p", "dim", "maxnorm"], [], 3);
    return Nu.renorm(this, o.p as number, o.dim as number, o.maxnorm as number);
  }
  dist(...args: Call<[other: Tensor, p?: number]>): Tensor {
    const o = bindArgs("dist", args, ["other", "p"], [], 1);
    return Nu.dist(this, o.other as Tensor, (o.p as number) ?? 2);
  }
  histogram(bins: number | Tensor = 100, ...args: unknown[]): [Tensor, Tensor] & { hist: Tensor; bin_edges: Tensor } { return Nu.histogram(this, bins, ...args); }
  unique_consecutive(...args: RestArgs<typeof U.unique_consecutive>): Tensor | Tensor[] { return U.unique_consecutive(this, ...args); }
  i0(): Tensor { return SF.i0(this); }
  fix(): Tensor { return E.trunc(this); }
}

/**
 * The in-place forms that are their op's result written back into self (applyInplace:
 * same shape, a dtype self can hold, the graph rewired), one `name_` per name here.
 */
const INPLACE_FORMS = [
  "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctanh", "asin", "asinh", "atan", "atanh", "atan2", "arctan2",
  "cos", "cosh", "sin", "sinh", "tan", "sinc", "ceil", "floor", "round", "trunc", "fix", "frac", "sign", "sgn", "square", "rsqrt",
  "reciprocal", "negative", "erf", "erfc", "i0", "exp2", "expm1", "log10", "log1p", "log2", "logit", "deg2rad", "rad2deg", "mvlgamma", "polygamma",
  "clip", "copysign", "heaviside", "hypot", "fmod", "remainder", "floor_divide", "true_divide", "divide", "multiply", "subtract", "xlogy",
  "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal",
  "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_left_shift", "bitwise_right_shift",
  "cumsum", "cumprod", "tril", "triu", "addmm", "addmv", "addr", "addbmm", "baddbmm", "gcd", "lcm", "nextafter", "renorm", "index_reduce",
] as const;
type InplaceForms = { [K in (typeof INPLACE_FORMS)[number] as `${K}_`]: (...args: any[]) => Tensor };
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Tensor extends InplaceForms {}
for (const name of INPLACE_FORMS) {
  Object.defineProperty(Tensor.prototype, `${name}_`, {
    value: function (this: Tensor, ...args: unknown[]): Tensor {
      applyInplace(this, () => (this[name] as (...a: unknown[]) => Tensor)(...args));
      return this;
    },
    writable: true,
    configurable: true,
  });
}
