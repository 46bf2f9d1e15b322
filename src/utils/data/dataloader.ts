// torch.utils.data.DataLoader: batches in PyTorch's order for the same seed, loaded in
// the calling thread or in workers.
import { int64 } from "../../dtype.js";
import { bindArgs, checkKind } from "../../args.js";
import { AssertionError, NotImplementedError, RuntimeError, TorchTypeError, typeName, ValueError } from "../../errors.js";
import { spawnLoaderWorker } from "../../platform/node.js";
import { defaultGenerator, Generator } from "../../random.js";
import { Tensor } from "../../tensor.js";
import { default_collate, default_convert } from "./collate.js";
import { datasetItem, datasetLength, TensorDataset, type DatasetLike } from "./dataset.js";
import { BatchSampler, RandomSampler, SequentialSampler, type Sampler } from "./sampler.js";
import { decode, encode, reraise, type LoaderWorker, type WorkerInit, type WorkerReply, type WorkerSource } from "./worker.js";

export interface DataLoaderOptions<T> {
  batch_size?: number | null;
  shuffle?: boolean;
  sampler?: Sampler | Iterable<number> & { length: number } | null;
  batch_sampler?: Iterable<number[]> & { length: number } | null;
  num_workers?: number;
  collate_fn?: ((items: T[]) => any) | null;
  pin_memory?: boolean;
  drop_last?: boolean;
  timeout?: number;
  worker_init_fn?: ((worker_id: number) => void) | null;
  multiprocessing_context?: string | null;
  generator?: Generator | null;
  prefetch_factor?: number;
  persistent_workers?: boolean;
  pin_memory_device?: string;
  /** tensorgrad's: the ES module (an absolute URL) whose exports `dataset`, `collate_fn` and `worker_init_fn` a worker uses (Note [loader workers]). */
  worker_module?: URL | string | null;
}

/*
 * Note [loader workers]
 * With num_workers > 0, PyTorch pickles the dataset into worker processes. A JS object
 * and its methods cannot cross to another thread, so a worker gets its dataset one of
 * two ways: the library's data-only datasets (a TensorDataset, a Tensor, an array of
 * tensors, numbers, arrays and plain objects, Subset and ConcatDataset of those) are sent
 * as data; any other dataset comes from `worker_module`, an ES module the worker imports,
 * whose export `dataset` is that dataset (and `collate_fn` and `worker_init_fn`, when the
 * DataLoader is given them, those functions: checked by their source). Workers are threads
 * (worker_threads in Node, Web Workers in a browser) that import this library, so the
 * start method is PyTorch's "spawn".
 *
 * The main thread does what PyTorch's _MultiProcessingDataLoaderIter does: it draws the
 * base seed (worker i seeds its generator with base_seed + i), sends task k (an index list
 * from the batch sampler) to worker k % num_workers with prefetch_factor tasks per worker
 * in flight, and yields replies in task order, so batches come in the order of
 * num_workers=0. Node's main thread may wait for a reply (platform/node.ts), so `for ...
 * of` works as in PyTorch; a page's may not, so a browser iterates with `for await`.
 */

/** The workers of one DataLoader and the tasks in flight (in task order). */
class WorkerPool {
  private inFlight: number[] = [];
  private sent = 0;
  private indices: Iterator<number | number[]> = [][Symbol.iterator]();
  constructor(readonly workers: LoaderWorker[], private readonly prefetch: number, private readonly timeout: number) {}

  /** The worker whose reply is next, or null when the epoch is done. */
  pending(): LoaderWorker | null {
    return this.inFlight.length === 0 ? null : this.workers[this.inFlight[0]];
  }
  /** The tasks an abandoned epoch left in flight, to be received and dropped first. */
  get leftover(): number {
    return this.inFlight.length;
  }
  get timeoutMs(): number | null {
    return this.timeout > 0 ? this.timeout * 1000 : null;
  }

