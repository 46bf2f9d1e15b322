// PyTorch's calling convention in JS: positional parameters in PyTorch's order,
// with keyword arguments (and any parameter by name) in a trailing plain object.
import { TorchTypeError, typeName } from "./errors.js";
import { dtypeFromName, type DType, type DTypeName } from "./dtype.js";
import type { Tensor } from "./tensor.js";
import type { Generator } from "./random.js";

export type Options = Record<string, unknown>;

type Prefixes<P extends readonly unknown[]> = P extends readonly [infer H, ...infer R] ? [] | [H, ...Prefixes<R>] : [];

/**
 * The arguments of a call in PyTorch's convention: the positionals `P`, or any
 * leading part of them followed by an options object naming the rest (and the
 * keyword-only `K`). bindArgs checks the names at run time.
 */
export type Call<P extends readonly unknown[], K extends object = object> = P | [...Prefixes<Required<P>>, Options & K];

/**
 * The TypeScript type of each parameter name that means the same in every op
 * that takes it (the static side of Note [argument kinds]), so that a
 * signature is its names: ArgsOf<["dim", "keepdim"], ["dtype"]>.
 */
export interface ParameterTypes {
  dim: number | number[] | null;
  keepdim: boolean;
  dtype: DType | DTypeName | null;
  p: number | "fro" | "nuc" | null;
  start_dim: number;
  end_dim: number;
  unbiased: boolean;
  correction: number | null;
  descending: boolean;
  stable: boolean;
  // Layers' settings.
  bias: Tensor | null;
  stride: number | number[] | null;
  padding: number | number[] | "same" | "valid";
  dilation: number | number[];
  output_padding: number | number[];
  groups: number;
  training: boolean;
  inplace: boolean;
  running_mean: Tensor | null;
  running_var: Tensor | null;
  use_input_stats: boolean;
  k: number;
  ceil_mode: boolean;
  count_include_pad: boolean;
  divisor_override: number | null;
  return_indices: boolean;
  negative_slope: number;
  min_val: number;
  max_val: number;
  lower: number;
  upper: number;
  tau: number;
  hard: boolean;
  threshold: number;
  value: number;
  _stacklevel: number;
  padding_idx: number | null;
  max_norm: number | null;
  norm_type: number;
  scale_grad_by_freq: boolean;
  sparse: boolean;
  largest: boolean;
  sorted: boolean;
  return_counts: boolean;
  return_inverse: boolean;
  out_int32: boolean;
  right: boolean;
  side: "left" | "right" | null;
  sorter: Tensor | null;
  assume_unique: boolean;
  invert: boolean;
  minlength: number;
  weights: Tensor | null;
  offset: number;
  dim1: number;
  dim2: number;
  n: number;
  prepend: Tensor | null;
  append: Tensor | null;
  generator: Generator | null;
  // The losses' settings.
  weight: Tensor | null;
  pos_weight: Tensor | null;
  size_average: boolean | null;
  reduce: boolean | null;
  reduction: "mean" | "sum" | "none";
  ignore_index: number;
  label_smoothing: number;
  beta: number;
  delta: number;
  margin: number;
  log_input: boolean;
  full: boolean;
  swap: boolean;
  // The optimizers' settings.
  lr: number;
  momentum: number | null;
  dampening: number;
  weight_decay: number;
  nesterov: boolean;
  maximize: boolean;
  foreach: boolean | null;
  differentiable: boolean;
  capturable: boolean;
  fused: boolean | null;
  betas: readonly [number, number];
  eps: number;
  amsgrad: boolean;
  alpha: number;
  centered: boolean;
  lr_decay: number;
  initial_accumulator_value: number;
  rho: number;
  momentum_decay: number;
  etas: readonly [number, number];
  step_sizes: readonly [number, number];
  lambd: number;
  t0: number;
  max_iter: number;
  max_eval: number | null;
  tolerance_grad: number;
  tolerance_change: number;
  history_size: number;
  line_search_fn: "strong_wolfe" | null;
  /** NumPy's spellings of dim and keepdim, which bindArgs accepts. */
  axis: number | number[] | null;
  keepdims: boolean;
}
type TypeOf<N> = N extends keyof ParameterTypes ? ParameterTypes[N] : never;
type OptionalEach<N extends readonly string[]> = { [I in keyof N]?: TypeOf<N[I]> | undefined };
type Each<N extends readonly string[]> = { [I in keyof N]: TypeOf<N[I]> | undefined };
type NumpyAliases<N extends string> = ("dim" extends N ? "axis" : never) | ("keepdim" extends N ? "keepdims" : never);

