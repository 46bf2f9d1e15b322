// torch.optim.LBFGS: PyTorch's algorithm (torch/optim/lbfgs.py) over all parameters
// as one flat vector, with its strong-Wolfe line search (_strong_wolfe and
// _cubic_interpolate, ported there from torch/optim's lswolfe.lua and polyinterp.lua).
import { enable_grad, no_grad } from "../autograd/grad_mode.js";
import { float32 } from "../dtype.js";
import { AssertionError, RuntimeError, TorchTypeError, ValueError } from "../errors.js";
import { cat } from "../ops/shape.js";
import { Tensor } from "../tensor.js";
import type { ArgsOf } from "../args.js";
import { freeReplacedState, keepState, Optimizer, stateTensors, optimizerSettings, type ParamGroup } from "./optimizer.js";
import { libraryScope, userCode } from "../memory.js";

/**
 * Rounds a scalar that PyTorch holds as a 0-d tensor of the parameters' dtype
 * (a dot product, a step length) to that dtype.
 */
type Round = (v: number) => number;

/** Python's max(a, b) and min(a, b): the first argument unless the second compares beyond it (NaN included). */
const pyMax = (a: number, b: number): number => (b > a ? b : a);
const pyMin = (a: number, b: number): number => (b < a ? b : a);

/** The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to bounds (or [x1, x2]). */
function cubicInterpolate(r: Round, x1: number, f1: number, g1: number, x2: number, f2: number, g2: number, bounds?: [number, number]): number {
  const [lo, hi] = bounds ?? (x1 <= x2 ? [x1, x2] : [x2, x1]);
  const d1 = r(g1 + g2 - (3 * (f1 - f2)) / (x1 - x2));
  const d2Square = r(d1 ** 2 - g1 * g2);
  if (!(d2Square >= 0)) return (lo + hi) / 2;
  const d2 = r(Math.sqrt(d2Square));
  const minPos = x1 <= x2 ? r(x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))) : r(x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2)));
  return pyMin(pyMax(minPos, lo), hi);
}

/** The loss and flat gradient at x + t d (the parameters restored after). */
type Directional = (t: number) => [number, Tensor];

/**
 * A step length t along d satisfying the strong Wolfe conditions (sufficient decrease
 * c1, curvature c2), from at most 25 evaluations: a bracketing phase, then zoom.
 */
