// The standing differential test: random programs generated and run by
// PyTorch (tests/golden/programs.py) replayed on the active CPU backend —
// broadcast arithmetic, views and in-place ops on them, indexing, reductions,
// the matmul family, conv/pool, losses and optimizer steps, a fifth of them on
// tensors above the native kernels' size thresholds. tests/webgpu replays them on the GPU.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Json } from "./helpers.js";
import { golden, OTHER_ORDER_TOLERANCE, programsByKind, runProgram } from "./programs.js";
import { setPoisonFreed } from "../src/memory.js";

/** wasm's matrix products are its own (native uses PyTorch's OpenBLAS; ts sums in float64). */
const tolerance = torch.get_backend() === "wasm" ? OTHER_ORDER_TOLERANCE : undefined;

describe(`differential programs against PyTorch (${torch.get_backend()} backend)`, () => {
  it(`has at least 2000 programs, a share of them large`, () => {
    expect(golden.programs.length).toBeGreaterThanOrEqual(2000);
    expect(golden.programs.filter((p: Json) => p.name.endsWith(" big")).length).toBeGreaterThanOrEqual(200);
  });
  // One test per kind of program, so a failure names the program but the report stays short.
  for (const [kind, programs] of programsByKind()) {
    it(`${kind} (${programs.length} programs)`, async () => {
      const failures: string[] = [];
      for (const p of programs) {
        try {
          await runProgram(p, "cpu", tolerance);
        } catch (e) {
          failures.push(`program ${p.name}: ${(e as Error).message.split("\n").slice(0, 4).join(" | ")}`);
        }
      }
      if (failures.length > 0) throw new Error(`${failures.length} of ${programs.length} failed:\n${failures.slice(0, 12).join("\n")}`);
    });
  }
});

// The same programs with every forward, backward and step in a torch.scope and freed storage
// poisoned: a tensor used after its storage was freed shows as NaN or the disposed error.
describe(`differential programs in torch.scope, freed storage poisoned (${torch.get_backend()} backend)`, () => {
  for (const [kind, programs] of programsByKind()) {
    it(`${kind} (${programs.length} programs)`, async () => {
      const failures: string[] = [];
      setPoisonFreed(true);
      try {
        for (const p of programs) {
          try {
            await runProgram(p, "cpu", tolerance, true);
          } catch (e) {
            failures.push(`program ${p.name}: ${(e as Error).message.split("\n").slice(0, 4).join(" | ")}`);
          }
        }
      } finally {
        setPoisonFreed(false);
      }
      if (failures.length > 0) throw new Error(`${failures.length} of ${programs.length} failed:\n${failures.slice(0, 12).join("\n")}`);
    });
  }
});
