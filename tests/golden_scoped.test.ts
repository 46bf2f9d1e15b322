// The golden op cases again, each forward and each backward in a torch.scope
// with freed host storage poisoned (Note [ownership]): a tensor whose storage
// was freed while still in use shows as NaN, a wrong value, or the disposed error.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import { setPoisonFreed } from "../src/memory.js";
import { asOutputs, expectTensor, loadGolden, makeInputs, runChain, upstream, type Json } from "./helpers.js";

const golden = loadGolden();

describe(`golden cases in torch.scope, freed storage poisoned (${torch.get_backend()} backend)`, () => {
  it("gives PyTorch's values and gradients", () => {
    const failures: string[] = [];
    let ran = 0;
    setPoisonFreed(true);
    try {
      for (const c of golden.cases as Json[]) {
        if (c.error) continue;
        ran++;
        try {
          const inputs = makeInputs(c);
          const outs = torch.scope(() => asOutputs(runChain(c.chain, inputs)));
          outs.forEach((o, k) => expectTensor(o, c.outputs[k]));
          if (!c.grads) continue;
          torch.scope(() => {
            const diff = outs.filter((o) => o.requires_grad);
            let loss = diff[0].mul(upstream(diff[0])).sum();
            for (const o of diff.slice(1)) loss = loss.add(o.mul(upstream(o)).sum());
            loss.backward();
          });
          inputs.forEach((t, i) => {
            if (c.grads[i] !== null) expectTensor(t.grad!, c.grads[i]);
          });
        } catch (e) {
          failures.push(`${c.name}: ${(e as Error).message.split("\n")[0]}`);
        }
      }
    } finally {
      setPoisonFreed(false);
    }
    expect(ran).toBeGreaterThan(1000);
    if (failures.length > 0) throw new Error(`${failures.length} of ${ran} failed:\n${failures.slice(0, 20).join("\n")}`);
  });
});
