// torch.linalg's options and errors against PyTorch 1.13 (tests/golden/linalg_options.json, from
// linalg_options.py): tensorinv's ind, lu_solve's left and adjoint, LU's gradient of wide and tall
// matrices, dtype and ord errors, non-finite inputs, named tuples, LinAlgError's texts.
import { describe, it } from "node:test";
import { expect } from "expect";
import * as torch from "../src/index.js";
import type { Tensor } from "../src/index.js";
import { loadGolden, replayCases } from "./helpers.js";

replayCases(loadGolden("linalg_options.json").cases);

const f64 = { dtype: torch.float64 };

describe("linalg's named tuples", () => {
  const a = torch.tensor([[4, 1, 0], [1, 3, 1], [0, 1, 2]]);
  const b = torch.tensor([[1, 2], [0, 1], [3, 1]]);
  it("index by position, destructure and name their fields as PyTorch's", () => {
    const results: [unknown, string[]][] = [
      [torch.linalg.slogdet(a), ["sign", "logabsdet"]],
      [torch.slogdet(a), ["sign", "logabsdet"]],
      [a.slogdet(), ["sign", "logabsdet"]],
      [torch.linalg.eigh(a), ["eigenvalues", "eigenvectors"]],
      [torch.linalg.svd(a), ["U", "S", "Vh"]],
      [torch.svd(a), ["U", "S", "V"]],
      [torch.linalg.qr(a), ["Q", "R"]],
      [torch.linalg.lu_factor(a), ["LU", "pivots"]],
      [torch.linalg.lu_factor_ex(a), ["LU", "pivots", "info"]],
      [torch.linalg.lu(a), ["P", "L", "U"]],
      [torch.lu_unpack(torch.linalg.lu_factor(a).LU, torch.linalg.lu_factor(a).pivots), ["P", "L", "U"]],
      [torch.linalg.lstsq(a, b), ["solution", "residuals", "rank", "singular_values"]],
      [torch.linalg.inv_ex(a), ["inverse", "info"]],
      [torch.linalg.cholesky_ex(a), ["L", "info"]],
      [torch.linalg.solve_ex(a, b), ["result", "info"]],
    ];
    for (const [r, names] of results) {
      const tuple = r as Tensor[] & Record<string, Tensor>;
      expect(tuple.length).toBe(names.length);
      const parts = [...tuple];
      names.forEach((name, i) => {
        expect(tuple[i]).toBe(tuple[name]);
        expect(parts[i]).toBe(tuple[name]);
      });
    }
    const { sign, logabsdet } = torch.linalg.slogdet(a);
    const [s, l] = torch.linalg.slogdet(a);
    expect([s.item(), l.item()]).toEqual([sign.item(), logabsdet.item()]);
    expect(Math.abs((sign.item() as number) * Math.exp(logabsdet.item() as number) - (torch.linalg.det(a).item() as number))).toBeLessThan(1e-4);
  });
});

describe("torch.linalg.LinAlgError", () => {
  const singular = torch.tensor([[1, 2], [2, 4]]);
  it("is PyTorch's _LinAlgError, a RuntimeError, thrown by the singular and not positive-definite errors", () => {
    const calls: (() => unknown)[] = [
      () => torch.linalg.inv(singular),
      () => torch.linalg.solve(singular, torch.ones(2)),
      () => torch.linalg.cholesky(singular),
      () => torch.linalg.inv_ex(singular, { check_errors: true }),
      () => torch.linalg.cholesky_ex(singular, { check_errors: true }),
      () => torch.cholesky_inverse(torch.zeros(2, 2)),
      () => torch.linalg.svd(torch.tensor([[NaN, 1], [2, 3]])),
    ];
    for (const call of calls) {
      let thrown: unknown = null;
      try {
        call();
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(torch.linalg.LinAlgError);
      expect(thrown).toBeInstanceOf(torch.RuntimeError);
      expect((thrown as Error).name).toBe("_LinAlgError");
    }
  });
  it("is not lu_factor's error (a plain RuntimeError in PyTorch)", () => {
    let thrown: unknown = null;
    try {
      torch.linalg.lu_factor(singular);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(torch.RuntimeError);
    expect(thrown).not.toBeInstanceOf(torch.linalg.LinAlgError);
  });
});

describe("lu_solve's options", () => {
  torch.manual_seed(0);
  const A = torch.randn(2, 3, 3, f64).add(torch.eye(3, f64).mul(3));
  const [LU, pivots] = torch.linalg.lu_factor(A);
  const B = torch.randn(2, 3, 2, f64), C = torch.randn(2, 2, 3, f64);
  const close = (x: Tensor, y: Tensor) => expect(x.sub(y).abs().max().item()).toBeLessThan(1e-10);
  it("solves A X = B, A^H X = B, X A = B and X A^H = B", () => {
    close(A.matmul(torch.linalg.lu_solve(LU, pivots, B)), B);
    close(A.mT.matmul(torch.linalg.lu_solve(LU, pivots, B, { adjoint: true })), B);
    close(torch.linalg.lu_solve(LU, pivots, C, { left: false }).matmul(A), C);
    close(torch.linalg.lu_solve(LU, pivots, C, { left: false, adjoint: true }).matmul(A.mT), C);
  });
  it("has second derivatives (gradgradcheck) for every combination", () => {
    for (const left of [true, false]) {
      for (const adjoint of [true, false]) {
        const lu = LU.detach().requires_grad_(true), rhs = (left ? B : C).detach().requires_grad_(true);
        const fn = (x: Tensor, y: Tensor) => torch.linalg.lu_solve(x, pivots, y, { left, adjoint });
        expect(torch.autograd.gradgradcheck(fn, [lu, rhs])).toBe(true);
      }
    }
  });
});
