// The character-level language models of examples/charlm against PyTorch: the
// same seed gives PyTorch's loss at every step and PyTorch's sampled names
// (examples/charlm/fixture.json, written by examples/charlm/reference.py).
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import { makeModel, Names, sample, trainStep, type ModelName } from "../examples/charlm/model.js";

const fixture = JSON.parse(readFileSync(new URL("../examples/charlm/fixture.json", import.meta.url), "utf8"));
const data = new Names();

describe("character-level language models against PyTorch", () => {
  for (const name of ["lstm", "transformer"] as ModelName[]) {
    it(`${name}: ${fixture.steps} AdamW steps give PyTorch's losses, then PyTorch's samples`, () => {
      torch.manual_seed(fixture.seed);
      const model = makeModel(name, data);
      const opt = new torch.optim.AdamW(model.parameters(), { lr: fixture.lr, weight_decay: fixture.weight_decay });
      const want: number[] = fixture[name].losses;
      want.forEach((w, step) => {
        const got = trainStep(model, opt, data, fixture.batch_size);
        if (Math.abs(got - w) > 1e-4 * Math.abs(w)) throw new Error(`step ${step}: loss ${got}, PyTorch ${w}`);
      });
      expect(sample(model, data, fixture[name].samples.length)).toEqual(fixture[name].samples);
    });
  }
});