function strongWolfe(r: Round, evaluate: Directional, t: number, d: Tensor, f: number, g: Tensor, gtd: number, toleranceChange: number): { loss: number; grad: Tensor; t: number; evals: number } {
  const c1 = 1e-4, c2 = 0.9, maxLs = 25;
  const dNorm = d.abs().max().item() as number;
  g = g.clone();
  let [fNew, gNew] = evaluate(t);
  let evals = 1;
  let gtdNew = gNew.dot(d).item() as number;
  const armijoFails = (tt: number, fx: number) => fx > r(f + r(r(c1 * tt) * gtd));
  const curvatureHolds = (gtdx: number) => Math.abs(gtdx) <= r(-c2 * gtd);

  // Bracket an interval containing a point satisfying the Wolfe criteria.
  let tPrev = 0, fPrev = f, gPrev = g, gtdPrev = gtd;
  let done = false, lsIter = 0;
  let bracket: number[] = [], bracketF: number[] = [], bracketG: Tensor[] = [], bracketGtd: number[] = [];
  const bracketWithPrevious = () => ([bracket, bracketF, bracketG, bracketGtd] = [[tPrev, t], [fPrev, fNew], [gPrev, gNew.clone()], [gtdPrev, gtdNew]]);
  while (lsIter < maxLs) {
    if (armijoFails(t, fNew) || (lsIter > 1 && fNew >= fPrev)) {
      bracketWithPrevious();
      break;
    }
    if (curvatureHolds(gtdNew)) {
      [bracket, bracketF, bracketG, done] = [[t], [fNew], [gNew], true];
      break;
    }
    if (gtdNew >= 0) {
      bracketWithPrevious();
      break;
    }
    const minStep = r(t + r(0.01 * r(t - tPrev)));
    const maxStep = r(t * 10);
    const previous = t;
    t = cubicInterpolate(r, tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    [tPrev, fPrev, gPrev, gtdPrev] = [previous, fNew, gNew.clone(), gtdNew];
    [fNew, gNew] = evaluate(t);
    evals += 1;
    gtdNew = gNew.dot(d).item() as number;
    lsIter += 1;
  }
  if (lsIter === maxLs) [bracket, bracketF, bracketG] = [[0, t], [f, fNew], [g, gNew]];

  // Zoom: shrink the bracket until a point satisfies the criteria.
  let insufficientProgress = false;
  let [low, high] = bracketF[0] <= bracketF[bracketF.length - 1] ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (r(Math.abs(bracket[1] - bracket[0]) * dNorm) < toleranceChange) break;
    t = cubicInterpolate(r, bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
    // A trial point too near an end (twice in a row, or outside) moves a tenth of the bracket inside.
    const bMax = pyMax(bracket[0], bracket[1]), bMin = pyMin(bracket[0], bracket[1]);
    const eps = r(0.1 * (bMax - bMin));
    if (pyMin(bMax - t, t - bMin) < eps) {
      if (insufficientProgress || t >= bMax || t <= bMin) {
        t = Math.abs(t - bMax) < Math.abs(t - bMin) ? r(bMax - eps) : r(bMin + eps);
        insufficientProgress = false;
      } else insufficientProgress = true;
    } else insufficientProgress = false;
    [fNew, gNew] = evaluate(t);
    evals += 1;
    gtdNew = gNew.dot(d).item() as number;
    lsIter += 1;
    if (armijoFails(t, fNew) || fNew >= bracketF[low]) {
      [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [t, fNew, gNew.clone(), gtdNew];
      [low, high] = bracketF[0] <= bracketF[1] ? [0, 1] : [1, 0];
    } else {
      if (curvatureHolds(gtdNew)) done = true;
      else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
        [bracket[high], bracketF[high], bracketG[high], bracketGtd[high]] = [bracket[low], bracketF[low], bracketG[low], bracketGtd[low]];
      }
      [bracket[low], bracketF[low], bracketG[low], bracketGtd[low]] = [t, fNew, gNew.clone(), gtdNew];
    }
  }
  return { loss: bracketF[low], grad: bracketG[low], t: bracket[low], evals };
}

export interface LBFGSOptions {
  lr?: number;
  max_iter?: number;
  max_eval?: number | null;
  tolerance_grad?: number;
  tolerance_change?: number;
  history_size?: number;
  line_search_fn?: "strong_wolfe" | null;
}

/**
 * LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-07,
 * tolerance_change=1e-09, history_size=100, line_search_fn=None): step(closure)
 * re-evaluates the loss; line_search_fn='strong_wolfe' picks each step length by
 * PyTorch's line search, else steps of lr.
 */
export class LBFGS extends Optimizer {
  constructor(params: Iterable<Tensor> | ParamGroup[], ...args: ArgsOf<["lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn"], []>) {
    const d = optimizerSettings("LBFGS", args, ["lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn"], [], {
      lr: 1, max_iter: 20, max_eval: null, tolerance_grad: 1e-7, tolerance_change: 1e-9, history_size: 100, line_search_fn: null,
    }) as Required<LBFGSOptions>;
    if (d.max_eval === null) d.max_eval = Math.floor((d.max_iter * 5) / 4);
    super(params, d);
    if (this.param_groups.length !== 1) throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups)");
  }
  protected update(): void {
    throw new Error("LBFGS updates in step(closure)");
  }
  private get params(): Tensor[] {
    return this.param_groups[0].params;
  }
  private flatGrad(): Tensor {
    return cat(this.params.map((p) => (p._grad === null ? Tensor._full([p.numel()], 0, p.dtype, p.device) : p._grad.reshape(-1))), 0);
  }
  private addGrad(step: number, update: Tensor): void {
    let offset = 0;
    for (const p of this.params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).view_as(p), { alpha: step });
      offset += n;
    }
  }
  override step(closure?: () => Tensor): Tensor {
    // The search's temporaries are freed as it returns; its state is kept first (Note [library scopes]).
    const before = stateTensors(this.state.get(this.params[0]) ?? {});
    return libraryScope(() => {
      try {
        return this.lbfgsStep(closure);
      } finally {
        const state = this.state.get(this.params[0]);
        if (state !== undefined) {
          keepState(state);
          freeReplacedState(before, state);
        }
      }
    });
  }
  private lbfgsStep(closure?: () => Tensor): Tensor {
    if (closure === undefined) throw new TorchTypeError("LBFGS.step() missing 1 required positional argument: 'closure'");
    // A group added after construction (PyTorch asserts the same).
    if (this.param_groups.length !== 1) throw new AssertionError("LBFGS doesn't support per-parameter options (parameter groups)");
    const g = this.param_groups[0];
    const { lr, max_iter: maxIter, max_eval: maxEval, tolerance_grad: tolGrad, tolerance_change: tolChange, history_size: historySize, line_search_fn: lineSearch } = g;
    const state = this.state.get(this.params[0]) ?? {};
    this.state.set(this.params[0], state);
    state.func_evals ??= 0;
    state.n_iter ??= 0;
    const evaluate = () => userCode(() => enable_grad(closure));
    const origLoss = evaluate();
    let loss = origLoss.item() as number;
    let currentEvals = 1;
    state.func_evals += 1;
    // PyTorch keeps these scalars as 0-d tensors of the parameters' dtype.
    const r: Round = this.params[0].dtype === float32 ? Math.fround : (v: number) => v;
    return no_grad(() => {
      let flatGrad = this.flatGrad();
      let optCond = (flatGrad.abs().max().item() as number) <= tolGrad;
      if (optCond) return origLoss;
      let d: Tensor = state.d, t: number = state.t, H: number = state.H_diag;
      const oldDirs: Tensor[] = state.old_dirs ?? [], oldStps: Tensor[] = state.old_stps ?? [], ro: number[] = state.ro ?? [];
      let prevFlatGrad: Tensor | null = state.prev_flat_grad ?? null;
      let prevLoss: number = state.prev_loss;
      let nIter = 0;
      while (nIter < maxIter) {
        nIter += 1;
        state.n_iter += 1;
        if (state.n_iter === 1) {
          d = flatGrad.neg();
          oldDirs.length = 0;
          oldStps.length = 0;
          ro.length = 0;
          H = 1;
        } else {
          const y = flatGrad.sub(prevFlatGrad!);
          const s = d.mul(t);
          const ys = y.dot(s).item() as number;
          if (ys > 1e-10) {
            if (oldDirs.length === historySize) {
              oldDirs.shift();
              oldStps.shift();
              ro.shift();
            }
            oldDirs.push(y);
            oldStps.push(s);
            ro.push(r(1 / ys));
            H = r(ys / (y.dot(y).item() as number));
          }
          // Two-loop recursion: q = -g, then r = H q corrected by the history.
          const al = new Array<number>(oldDirs.length);
          const q = flatGrad.neg();
          for (let i = oldDirs.length - 1; i >= 0; i--) {
            al[i] = r((oldStps[i].dot(q).item() as number) * ro[i]);
            q.add_(oldDirs[i], { alpha: -al[i] });
          }
          d = q.mul(H);
          for (let i = 0; i < oldDirs.length; i++) {
            const be = r((oldDirs[i].dot(d).item() as number) * ro[i]);
            d.add_(oldStps[i], { alpha: al[i] - be });
          }
        }
        prevFlatGrad = flatGrad.clone();
        prevLoss = loss;
        if (state.n_iter === 1) {
          // min(1., 1. / |g|_1) * lr: a 0-d tensor when the reciprocal is the smaller, else Python's float.
          const inverse = r(1 / (flatGrad.abs().sum().item() as number));
          t = inverse < 1 ? r(inverse * r(lr)) : lr;
        } else t = lr;
        const gtd = flatGrad.dot(d).item() as number;
        if (gtd > -tolChange) break;
        let lsEvals = 0;
        if (lineSearch !== null) {
          if (lineSearch !== "strong_wolfe") throw new RuntimeError("only 'strong_wolfe' is supported");
          const x = this.params.map((p) => p.clone());
          const directional: Directional = (step) => {
            this.addGrad(step, d);
            const value = evaluate().item() as number;
            const grad = this.flatGrad();
            this.params.forEach((p, i) => p.copy_(x[i]));
            return [value, grad];
          };
          ({ loss, grad: flatGrad, t, evals: lsEvals } = strongWolfe(r, directional, t, d, loss, flatGrad, gtd, tolChange));
          this.addGrad(t, d);
          optCond = (flatGrad.abs().max().item() as number) <= tolGrad;
        } else {
          this.addGrad(t, d);
          if (nIter !== maxIter) {
            loss = evaluate().item() as number;
            flatGrad = this.flatGrad();
            optCond = (flatGrad.abs().max().item() as number) <= tolGrad;
            lsEvals = 1;
          }
        }
        currentEvals += lsEvals;
        state.func_evals += lsEvals;
        if (nIter === maxIter || currentEvals >= maxEval || optCond) break;
        if ((d.mul(t).abs().max().item() as number) <= tolChange) break;
        if (Math.abs(loss - prevLoss) < tolChange) break;
      }
      Object.assign(state, { d, t, old_dirs: oldDirs, old_stps: oldStps, ro, H_diag: H, prev_flat_grad: prevFlatGrad, prev_loss: prevLoss });
      return origLoss;
    });
  }
}
