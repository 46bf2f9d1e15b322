// F.ctc_loss and nn.CTCLoss: Graves et al.'s forward-backward algorithm in log
// space, as PyTorch's ctc_loss_cpu runs it, vectorised over the batch and the
// 2S + 1 states of the blank-extended targets, one step of tensor ops per time
// step (so it runs on any device). The lengths are host numbers, as PyTorch's.
// The gradient is PyTorch's CtcLossBackward0 formula, exp(lp) - exp(lcab + nll - lp),
// which is the gradient of the logits behind a log_softmax rather than of
// log_probs themselves (through log_softmax the two agree); PyTorch has no
// derivative of it, and neither has this node's backward.
import { bindArgs } from "../args.js";
import { no_grad } from "../autograd/grad_mode.js";
import { bool, int64 } from "../dtype.js";
import { RuntimeError, TorchTypeError, typeName, ValueError } from "../errors.js";
import { tensor } from "../ops/creation.js";
import { where } from "../ops/elementwise.js";
import { needsGrad, notImplemented, record, type OpDef } from "../ops/registry.js";
import { cat, stack } from "../ops/shape.js";
import { Tensor } from "../tensor.js";
import { Module } from "./module.js";

type T = Tensor;
type Reduction = "mean" | "sum" | "none";
const NEG = -Infinity;
const CHECKING = "(while checking arguments for ctc_loss_cpu)";

/** log(sum exp) of two or three terms as PyTorch's kernel sums them: about the maximum, 0 where all are -inf. */
function logAdd(parts: T[]): T {
  let m = parts.reduce((x, y) => x.maximum(y));
  m = where(m.eq(NEG), 0, m);
  return parts.map((p) => p.sub(m).exp()).reduce((x, y) => x.add(y)).log().add(m);
}

/** x shifted along the states by k (right for k > 0, left for k < 0), -inf filling the gap. */
function shift(x: T, k: number): T {
  const [n, s] = x.shape, fill = Tensor._full([n, Math.min(Math.abs(k), s)], NEG, x.dtype, x.device);
  if (Math.abs(k) >= s) return fill;
  return k > 0 ? cat([fill, x.narrow(1, 0, s - k)], 1) : cat([x.narrow(1, -k, s + k), fill], 1);
}

/** The problem's shape on the host, and its label-dependent tensors on log_probs' device. */
interface Lattice {
  inputLengths: number[];
  targetLengths: number[];
  /** The extended targets l' (blank, l1, blank, l2, ..., blank), blank past each target's end: [N, S']. */
  ext: T;
  /** Whether state s may be reached from s - 2 (a label unlike the one before it): [N, S']. */
  skip: T;
  /** log_probs at each state's label: [T, N, S']. */
  lpExt: T;
}

/** A host-built boolean tensor on like's device. */
const mask = (rows: boolean[] | boolean[][] | boolean[][][], like: T) => tensor(rows, { dtype: bool, device: like.device });

/** log_alpha for every time step, [T, N, S'], and the negative log-likelihoods, [N]. */
function forwardPass(lat: Lattice, like: T): [T, T] {
  const { inputLengths: il, targetLengths: tl, skip, lpExt } = lat;
  const [steps, , states] = lpExt.shape;
  const first = mask(tl.map((l) => Array.from({ length: states }, (_, s) => s === 0 || (s === 1 && l > 0))), like);
  const alphas: T[] = [];
  let alpha = where(first, lpExt.select(0, 0), NEG);
  for (let t = 0; t < steps; t++) {
    if (t > 0) alpha = logAdd([alpha, shift(alpha, 1), where(skip, shift(alpha, 2), NEG)]).add(lpExt.select(0, t));
    alphas.push(alpha);
  }
  const logAlpha = stack(alphas, 0);
  // The likelihood: the last two states (or the one state of an empty target) at each sequence's last step.
  const at = (s: (b: number) => number) => tensor(il.map((len, b) => Math.max(len - 1, 0) * states + s(b)), { dtype: int64, device: like.device });
  const flat = logAlpha.transpose(0, 1).reshape(il.length, -1);
  const l1 = flat.gather(1, at((b) => 2 * tl[b]).unsqueeze(1)).squeeze(1);
  const l2 = flat.gather(1, at((b) => Math.max(2 * tl[b] - 1, 0)).unsqueeze(1)).squeeze(1);
  let nll = where(mask(tl.map((l) => l > 0), like), logAdd([l1, l2]), l1).neg();
  // No input: the empty target has likelihood 1, any other 0.
  if (il.some((len) => len === 0)) nll = where(mask(il.map((len) => len === 0), like), tensor(tl.map((l) => (l === 0 ? 0 : Infinity)), { dtype: like.dtype, device: like.device }), nll);
  return [logAlpha, nll];
}

