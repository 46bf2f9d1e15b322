// A DataLoader worker's side (Note [loader workers] in ./dataloader.ts): PyTorch's
// _worker_loop (seeding, get_worker_info, worker_init_fn, fetching and collating each
// task in order), and the encoding in which datasets and batches cross threads.
import { isOptions } from "../../args.js";
import { set_num_threads } from "../../backend/index.js";
import { dtypeFromName, type DTypeName } from "../../dtype.js";
import { AssertionError, IndexError, KeyError, LinAlgError, NotImplementedError, RuntimeError, TorchTypeError, ValueError, ZeroDivisionError } from "../../errors.js";
import { manual_seed } from "../../random.js";
import { Tensor } from "../../tensor.js";
import { default_collate, default_convert } from "./collate.js";
import { ConcatDataset, datasetItem, datasetLength, Subset, TensorDataset, type DatasetLike } from "./dataset.js";
import { className } from "../../names.js";

/** A worker as the main thread sees it (made by the platform's spawnLoaderWorker). */
export interface LoaderWorker {
  post(message: WorkerTask): void;
  /** The next reply, waiting at most timeoutMs (null: forever); undefined on timeout. Null where a thread cannot wait (a page's main thread). */
  readonly nextSync: ((timeoutMs: number | null) => WorkerReply | undefined) | null;
  next(timeoutMs: number | null): Promise<WorkerReply | undefined>;
  terminate(): void;
}

/** The worker's end: replies to the main thread, tasks from it. */
export interface WorkerChannel {
  post(message: WorkerReply, transfer: ArrayBuffer[]): void;
  onMessage(handler: (task: WorkerTask) => void): void;
}

/** Where a worker's dataset comes from: sent over (encoded), or made by importing a module. */
export type WorkerSource = { dataset: unknown } | { module: string; collate_fn: string | null; worker_init_fn: string | null };

export interface WorkerInit {
  worker_id: number;
  num_workers: number;
  base_seed: bigint;
  source: WorkerSource;
  /** The main thread's len(dataset), to check a module's dataset against (null: no length). */
  length: number | null;
  auto_collation: boolean;
}

export interface WorkerTask {
  idx: number;
  index: number | number[];
}

export interface WorkerReply {
  idx: number;
  data?: unknown;
  error?: { name: string; message: string; stack: string };
}

// ---- encoding: tensors as their data, the library's datasets by their parts --------------

const TAG = "__tensorgrad__";

/**
 * A value that structured clone carries: tensors as dtype, shape and a copy of their data
 * (its buffer transferred), TensorDataset, Subset and ConcatDataset by their parts, arrays
 * and plain objects element by element; anything else is an error naming its type.
 * With transfer null, only checks that the value can be encoded (no data copied).
 */
export function encode(value: unknown, transfer: ArrayBuffer[] | null): unknown {
  if (value instanceof Tensor) {
    if (value.requires_grad && !value.is_leaf) {
      throw new RuntimeError("Cowardly refusing to serialize non-leaf tensor which requires_grad, since autograd does not support crossing process boundaries.  If you just want to transfer the data, call detach() on the tensor before serializing (e.g., putting it on the queue).");
    }
    if (transfer === null) return null;
    const data = value._contiguousData().slice();
    transfer.push(data.buffer as ArrayBuffer);
    return { [TAG]: "Tensor", dtype: value.dtype.name, shape: value.shape, data, requires_grad: value.requires_grad };
  }
  if (value instanceof TensorDataset) return { [TAG]: "TensorDataset", tensors: value.tensors.map((t) => encode(t, transfer)) };
  if (value instanceof Subset) return { [TAG]: "Subset", dataset: encode(value.dataset, transfer), indices: value.indices };
  if (value instanceof ConcatDataset) return { [TAG]: "ConcatDataset", datasets: value.datasets.map((d) => encode(d, transfer)) };
  if (Array.isArray(value)) return value.map((v) => encode(v, transfer));
  if (isOptions(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v, transfer)]));
  if (value === null || ["number", "string", "boolean", "bigint", "undefined"].includes(typeof value) || ArrayBuffer.isView(value)) return value;
  const type = typeof value === "object" ? className(value as object) : typeof value;
  throw new TorchTypeError(`a DataLoader worker's values are tensors, numbers, strings, booleans, typed arrays, arrays, plain objects and the library's datasets, not ${type}`);
}

export function decode(value: unknown): any {
  if (Array.isArray(value)) return value.map(decode);
  if (!isOptions(value)) return value;
  switch (value[TAG]) {
    case "Tensor": {
      const v = value as { dtype: DTypeName; shape: number[]; data: Float32Array; requires_grad: boolean };
      const t = Tensor._make(v.data, v.shape, dtypeFromName(v.dtype));
      return v.requires_grad ? t.requires_grad_(true) : t;
    }
    case "TensorDataset":
      return new TensorDataset(...(decode(value.tensors) as Tensor[]));
    case "Subset":
      return new Subset(decode(value.dataset), value.indices as number[]);
    case "ConcatDataset":
      return new ConcatDataset(decode(value.datasets) as DatasetLike<unknown>[]);
    default:
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v)]));
  }
}

// ---- errors: a worker's exception, raised again in the main thread --------------------------

