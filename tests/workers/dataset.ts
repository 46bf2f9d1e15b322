// A dataset for DataLoader workers (tests/optim_data.test.ts), the twin of the Noisy
// dataset in tests/golden/optim_data.py: its items draw from the worker's generator and
// read get_worker_info() and what worker_init_fn set, so they show each worker's seed
// and which worker loaded them. Workers import it by URL (worker_module).
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";

let offset = 0;

class Noisy {
  readonly length = 10;
  get(i: number): [Tensor, Tensor, number, number] {
    const info = torch.utils.data.get_worker_info();
    return [torch.tensor([i]), torch.rand(2), info === null ? -1 : info.id, offset];
  }
}

export const dataset = new Noisy();

export function worker_init_fn(worker_id: number): void {
  offset = 100 * (worker_id + 1);
}

/** A batch as an object: the items' indices, the noise, and which worker collated it. */
export function collate_fn(items: [Tensor, Tensor, number, number][]): { index: Tensor; noise: Tensor; worker: number } {
  return { index: torch.cat(items.map((it) => it[0])), noise: torch.stack(items.map((it) => it[1])), worker: items[0][2] };
}