const CTC_LOSS_BACKWARD = notImplemented("_ctc_loss_backward");

const CTC_LOSS: OpDef = {
  name: "_ctc_loss",
  node: "CtcLossBackward0",
  backward: (g: T, s) => {
    const { lat, logProbs, logAlpha, nll, zeroInfinity } = s as { lat: Lattice; logProbs: T; logAlpha: T; nll: T; zeroInfinity: boolean };
    const grad = no_grad(() => ctcGradient(g, lat, logProbs, logAlpha, nll, zeroInfinity));
    if (needsGrad(g, logProbs)) record(CTC_LOSS_BACKWARD, [g, logProbs], grad);
    return [grad];
  },
};

/** PyTorch's ctc_loss_backward_cpu: beta, the per-label sums of alpha beta (lcab), and eq. (16). */
function ctcGradient(g: T, lat: Lattice, logProbs: T, logAlpha: T, nll: T, zeroInfinity: boolean): T {
  const { inputLengths: il, targetLengths: tl, ext, skip, lpExt } = lat;
  const [steps, n, states] = lpExt.shape;
  const like = logProbs;
  const last = mask(tl.map((l) => Array.from({ length: states }, (_, s) => s === 2 * l || (l > 0 && s === 2 * l - 1))), like);
  // Whether s + 2 may be reached from s: the forward pass's skip, two states on.
  const skipBack = states > 2 ? cat([skip.narrow(1, 2, states - 2), Tensor._full([n, 2], 0, bool, like.device)], 1) : skip;
  const betas = new Array<T>(steps);
  let beta = Tensor._full([n, states], NEG, like.dtype, like.device);
  for (let t = steps - 1; t >= 0; t--) {
    const lp = lpExt.select(0, t);
    const rec = logAdd([beta, shift(beta, -1), where(skipBack, shift(beta, -2), NEG)]).add(lp);
    const isLast = mask(il.map((len) => [t === len - 1]), like), before = mask(il.map((len) => [t < len - 1]), like);
    beta = where(isLast, where(last, lp, NEG), where(before, rec, NEG));
    betas[t] = beta;
  }
  // Only states up to each target's last blank are part of its lattice.
  const valid = mask(tl.map((l) => Array.from({ length: states }, (_, s) => s <= 2 * l)), like);
  const ab = where(valid, logAlpha.add(stack(betas, 0)), NEG);
  // lcab[t, b, c] = log sum exp of ab over the states labelled c, about each label's own maximum.
  const c = logProbs.shape[2];
  const idx = ext.unsqueeze(0).expand(steps, n, states);
  let peak = Tensor._full([steps, n, c], NEG, like.dtype, like.device).scatter_reduce(2, idx, ab, "amax");
  peak = where(peak.eq(NEG), 0, peak);
  const sums = Tensor._full([steps, n, c], 0, like.dtype, like.device).scatter_add(2, idx, ab.sub(peak.gather(2, idx)).exp());
  const lcab = sums.log().add(peak);
  let grad = logProbs.exp().sub(lcab.add(nll.view(1, n, 1)).sub(logProbs).exp()).mul(g.view(1, n, 1));
  grad = where(mask(Array.from({ length: steps }, (_, t) => il.map((len) => [t < len])), like), grad, 0);
  return zeroInfinity ? where(nll.eq(Infinity).view(1, n, 1), 0, grad) : grad;
}

