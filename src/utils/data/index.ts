// torch.utils.data: datasets, samplers, collation and the DataLoader (in the calling
// thread or in workers).
export { TensorDataset, Subset, ConcatDataset, random_split, type Dataset, type DatasetLike } from "./dataset.js";
export { SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler, type Sampler } from "./sampler.js";
export { default_collate, default_convert } from "./collate.js";
export { DataLoader, type DataLoaderOptions } from "./dataloader.js";
// _worker_loop is what a worker thread runs once it has imported the library (platform's spawnLoaderWorker).
export { get_worker_info, WorkerInfo, _worker_loop } from "./worker.js";