  /** A new epoch: task k to worker k % n, prefetch tasks per worker ahead (PyTorch's _reset). */
  start(indices: Iterator<number | number[]>): void {
    this.indices = indices;
    this.sent = 0;
    for (let i = 0; i < this.prefetch * this.workers.length; i++) this.send();
  }
  private send(): void {
    const r = this.indices.next();
    if (r.done) return;
    const w = this.sent % this.workers.length;
    this.workers[w].post({ idx: this.sent++, index: r.value });
    this.inFlight.push(w);
  }
  /** The next task's batch from its reply, the next task sent first (PyTorch's _process_data); a worker's error raised again. */
  accept(reply: WorkerReply | undefined): unknown {
    const w = this.inFlight.shift()!;
    if (reply === undefined) throw new RuntimeError(`DataLoader timed out after ${this.timeout} seconds`);
    this.send();
    if (reply.error) reraise(reply.error, w);
    return decode(reply.data);
  }
  /** Drops a reply of an abandoned epoch. */
  drop(reply: WorkerReply | undefined): void {
    if (reply === undefined) throw new RuntimeError(`DataLoader timed out after ${this.timeout} seconds`);
    this.inFlight.shift();
  }
  terminate(): void {
    for (const w of this.workers) w.terminate();
  }
}

/** Persistent workers end with their loader. */
const pools = new FinalizationRegistry((pool: WorkerPool) => pool.terminate());

const START_METHODS = ["fork", "spawn", "forkserver"];

/**
 * DataLoader(dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
 * num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
 * worker_init_fn=None, multiprocessing_context=None, generator=None, *, prefetch_factor=2,
 * persistent_workers=False, pin_memory_device=''): batches in PyTorch's order for the same
 * seed. dataset is a Dataset, or any sequence (an array, a Tensor's rows). Each pass first
 * draws a base seed from the loader's generator (or the global one), as
 * _BaseDataLoaderIter does; then the sampler draws its own. pin_memory is honoured as
 * PyTorch honours it without CUDA: batches stay where they are.
 */
export class DataLoader<T = Tensor[]> implements Iterable<any>, AsyncIterable<any> {
  readonly batch_size: number | null;
  readonly drop_last: boolean;
  readonly generator: Generator | null;
  readonly sampler: Sampler | Iterable<number> & { length: number };
  readonly batch_sampler: (Iterable<number[]> & { length: number }) | null;
  readonly num_workers: number;
  readonly prefetch_factor: number;
  readonly persistent_workers: boolean;
  readonly pin_memory: boolean;
  readonly timeout: number;
  readonly worker_init_fn: ((worker_id: number) => void) | null;
  readonly multiprocessing_context: string | null;
  /** The collate function (default_collate with batching, default_convert without, when none is given). */
  readonly collate_fn: (items: any) => any;
  readonly worker_module: string | null;
  private readonly customCollate: boolean;
  private pool: WorkerPool | null = null;