/** A lengths argument as host integers: a tensor (integral, read back) or an array of ints. */
function lengthsOf(v: unknown, name: string): number[] {
  if (v instanceof Tensor) {
    if (v.dtype.is_floating_point || v.dtype === bool) throw new RuntimeError(`${name} must be integral`);
    return (v.reshape(-1).tolist() as (number | bigint)[]).map(Number);
  }
  if (!Array.isArray(v)) throw new TorchTypeError(`ctc_loss(): argument '${name}' must be tuple of ints, not ${typeName(v)}`);
  const bad = v.findIndex((x) => !Number.isInteger(x));
  if (bad >= 0) throw new TorchTypeError(`ctc_loss(): argument '${name}' must be tuple of ints, but found element of type ${typeName(v[bad])} at pos ${bad}`);
  return v as number[];
}

/** The checks of PyTorch's ctc_loss_allocate_outputs, and the targets as a padded [N, max target length] tensor. */
function lattice(lp: T, targets: T, il: number[], tl: number[], blank: number): Lattice {
  const [steps, n, c] = lp.shape;
  if (!(blank >= 0 && blank < c)) throw new RuntimeError("blank must be in label range");
  if (il.length !== n) throw new RuntimeError("input_lengths must be of size batch_size");
  if (tl.length !== n) throw new RuntimeError("target_lengths must be of size batch_size");
  for (const l of tl) if (l < 0) throw new RuntimeError(`Expected target_lengths to have value at least 0, but got value ${l} ${CHECKING}`);
  const maxTl = Math.max(0, ...tl);
  let padded: T;
  if (targets.dim() === 1) {
    const total = tl.reduce((a, b) => a + b, 0);
    if (targets.shape[0] !== total) throw new RuntimeError(`Expected tensor to have size ${total} at dimension 0, but got size ${targets.shape[0]} for argument #2 'targets' ${CHECKING}`);
    const starts = tl.map((_, b) => tl.slice(0, b).reduce((a, x) => a + x, 0));
    const rows = tl.map((l, b) => Array.from({ length: maxTl }, (_, j) => (j < l ? starts[b] + j : 0)));
    padded = total === 0 ? Tensor._full([n, maxTl], 0, int64, targets.device) : targets.index_select(0, tensor(rows.flat(), { dtype: int64, device: targets.device })).view(n, maxTl);
  } else {
    if (targets.shape[0] !== n) throw new RuntimeError(`Expected tensor to have size ${n} at dimension 0, but got size ${targets.shape[0]} for argument #2 'targets' ${CHECKING}`);
    if (targets.shape[1] < maxTl) throw new RuntimeError(`Expected tensor to have size at least ${maxTl} at dimension 1, but got size ${targets.shape[1]} for argument #2 'targets' ${CHECKING}`);
    padded = targets.narrow(1, 0, maxTl);
  }
  for (const l of il) {
    if (l < 0) throw new RuntimeError(`Expected input_lengths to have value at least 0, but got value ${l} ${CHECKING}`);
    if (l > steps) throw new RuntimeError(`Expected input_lengths to have value at most ${steps}, but got value ${l} ${CHECKING}`);
  }
  const states = 2 * maxTl + 1;
  // As PyTorch, the targets are read as int64 on log_probs' device.
  const labels = where(mask(tl.map((l) => Array.from({ length: maxTl }, (_, j) => j < l)), lp), padded.to(lp.device).to(int64), blank);
  const blanks = Tensor._full([n, maxTl], blank, int64, lp.device);
  const ext = cat([stack([blanks, labels], 2).reshape(n, 2 * maxTl), Tensor._full([n, 1], blank, int64, lp.device)], 1);
  const skip = states > 2 ? cat([Tensor._full([n, 2], 0, bool, lp.device), ext.narrow(1, 2, states - 2).ne(ext.narrow(1, 0, states - 2))], 1) : Tensor._full([n, states], 0, bool, lp.device);
  const lpExt = lp.detach().gather(2, ext.unsqueeze(0).expand(steps, n, states));
  return { inputLengths: il, targetLengths: tl, ext, skip, lpExt };
}