export function errorReply(idx: number, e: unknown): WorkerReply {
  const err = e instanceof Error ? e : new Error(String(e));
  return { idx, error: { name: err.name, message: err.message, stack: err.stack ?? `${err.name}: ${err.message}` } };
}

/** KeyError's constructor takes the key (its message the key's repr); the worker's message is kept as it is, as PyTorch's KeyErrorMessage keeps it. */
class KeyErrorMessage extends KeyError {
  constructor(message: string) {
    super("");
    this.message = message;
  }
}

const errorClasses: Record<string, new (message: string) => Error> = {
  RuntimeError, _LinAlgError: LinAlgError, ValueError, TypeError: TorchTypeError, IndexError, KeyError: KeyErrorMessage,
  AssertionError, ZeroDivisionError, NotImplementedError,
};

/** PyTorch's ExceptionWrapper.reraise: the worker's error class, "Caught <Name> in DataLoader worker process <id>." and the original trace. */
export function reraise(error: NonNullable<WorkerReply["error"]>, workerId: number): never {
  const message = `Caught ${error.name} in DataLoader worker process ${workerId}.\nOriginal ${error.stack}`;
  const Class = errorClasses[error.name];
  const e = Class ? new Class(message) : new Error(message);
  if (!Class) e.name = error.name;
  throw e;
}

// ---- the worker loop ------------------------------------------------------------------------

/** torch.utils.data.get_worker_info()'s answer in a worker: its id, the number of workers, its seed and its copy of the dataset. */
export class WorkerInfo {
  constructor(readonly id: number, readonly num_workers: number, readonly seed: bigint, readonly dataset: unknown) {
    Object.freeze(this);
  }
  toString(): string {
    return `WorkerInfo(id=${this.id}, num_workers=${this.num_workers}, seed=${this.seed}, dataset=${String(this.dataset)})`;
  }
}

let workerInfo: WorkerInfo | null = null;

/** In a DataLoader worker, its WorkerInfo; in the main thread, null. */
export function get_worker_info(): WorkerInfo | null {
  return workerInfo;
}

type Fetch = (index: number | number[]) => unknown;

/** The module's function under a PyTorch option's name, checked against the main thread's by its source. */
function moduleFunction(module: Record<string, unknown>, url: string, name: string, source: string | null): ((...a: any[]) => unknown) | null {
  if (source === null) return null;
  const fn = module[name];
  if (typeof fn !== "function") throw new ValueError(`DataLoader: worker_module ${url} exports no function '${name}' (a worker takes the ${name} given to DataLoader from the module)`);
  if (String(fn) !== source) throw new ValueError(`DataLoader: the ${name} given to DataLoader is not worker_module's export '${name}' (${url})`);
  return fn as (...a: any[]) => unknown;
}

/** The dataset, collate function and init function, as the worker makes them. */
async function load(init: WorkerInit): Promise<{ dataset: DatasetLike<unknown>; collate: (items: any) => unknown; initFn: ((id: number) => unknown) | null }> {
  const defaultCollate = init.auto_collation ? default_collate : default_convert;
  if ("dataset" in init.source) return { dataset: decode(init.source.dataset), collate: defaultCollate, initFn: null };
  const { module: url } = init.source;
  const module = (await import(url)) as Record<string, unknown>;
  const dataset = (await module.dataset) as DatasetLike<unknown> | undefined;
  if (dataset === undefined) throw new ValueError(`DataLoader: worker_module ${url} exports no 'dataset'`);
  if (init.length !== null && datasetLength(dataset) !== init.length) {
    throw new ValueError(`DataLoader: worker_module ${url}'s dataset has ${datasetLength(dataset)} items, the DataLoader's ${init.length}`);
  }
  const collate = moduleFunction(module, url, "collate_fn", init.source.collate_fn) ?? defaultCollate;
  return { dataset, collate, initFn: moduleFunction(module, url, "worker_init_fn", init.source.worker_init_fn) };
}

/**
 * A worker's life (PyTorch's _worker_loop): one thread of kernels, the generator seeded
 * with base_seed + worker_id, get_worker_info() set, worker_init_fn(worker_id) called;
 * then each task fetched and collated in the order it came. An error in setting up is the
 * first task's reply, as PyTorch's init_exception; later errors are their task's.
 */
export async function _worker_loop(channel: WorkerChannel, init: WorkerInit): Promise<void> {
  set_num_threads(1);
  const seed = init.base_seed + BigInt(init.worker_id);
  manual_seed(seed);
  let setupError: unknown = null;
  let fetch: Fetch = () => undefined;
  try {
    const { dataset, collate, initFn } = await load(init);
    workerInfo = new WorkerInfo(init.worker_id, init.num_workers, seed, dataset);
    initFn?.(init.worker_id);
    fetch = init.auto_collation ? (idx) => collate((idx as number[]).map((i) => datasetItem(dataset, i))) : (i) => collate(datasetItem(dataset, i as number));
  } catch (e) {
    setupError = e;
  }
  channel.onMessage((task) => {
    try {
      if (setupError !== null) throw setupError;
      const transfer: ArrayBuffer[] = [];
      const data = encode(fetch(task.index), transfer);
      channel.post({ idx: task.idx, data }, transfer);
    } catch (e) {
      channel.post(errorReply(task.idx, e), []);
    }
  });
}
