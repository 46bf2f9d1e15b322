// A dataset whose items 7 and 9 raise, for the DataLoader worker error path (tests/optim_data.test.ts):
// a ValueError, and a KeyError (whose message is the key's repr).
import * as torch from "../../src/index.js";

export const dataset = {
  length: 10,
  get(i: number) {
    if (i === 7) throw new torch.ValueError(`item ${i} is broken`);
    if (i === 9) throw new torch.KeyError("label");
    return torch.tensor([i]);
  },
};