/**
 * ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction='mean',
 * zero_infinity=False): log_probs [T, N, C] (or [T, C] unbatched), targets padded [N, S]
 * or concatenated [sum(target_lengths)], lengths as tensors or arrays of ints. "mean"
 * divides each loss by its target length (at least 1), then averages over the batch.
 */
export function ctc_loss(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | readonly number[], target_lengths: Tensor | readonly number[], ...args: unknown[]): Tensor {
  const o = bindArgs("ctc_loss", args, ["blank", "reduction", "zero_infinity"]);
  const blank = (o.blank as number | undefined) ?? 0, zeroInfinity = Boolean(o.zero_infinity);
  const reduction = (o.reduction as Reduction | undefined) ?? "mean";
  if (reduction !== "mean" && reduction !== "sum" && reduction !== "none") throw new ValueError(`${String(reduction)} is not a valid value for reduction`);
  if ((input_lengths instanceof Tensor) !== (target_lengths instanceof Tensor)) {
    throw new TorchTypeError("ctc_loss(): input_lengths and target_lengths must both be Tensors or both be tuples of ints");
  }
  const il = lengthsOf(input_lengths, "input_lengths"), tl = lengthsOf(target_lengths, "target_lengths");
  const batched = log_probs.dim() === 3;
  const lp = batched ? log_probs : log_probs.unsqueeze(1);
  if (!lp.dtype.is_floating_point) throw new RuntimeError(`"ctc_loss_cpu" not implemented for '${lp.dtype.scalarName}'`);
  if (lp.dim() !== 3) throw new RuntimeError(`Expected 3-dimensional tensor, but got ${lp.dim()}-dimensional tensor for argument #1 'log_probs' ${CHECKING}`);
  if (targets.dim() < 1 || targets.dim() > 2) throw new RuntimeError(`Expected 1 to 2 dimensions, but got ${targets.dim()}-dimensional tensor for argument #2 'targets' ${CHECKING}`);
  const lat = lattice(lp, targets, il, tl, blank);
  const [logAlpha, nll] = no_grad(() => forwardPass(lat, lp));
  if (needsGrad(lp)) record(CTC_LOSS, [lp], nll, { lat, logProbs: lp, logAlpha, nll, zeroInfinity });
  let loss = zeroInfinity ? where(nll.eq(Infinity), Tensor._full([], 0, nll.dtype, nll.device), nll) : nll;
  if (reduction === "mean") return loss.div(tensor(tl, { dtype: nll.dtype, device: nll.device }).clamp_min(1)).mean();
  if (reduction === "sum") return loss.sum();
  if (!batched) loss = loss.squeeze(0);
  return loss;
}

/** CTCLoss(blank=0, reduction='mean', zero_infinity=False): forward(log_probs, targets, input_lengths, target_lengths). */
export class CTCLoss extends Module {
  readonly blank: number;
  readonly reduction: Reduction;
  readonly zero_infinity: boolean;
  constructor(...args: (number | string | boolean | { blank?: number; reduction?: Reduction; zero_infinity?: boolean } | undefined)[]) {
    super();
    const o = bindArgs("CTCLoss.__init__", args, ["blank", "reduction", "zero_infinity"]);
    this.blank = (o.blank as number | undefined) ?? 0;
    // As PyTorch's, a bad reduction is an error of forward.
    this.reduction = (o.reduction as Reduction | undefined) ?? "mean";
    this.zero_infinity = Boolean(o.zero_infinity);
  }
  override forward(log_probs: Tensor, targets: Tensor, input_lengths: Tensor | readonly number[], target_lengths: Tensor | readonly number[]): Tensor {
    return ctc_loss(log_probs, targets, input_lengths, target_lengths, { blank: this.blank, reduction: this.reduction, zero_infinity: this.zero_infinity });
  }
}
