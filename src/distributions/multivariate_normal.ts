// torch.distributions.MultivariateNormal(loc, covariance_matrix | precision_matrix | scale_tril):
// everything goes through the lower Cholesky factor of the covariance, as in PyTorch.
import { enable_grad } from "../autograd/grad_mode.js";
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import { eye, randn } from "../ops/creation.js";
import { linalgCholesky, solve_triangular } from "../ops/solve.js";
import { broadcastShapes } from "../shape.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { Distribution } from "./distribution.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** The squared Mahalanobis distance x^T (L L^T)^-1 x, batched (PyTorch's _batch_mahalanobis, by broadcasting). */
export function batchMahalanobis(L: Tensor, x: Tensor): Tensor {
  const batch = broadcastShapes(L.shape.slice(0, -2), x.shape.slice(0, -1));
  const n = x.shape[x.dim() - 1];
  return solve_triangular(L.expand([...batch, n, n]), x.expand([...batch, n]).unsqueeze(-1), { upper: false }).squeeze(-1).pow(2).sum(-1);
}

/** The scale_tril of a precision matrix P (PyTorch's _precision_to_scale_tril: a Cholesky of P flipped, then a triangular solve). */
function precisionToScaleTril(P: Tensor): Tensor {
  const Lf = linalgCholesky(P.flip([-2, -1]));
  const Linv = Lf.flip([-2, -1]).transpose(-2, -1);
  return solve_triangular(Linv, eye(P.shape[P.dim() - 1], { dtype: P.dtype, device: P.device }), { upper: false });
}

type Given = "covariance_matrix" | "precision_matrix" | "scale_tril";

export class MultivariateNormal extends Distribution {
  override readonly has_rsample = true;
  loc: Tensor;
  /** The lower Cholesky factor as given or computed, before broadcasting to the batch. */
  readonly _unbroadcasted_scale_tril: Tensor;
  private readonly given: Given;
  private matrices: Partial<Record<Given, Tensor>> = {};

  /** MultivariateNormal(loc, covariance_matrix?, precision_matrix?, scale_tril?, validate_args?): exactly one of the three matrices. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("MultivariateNormal.__init__", args, ["loc", "covariance_matrix", "precision_matrix", "scale_tril", "validate_args"], [], 1);
    const loc = o.loc as Tensor;
    if (loc.dim() < 1) throw new ValueError("loc must be at least one-dimensional.");
    const present = (["scale_tril", "covariance_matrix", "precision_matrix"] as const).filter((k) => o[k] !== undefined && o[k] !== null);
    if (present.length !== 1) throw new ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.");
    this.given = present[0];
    const m = o[this.given] as Tensor;
    if (m.dim() < 2) throw new ValueError(`${this.given === "scale_tril" ? "scale_tril matrix" : this.given} must be at least two-dimensional, with optional leading batch dimensions`);
    const batch = broadcastShapes(m.shape.slice(0, -2), loc.shape.slice(0, -1));
    this.matrices[this.given] = m.expand([...batch, -1, -1]);
    this.loc = loc.expand([...batch, -1]);
    this._init(batch, this.loc.shape.slice(-1), o.validate_args);
    this._unbroadcasted_scale_tril = this.given === "scale_tril" ? m : this.given === "covariance_matrix" ? linalgCholesky(m) : precisionToScaleTril(m);
  }
  protected override _params(): [string, Tensor][] {
    return [["loc", this.loc], [this.given, this.matrices[this.given]!]];
  }
  private full(m: Tensor): Tensor {
    const n = this._event_shape[0];
    return m.expand([...this._batch_shape, n, n]);
  }
  get scale_tril(): Tensor {
    return (this.matrices.scale_tril ??= enable_grad(() => this.full(this._unbroadcasted_scale_tril)));
  }
  get covariance_matrix(): Tensor {
    const L = this._unbroadcasted_scale_tril;
    return (this.matrices.covariance_matrix ??= enable_grad(() => this.full(L.matmul(L.transpose(-2, -1)))));
  }
  get precision_matrix(): Tensor {
    // cholesky_inverse(L) = L^-T L^-1.
    return (this.matrices.precision_matrix ??= enable_grad(() => {
      const L = this._unbroadcasted_scale_tril;
      const Linv = solve_triangular(L, eye(L.shape[L.dim() - 1], { dtype: L.dtype, device: L.device }), { upper: false });
      return this.full(Linv.transpose(-2, -1).matmul(Linv));
    }));
  }
  protected override _expandParams(batch: number[]): void {
    const n = this._event_shape[0];
    this.loc = this.loc.expand([...batch, n]);
    const given = this.matrices[this.given]!;
    this.matrices = { [this.given]: given.expand([...batch, n, n]) };
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real_vector, covariance_matrix: constraints.positive_definite, precision_matrix: constraints.positive_definite, scale_tril: constraints.lower_cholesky };
  }
  override get support(): constraints.Constraint {
    return constraints.real_vector;
  }
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return this._unbroadcasted_scale_tril.pow(2).sum(-1).expand([...this._batch_shape, ...this._event_shape]);
  }
  /** loc + L eps, eps from normal_() in sample_shape + batch_shape + event_shape. */
  override rsample(sample_shape?: readonly number[]): Tensor {
    const eps = randn(this._extended_shape(sample_shape), { dtype: this.loc.dtype, device: this.loc.device });
    return this.loc.add(this._unbroadcasted_scale_tril.matmul(eps.unsqueeze(-1)).squeeze(-1));
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const M = batchMahalanobis(this._unbroadcasted_scale_tril, value.sub(this.loc));
    const halfLogDet = this._unbroadcasted_scale_tril.diagonal(0, -2, -1).log().sum(-1);
    return M.add(this._event_shape[0] * LOG_2PI).mul(-0.5).sub(halfLogDet);
  }
  override entropy(): Tensor {
    const halfLogDet = this._unbroadcasted_scale_tril.diagonal(0, -2, -1).log().sum(-1);
    const H = halfLogDet.add(0.5 * this._event_shape[0] * (1 + LOG_2PI));
    return this._batch_shape.length === 0 ? H : H.expand([...this._batch_shape]);
  }
}
