// A dataset whose items take a second, for DataLoader's timeout (tests/optim_data.test.ts).
import * as torch from "../../src/index.js";

export const dataset = {
  length: 2,
  get() {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
    return torch.zeros(1);
  },
};