/**
 * A call by PyTorch's convention, typed by parameter names: the positionals
 * named `N` (any leading part of them), then optionally an object naming any
 * of `N` or the keyword-only `K`, and nothing else, so a misspelled option or
 * a value of the wrong kind fails to compile (bindArgs checks the same at run
 * time, with the same names).
 */
export type ArgsOf<N extends readonly string[], K extends readonly string[] = []> =
  | OptionalEach<N>
  | [...Prefixes<Each<N>>, { [E in N[number] | K[number] | NumpyAliases<N[number]>]?: TypeOf<E> | undefined }];

/** The parameters of `F` after its first (a method forwarding to the function that takes the tensor first). */
export type RestArgs<F extends (...args: never[]) => unknown> = Parameters<F> extends [unknown, ...infer R] ? R : never;
/** The parameters of `F` after its first two. */
export type RestArgs2<F extends (...args: never[]) => unknown> = Parameters<F> extends [unknown, unknown, ...infer R] ? R : never;

export function isOptions(v: unknown): v is Options {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** `f(2, 3)`, `f([2, 3])` and `f(2, 3, { dtype })` all name the shape [2, 3]. */
/** A factory's arguments (`f(2, 3)`, `f([2, 3])`, either followed by its options `O`), as parseShapeArgs reads them. */
export type ShapeArgs<O extends object> = number[] | [shape: readonly number[]] | [...sizes: number[], options: O] | [shape: readonly number[], options: O] | [options: O & { size: readonly number[] }];

export function parseShapeArgs(args: readonly unknown[]): { shape: number[]; options: Options } {
  let options: Options = {};
  let rest = args;
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    options = rest[rest.length - 1] as Options;
    rest = rest.slice(0, -1);
  }
  let shape: number[];
  if (rest.length === 1 && Array.isArray(rest[0])) shape = [...(rest[0] as number[])];
  else shape = rest as number[];
  if (options.size !== undefined) shape = [...(options.size as number[])];
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isInteger(d) || d < 0) throw new TypeError(`invalid shape: [${shape.join(", ")}]`);
  }
  return { shape, options };
}

/**
 * Binds a call's arguments as Python binds them: positional values in `names`
 * order, then a trailing options object that may name any of `names` or
 * `keywordOnly`. Python's TypeErrors for too many positionals, an unexpected
 * keyword (a misspelled option is never ignored) and a value given twice.
 * `fn` is Python's name for the callee, e.g. "SGD.__init__" or "sum"; the
 * first `required` names must be given ("missing 1 required positional argument").
 */
/** What bindArgs returns: each name's value, typed by ParameterTypes where the name is there. */
export type Bound<N extends readonly string[], K extends readonly string[]> = { [E in N[number] | K[number]]?: E extends keyof ParameterTypes ? ParameterTypes[E] : unknown } & Options;

export function bindArgs<const N extends readonly string[], const K extends readonly string[] = []>(fn: string, args: readonly unknown[], names: N, keywordOnly: K = [] as unknown as K, required = 0, leading = 0): Bound<N, K> {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const options = n > 0 && isOptions(args[n - 1]) ? (args[--n] as Options) : null;
  // `leading`: the operands the caller took before these (PyTorch counts them, self aside).
  if (n > names.length) throw new TorchTypeError(`${fn}() takes ${names.length + leading} positional arguments but ${n + leading} ${n + leading === 1 ? "was" : "were"} given`);
  const out: Bound<N, K> = {} as Bound<N, K>;
  for (let i = 0; i < n; i++) if (args[i] !== undefined) (out as Options)[names[i]] = args[i];
  if (options !== null) {
    for (const given of Object.keys(options)) {
      // NumPy's spellings, which PyTorch's argument parser accepts too.
      const key = NUMPY_ALIASES[given] !== undefined && names.includes(NUMPY_ALIASES[given]) ? NUMPY_ALIASES[given] : given;
      if (!names.includes(key) && !keywordOnly.includes(key)) throw new TorchTypeError(`${fn}() got an unexpected keyword argument '${given}'`);
      if (key in out) throw new TorchTypeError(`${fn}() got multiple values for argument '${key}'`);
      if (options[given] !== undefined) (out as Options)[key] = options[given];
    }
  }
  for (let i = 0; i < required; i++) {
    if (out[names[i]] === undefined) throw new TorchTypeError(`${fn}() missing 1 required positional argument: '${names[i]}'`);
  }
  for (const key in out) {
    const kind = PARAMETER_KINDS[key];
    if (kind !== undefined) checkKind(fn, key, names.indexOf(key) < n ? names.indexOf(key) : -1, out[key], kind);
  }
  return out;
}

