// A dataset whose item 7 raises, for the DataLoader worker error path (tests/optim_data.test.ts).
import * as torch from "../../src/index.js";

export const dataset = {
  length: 10,
  get(i: number) {
    if (i === 7) throw new torch.ValueError(`item ${i} is broken`);
    return torch.tensor([i]);
  },
};
