// torch.distributions.kl_divergence over PyTorch 1.13's table against PyTorch (tests/golden/kl.py):
// values, gradients, dispatch through subclasses and TransformedDistribution, and errors.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import { loadGolden, type Json } from "./helpers.js";
import { build, expectKl } from "./distribution_helpers.js";

const golden = loadGolden("kl.json");
const D = torch.distributions;

describe("kl_divergence against PyTorch's table", () => {
  for (const k of golden.kl as Json[]) {
    it(`KL(${k.p} || ${k.q}): value and gradients`, () => expectKl(k, (name) => golden.cases[name]));
  }
  for (const [name, e] of Object.entries(golden.errors as Record<string, Json>)) {
    it(`${name}: PyTorch's ${e.type}`, () => {
      const p = build(golden.cases[e.p]).d, q = build(golden.cases[e.q]).d;
      let caught: Error | null = null;
      try {
        D.kl_divergence(p, q);
      } catch (err) {
        caught = err as Error;
      }
      expect(caught && { type: caught.name, message: caught.message }).toEqual({ type: e.type, message: e.message });
    });
  }
  it("dispatch takes the most specific registered pair, the first type deciding first", () => {
    class Narrow extends D.Normal {}
    class Wide extends D.Gumbel {}
    const calls: string[] = [];
    D.register_kl(Narrow, D.Distribution)(() => (calls.push("Narrow, Distribution"), torch.tensor(1)));
    D.register_kl(D.Distribution, Wide)(() => (calls.push("Distribution, Wide"), torch.tensor(2)));
    const warn = console.warn;
    const warnings: string[] = [];
    console.warn = (m: string) => warnings.push(m);
    try {
      // (Narrow, Distribution) and (Distribution, Wide) and (Normal, Gumbel) all match: the left order picks Narrow's.
      D.kl_divergence(new Narrow(0, 1), new Wide(0, 1));
    } finally {
      console.warn = warn;
    }
    expect(calls).toEqual(["Narrow, Distribution"]);
    expect(warnings).toEqual(["RuntimeWarning: Ambiguous kl_divergence(Narrow, Wide). Please register_kl(Narrow, Wide)"]);
    // An exact pair registered again replaces the function.
    D.register_kl(Narrow, D.Distribution)(() => torch.tensor(3));
    expect(D.kl_divergence(new Narrow(0, 1), new D.Laplace(0, 1)).item()).toBe(3);
  });
});
