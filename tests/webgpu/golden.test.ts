// The op-level golden suite (tests/golden/ops.json) on the webgpu device: each
// case's inputs go to the GPU, the chain runs there, and outputs and gradients
// come back with `await t.cpu()` to be compared with PyTorch's at the CPU's
// tolerances (the transcendentals compute as the CPU's do:
// src/backend/webgpu/math.ts). What a GPU cannot run is counted, by reason,
// and nothing else may fail: float64 (as on PyTorch's MPS), a value-dependent
// shape or a read of values (the error says to `await t.cpu()`), printing (the
// same error).
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../../src/index.js";
import type { Tensor } from "../../src/index.js";
import { asOutputs, expectTensor, fromJson, loadGolden, runChain, upstream, type Json } from "../helpers.js";

let skip: string | false = false;
try {
  await torch.webgpu.init();
} catch (e) {
  skip = `no WebGPU adapter here: ${(e as Error).message}`;
  console.log(`# skipping the webgpu golden tests: ${skip}`);
}

const GPU = "webgpu";
const golden = loadGolden();

/** Why a case cannot run on a GPU, or null when it must. */
function unsupported(c: Json): string | null {
  const text = JSON.stringify(c);
  if (text.includes("float64")) return "float64";
  const wide = (spec: Json) => spec.dtype === "int64" && (spec.values ?? []).some((v: number) => Math.abs(v) >= 2 ** 31);
  if (c.inputs.some(wide)) return "int64 beyond 32 bits";
  return null;
}

const cpuCopy = async (t: Tensor) => (t.is_webgpu ? t.detach().cpu() : t.detach());

describe("ops against PyTorch on webgpu", { skip }, () => {
  it("every op case of ops.json runs there with PyTorch's values, outputs and gradients", async () => {
    const failures: string[] = [];
    const skipped: Record<string, number> = {};
    const readers: string[] = [];
    let ran = 0;
    for (const c of golden.cases as Json[]) {
      if (c.error) continue;
      const why = unsupported(c);
      if (why !== null) {
        skipped[why] = (skipped[why] ?? 0) + 1;
        continue;
      }
      try {
        const inputs = c.inputs.map((spec: Json) => {
          const t = fromJson(spec).to(GPU);
          if (spec.rg !== false && t.dtype.is_floating_point) t.requires_grad_(true);
          return t;
        });
        const outs = asOutputs(runChain(c.chain, inputs));
        expect(outs.length).toBe(c.outputs.length);
        for (const [k, o] of outs.entries()) {
          const want = c.outputs[k];
          expectTensor(await cpuCopy(o), want);
          expect(o.grad_fn === null ? null : o.grad_fn.name()).toBe(want.grad_fn);
          expect(o.requires_grad).toBe(want.requires_grad);
        }
        if (c.grads) {
          const diff = outs.filter((o) => o.requires_grad);
          let loss = diff[0].mul(upstream(diff[0]).to(GPU)).sum();
          for (const o of diff.slice(1)) loss = loss.add(o.mul(upstream(o).to(GPU)).sum());
          loss.backward();
          for (const [i, t] of (inputs as Tensor[]).entries()) {
            const g = c.grads[i];
            if (g === null) expect(t.grad).toBeNull();
            else expectTensor(await cpuCopy(t.grad!), g);
          }
        }
        ran++;
      } catch (e) {
        const err = e as Error;
        // Reading values on a GPU (a value-dependent shape, item(), printing) must say to await: counted, not a failure.
        if (/use `await t.cpu\(\)`/.test(err.message)) {
          skipped["reads values"] = (skipped["reads values"] ?? 0) + 1;
          readers.push(c.name);
        }
        else failures.push(`${c.name}: ${err.message.split("\n")[0]}`);
      }
    }
    console.log(`# webgpu golden: ${ran} cases ran; not run: ${JSON.stringify(skipped)}; reading values: ${readers.join(", ")}`);
    if (failures.length > 0) throw new Error(`${failures.length} op cases failed on webgpu:\n${failures.slice(0, 30).join("\n")}`);
    expect(ran).toBeGreaterThanOrEqual(377);
    // The cases that read values, by name, so that one more is a failure: boolean-mask indexing,
    // one_hot without num_classes, bincount, unique and repeat_interleave with a tensor of
    // repeats have a shape that depends on the values (PyTorch on CUDA synchronizes for them
    // too); searchsorted, bucketize and isin search on the host here (src/ops/sort.ts); gaussian_nll_loss
    // checks that no variance is negative, as PyTorch does (torch.any(var < 0), a read on CUDA too);
    // so does quantile for a tensor of q, and integer division for a zero divisor (CUDA does not check
    // that one). masked_scatter counts the mask's ones; scatter_reduce's prod, amax and amin, mode,
    // argwhere, histc and the bit operations count on the host (src/ops/math.ts, sort.ts, bitwise.ts);
    // QR, eigh, the SVD and what is built on them factor on the host (src/ops/decomp.ts), so does LU (lu.ts), and matrix_exp reads
    // its input's norm to scale it; multilabel_margin_loss reads its target's class lists there, and gcd, lcm,
    // frexp, nextafter, histogram and unique_consecutive compute there (src/ops/numeric.ts); embedding_bag reads
    // its indices and offsets to form the bags.
    const DECOMPOSING = /^(linalg\.(qr|eigh|eigvalsh|svd|svdvals|pinv|matrix_rank|lstsq)|linalg\.matrix_norm (2|-2|nuc)|linalg\.norm (nuc|2 matrix)|qr |svd |pinverse|linalg\.cond( -2 wide)?$)/;
    const decomposing = (golden.cases as Json[]).filter((c) => (DECOMPOSING.test(c.name) || /matrix_exp|^(gcd|lcm|frexp|nextafter|histogram|unique_consecutive|F\.embedding_bag|linalg\.lu|lu_unpack|lu_solve|lu( |$)|index_reduce(_ on| prod| amax| amin)|scatter_reduce_ prod)/.test(c.name)) && !c.error && !c.inputs.some((i: Json) => i.dtype === "float64")).map((c) => c.name as string);
    expect(decomposing.length).toBeGreaterThanOrEqual(40);
    expect(readers.filter((n) => decomposing.includes(n))).toEqual(decomposing);
    const searching = ["searchsorted", "searchsorted right", "searchsorted side rows", "bucketize", "bucketize right int32", "isin", "isin invert"];
    const counting = ["bincount", "bincount weights", "unique", "unique inverse counts", "unique counts float"];
    const host = ["masked_scatter", "masked_scatter broadcast mask larger source", "scatter_reduce mean int64", "scatter_reduce prod", "scatter_reduce prod zeros", "scatter_reduce amax", "scatter_reduce amin ties no self", "mode", "mode dim 0 keepdim", "mode whole 1-d", "quantile q tensor", "quantile q tensor whole keepdim", "floor_divide", "div floor int64", "argwhere",
      "bitwise_and", "bitwise_or int32 broadcast", "bitwise_xor scalar", "bitwise_xor bool", "bitwise_left_shift", "histc", "histc point range", "histc min max"];
    expect(readers.filter((n) => !decomposing.includes(n))).toEqual(["index bool mask", "F.one_hot", ...searching, ...counting, "repeat_interleave tensor", "repeat_interleave indices", ...host, "F.gaussian_nll_loss", "F.gaussian_nll_loss homoscedastic full", "F.multilabel_margin_loss", "F.multilabel_margin_loss none"]);
  });
});