/**
 * Note [argument kinds]: the kind of a parameter that means the same in every
 * op that has it, so `x.sum(1, "yes")` is PyTorch's TypeError, not a truthy
 * keepdim. Names whose kind varies by op (`start`, `p`, `mode`...) are checked
 * by the op itself with `checkKind`. None (null) passes: PyTorch's defaults for
 * these are None or the op treats null as absent.
 */
export type ArgKind = "int" | "ints" | "dim" | "bool";

const PARAMETER_KINDS: Record<string, ArgKind> = {
  dim: "dim", keepdim: "bool", descending: "bool", stable: "bool", largest: "bool", sorted: "bool", unbiased: "bool",
  start_dim: "int", end_dim: "int", dim0: "int", dim1: "int", dim2: "int", chunks: "int",
  return_inverse: "bool", return_counts: "bool", return_indices: "bool", ceil_mode: "bool", count_include_pad: "bool",
  inplace: "bool", batch_first: "bool", hermitian: "bool", full_matrices: "bool", compute_uv: "bool", left: "bool",
  right: "bool", adjoint: "bool", check_errors: "bool", some: "bool", pivot: "bool", replacement: "bool", out_int32: "bool",
  enforce_sorted: "bool", is_causal: "bool", need_weights: "bool", assume_unique: "bool", invert: "bool", periodic: "bool",
  training: "bool", scale_grad_by_freq: "bool", sparse: "bool", include_last_offset: "bool", log_target: "bool",
  accumulate: "bool", as_tuple: "bool", align_corners: "bool", antialias: "bool", zero_infinity: "bool", add_bias_kv: "bool",
  add_zero_attn: "bool", persistent_workers: "bool", copy: "bool", non_blocking: "bool",
};

// "dim" is an int, or a list of them where the op reduces over several.
const KIND_NAMES: Record<ArgKind, string> = { int: "int", ints: "tuple of ints", dim: "int", bool: "bool" };

function isInt(v: unknown): boolean {
  return (typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint";
}

/**
 * PyTorch's TypeError for an argument of the wrong kind: "sum(): argument
 * 'keepdim' (position 2) must be bool, not str" (`position` is 0-based, -1 when
 * given by name).
 */
export function checkKind(fn: string, name: string, position: number, v: unknown, kind: ArgKind): void {
  if (v === null || v === undefined) return;
  const ok =
    kind === "bool" ? typeof v === "boolean"
    : kind === "int" ? isInt(v)
    : isInt(v) || (Array.isArray(v) && v.every(isInt));
  if (ok) return;
  const where = position >= 0 ? ` (position ${position + 1})` : "";
  throw new TorchTypeError(`${fn}(): argument '${name}'${where} must be ${KIND_NAMES[kind]}, not ${typeName(v)}`);
}

const NUMPY_ALIASES: Record<string, string> = { axis: "dim", keepdims: "keepdim" };

/** Python's TypeError for an option that `fn` does not take: a misspelled option is never ignored. */
export function checkKeywords(fn: string, options: object | null | undefined, allowed: readonly string[]): void {
  if (options) for (const k of Object.keys(options)) if (!allowed.includes(k)) throw new TorchTypeError(`${fn}() got an unexpected keyword argument '${k}'`);
}

/** Python's TypeError for a numeric setting given as something else (a string, undefined...). */
export function expectNumber(fn: string, name: string, v: unknown): number {
  if (typeof v !== "number") throw new TorchTypeError(`${fn}(): argument '${name}' must be a number, not ${typeName(v)}`);
  return v;
}

/** The `dtype` argument of softmax, the norms and their kin: the input is cast first, as PyTorch does. */
export function castTo(input: Tensor, dtype: unknown): Tensor {
  return dtype === undefined || dtype === null ? input : input.to(dtypeFromName(dtype as DType));
}