  constructor(readonly dataset: DatasetLike<T>, ...args: unknown[]) {
    const o = bindArgs(
      "DataLoader.__init__",
      args,
      ["batch_size", "shuffle", "sampler", "batch_sampler", "num_workers", "collate_fn", "pin_memory", "drop_last", "timeout", "worker_init_fn", "multiprocessing_context", "generator"],
      ["prefetch_factor", "persistent_workers", "pin_memory_device", "worker_module"],
    ) as DataLoaderOptions<T>;
    for (const [k, v] of [["num_workers", o.num_workers], ["prefetch_factor", o.prefetch_factor]] as const) checkKind("DataLoader.__init__", k, -1, v, "int");
    // An int given as a BigInt counts as its number.
    this.num_workers = Number(o.num_workers ?? 0);
    this.prefetch_factor = Number(o.prefetch_factor ?? 2);
    this.timeout = o.timeout ?? 0;
    this.persistent_workers = o.persistent_workers ?? false;
    this.pin_memory = o.pin_memory ?? false;
    this.worker_init_fn = o.worker_init_fn ?? null;
    if (this.num_workers < 0) throw new ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    if (this.timeout < 0) throw new ValueError("timeout option should be non-negative");
    if (this.num_workers === 0 && this.prefetch_factor !== 2) {
      throw new ValueError("prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.");
    }
    if (this.prefetch_factor <= 0) throw new AssertionError(`prefetch_factor option should be positive, but got prefetch_factor=${this.prefetch_factor}`);
    if (this.persistent_workers && this.num_workers === 0) throw new ValueError("persistent_workers option needs num_workers > 0");
    // Pinned memory is CUDA's; a device to pin for has nothing to pin to here.
    if ((o.pin_memory_device ?? "") !== "") throw new NotImplementedError(`tensorgrad: DataLoader(pin_memory_device='${o.pin_memory_device}') is not supported: there is no pinned memory to copy batches into`);

    const shuffle = o.shuffle ?? false;
    let batchSize = o.batch_size === undefined ? 1 : o.batch_size;
    this.drop_last = o.drop_last ?? false;
    this.generator = o.generator ?? null;
    if (o.sampler != null && shuffle) throw new ValueError("sampler option is mutually exclusive with shuffle");
    if (o.batch_sampler != null) {
      if (batchSize !== 1 || shuffle || o.sampler != null || this.drop_last) {
        throw new ValueError("batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last");
      }
      batchSize = null;
    } else if (batchSize === null && this.drop_last) {
      throw new ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    this.batch_size = batchSize;
    this.sampler = o.sampler ?? (shuffle ? new RandomSampler(dataset, { generator: this.generator }) : new SequentialSampler(dataset));
    this.batch_sampler = o.batch_sampler ?? (batchSize !== null ? new BatchSampler(this.sampler, batchSize, this.drop_last) : null);
    this.customCollate = o.collate_fn != null;
    this.collate_fn = o.collate_fn ?? (this.batch_sampler !== null ? default_collate : default_convert);
    this.multiprocessing_context = this.checkContext(o.multiprocessing_context ?? null);
    this.worker_module = this.checkWorkerSource(o.worker_module ?? null);
  }

  /** PyTorch's multiprocessing_context checks; workers are threads that re-create the dataset, PyTorch's "spawn". */
  private checkContext(context: unknown): string | null {
    if (context === null) return null;
    if (this.num_workers === 0) throw new ValueError(`multiprocessing_context can only be used with multi-process loading (num_workers > 0), but got num_workers=${this.num_workers}`);
    if (typeof context !== "string") throw new TorchTypeError(`multiprocessing_context option should be a valid context object or a string specifying the start method, but got multiprocessing_context=${String(context)}`);
    if (!START_METHODS.includes(context)) {
      throw new ValueError(`multiprocessing_context option should specify a valid start method in ['fork', 'spawn', 'forkserver'], but got multiprocessing_context='${context}'`);
    }
    if (context !== "spawn") {
      throw new NotImplementedError(`tensorgrad: DataLoader(multiprocessing_context='${context}') is not supported: a worker is a thread that imports the library and re-creates the dataset ('spawn'); a thread cannot start from a copy of the main thread's memory`);
    }
    return context;
  }

  /** Where workers get the dataset from (Note [loader workers]): the module's URL, or null when it is sent as data. */
  private checkWorkerSource(module: URL | string | null): string | null {
    if (module !== null) {
      if (this.num_workers === 0) throw new ValueError("tensorgrad: worker_module is where DataLoader workers import the dataset from; it needs num_workers > 0");
      try {
        return new URL(String(module)).href;
      } catch {
        throw new ValueError(`tensorgrad: worker_module must be an absolute URL (new URL("./data.js", import.meta.url)), not '${String(module)}'`);
      }
    }
    if (this.num_workers === 0) return null;
    for (const [name, given] of [["collate_fn", this.customCollate], ["worker_init_fn", this.worker_init_fn !== null]] as const) {
      if (given) throw new NotImplementedError(`tensorgrad: DataLoader(num_workers > 0) with a ${name} needs worker_module, a module that exports it as '${name}' (with its dataset as 'dataset'): a function cannot be sent to a worker thread`);
    }
    try {
      encode(this.dataset, null);
    } catch {
      throw new NotImplementedError(
        `tensorgrad: DataLoader(num_workers > 0) over a ${typeName(this.dataset)} needs worker_module, a module that exports the dataset as 'dataset': only a TensorDataset, a Tensor, an array of tensors and numbers, and Subset or ConcatDataset of those can be sent to a worker thread`,
      );
    }
    return null;
  }

  /** The number of batches per pass (of samples, without batching). */
  get length(): number {
    return (this.batch_sampler ?? this.sampler).length;
  }

  private get indexSampler(): Iterable<number | number[]> {
    return this.batch_sampler ?? this.sampler;
  }

  /** One batch (one item without batching) in the calling thread. */
  private fetch(index: number | number[]): unknown {
    if (this.batch_sampler === null) return this.collate_fn(datasetItem(this.dataset, index as number));
    if (!this.customCollate && this.dataset instanceof TensorDataset) {
      // One gather per tensor instead of stacking single rows.
      const rows = Tensor._make(Float64Array.from(index as number[]), [(index as number[]).length], int64);
      return this.dataset.tensors.map((t) => t.index_select(0, rows));
    }
    return this.collate_fn((index as number[]).map((i) => datasetItem(this.dataset, i)));
  }

  private *inThisThread(): IterableIterator<unknown> {
    // PyTorch's single-process iterator asserts the same.
    if (this.timeout !== 0) throw new AssertionError("timeout option needs num_workers > 0: without workers nothing is waited for");
    const indices = this.indexSampler[Symbol.iterator]();
    (this.generator ?? defaultGenerator).random63(); // _BaseDataLoaderIter's base seed
    for (let r = indices.next(); !r.done; r = indices.next()) yield this.fetch(r.value);
  }

  /** The epoch's workers: the persistent ones, or new ones seeded from a new base seed. */
  private workers(): WorkerPool {
    if (this.pool !== null) return this.pool;
    const base_seed = (this.generator ?? defaultGenerator).random63();
    const source: WorkerSource =
      this.worker_module !== null
        ? { module: this.worker_module, collate_fn: this.customCollate ? String(this.collate_fn) : null, worker_init_fn: this.worker_init_fn && String(this.worker_init_fn) }
        : { dataset: encode(this.dataset, []) };
    const length = this.worker_module === null ? null : datasetLength(this.dataset);
    const init = (worker_id: number): WorkerInit => ({ worker_id, num_workers: this.num_workers, base_seed, source, length, auto_collation: this.batch_sampler !== null });
    const pool = new WorkerPool(Array.from({ length: this.num_workers }, (_, id) => spawnLoaderWorker(init(id))), this.prefetch_factor, this.timeout);
    if (this.persistent_workers) {
      this.pool = pool;
      pools.register(this, pool);
    }
    return pool;
  }

  /** Batches loaded by the workers, waiting for each reply in this thread (Node). */
  private *inWorkers(): IterableIterator<unknown> {
    const pool = this.workers();
    const receive = (w: LoaderWorker) => {
      if (w.nextSync === null) {
        throw new NotImplementedError("tensorgrad: a page's main thread cannot wait for DataLoader workers: iterate with `for await (const batch of loader)`");
      }
      return w.nextSync(pool.timeoutMs);
    };
    try {
      while (pool.leftover > 0) pool.drop(receive(pool.pending()!));
      pool.start(this.indexSampler[Symbol.iterator]());
      for (let w = pool.pending(); w !== null; w = pool.pending()) yield pool.accept(receive(w));
    } finally {
      if (!this.persistent_workers) pool.terminate();
    }
  }

  *[Symbol.iterator](): Iterator<any> {
    yield* this.num_workers === 0 ? this.inThisThread() : this.inWorkers();
  }

  /** `for await (const batch of loader)`: the same batches; with workers, the thread is free while they load. */
  async *[Symbol.asyncIterator](): AsyncIterator<any> {
    if (this.num_workers === 0) {
      yield* this.inThisThread();
      return;
    }
    const pool = this.workers();
    try {
      while (pool.leftover > 0) pool.drop(await pool.pending()!.next(pool.timeoutMs));
      pool.start(this.indexSampler[Symbol.iterator]());
      for (let w = pool.pending(); w !== null; w = pool.pending()) yield pool.accept(await w.next(pool.timeoutMs));
    } finally {
      if (!this.persistent_workers) pool.terminate();
    }
  }
}
