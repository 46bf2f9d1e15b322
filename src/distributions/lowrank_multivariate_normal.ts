// torch.distributions.LowRankMultivariateNormal(loc, cov_factor, cov_diag): covariance
// W W^T + diag(D), evaluated through the m x m capacitance matrix I + W^T D^-1 W (Woodbury),
// as PyTorch's.
import { bindArgs } from "../args.js";
import { ValueError } from "../errors.js";
import { broadcast_tensors } from "../ops/compose.js";
import { eye, randn } from "../ops/creation.js";
import { linalgCholesky, solve_triangular } from "../ops/solve.js";
import type { Tensor } from "../tensor.js";
import * as constraints from "./constraints.js";
import { Distribution } from "./distribution.js";
import { batchMahalanobis } from "./multivariate_normal.js";

const batchMv = (m: Tensor, v: Tensor): Tensor => m.matmul(v.unsqueeze(-1)).squeeze(-1);
const plusIdentity = (k: Tensor): Tensor => k.add(eye(k.shape[k.dim() - 1], { dtype: k.dtype, device: k.device }));

/** log |W W^T + D| by the matrix determinant lemma (PyTorch's _batch_lowrank_logdet). */
export function batchLowrankLogdet(D: Tensor, capacitanceTril: Tensor): Tensor {
  return capacitanceTril.diagonal(0, -2, -1).log().sum(-1).mul(2).add(D.log().sum(-1));
}

/** x^T (W W^T + D)^-1 x by the Woodbury identity (PyTorch's _batch_lowrank_mahalanobis). */
export function batchLowrankMahalanobis(W: Tensor, D: Tensor, x: Tensor, capacitanceTril: Tensor): Tensor {
  const wtDinvX = batchMv(W.transpose(-2, -1).div(D.unsqueeze(-2)), x);
  return x.pow(2).div(D).sum(-1).sub(batchMahalanobis(capacitanceTril, wtDinvX));
}

export class LowRankMultivariateNormal extends Distribution {
  override readonly has_rsample = true;
  loc: Tensor;
  cov_factor: Tensor;
  cov_diag: Tensor;
  readonly _unbroadcasted_cov_factor: Tensor;
  readonly _unbroadcasted_cov_diag: Tensor;
  readonly _capacitance_tril: Tensor;
  /** LowRankMultivariateNormal(loc, cov_factor, cov_diag, validate_args?): loc [.., n], cov_factor [.., n, m], cov_diag [.., n]. */
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs("LowRankMultivariateNormal.__init__", args, ["loc", "cov_factor", "cov_diag", "validate_args"], [], 3);
    const [loc, W, D] = [o.loc, o.cov_factor, o.cov_diag] as Tensor[];
    if (loc.dim() < 1) throw new ValueError("loc must be at least one-dimensional.");
    const n = loc.shape[loc.dim() - 1];
    if (W.dim() < 2) throw new ValueError("cov_factor must be at least two-dimensional, with optional leading batch dimensions");
    if (W.shape[W.dim() - 2] !== n) throw new ValueError(`cov_factor must be a batch of matrices with shape ${n} x m`);
    if (D.shape[D.dim() - 1] !== n) throw new ValueError(`cov_diag must be a batch of vectors with shape torch.Size([${n}])`);
    let parts: Tensor[];
    try {
      parts = broadcast_tensors(loc.unsqueeze(-1), W, D.unsqueeze(-1));
    } catch {
      throw new ValueError(`Incompatible batch shapes: loc torch.Size([${loc.shape.join(", ")}]), cov_factor torch.Size([${W.shape.join(", ")}]), cov_diag torch.Size([${D.shape.join(", ")}])`);
    }
    this.loc = parts[0].select(-1, 0);
    this.cov_factor = parts[1];
    this.cov_diag = parts[2].select(-1, 0);
    this._unbroadcasted_cov_factor = W;
    this._unbroadcasted_cov_diag = D;
    // The capacitance I + W^T D^-1 W's Cholesky factor (PyTorch's _batch_capacitance_tril).
    this._capacitance_tril = linalgCholesky(plusIdentity(W.transpose(-2, -1).div(D.unsqueeze(-2)).matmul(W)));
    this._init(this.loc.shape.slice(0, -1), [n], o.validate_args);
  }
  protected override _expandParams(batch: number[]): void {
    const n = this._event_shape[0];
    this.loc = this.loc.expand([...batch, n]);
    this.cov_diag = this.cov_diag.expand([...batch, n]);
    this.cov_factor = this.cov_factor.expand([...batch, ...this.cov_factor.shape.slice(-2)]);
  }
  override get arg_constraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real_vector, cov_factor: constraints.independent(constraints.real, 2), cov_diag: constraints.independent(constraints.positive, 1) };
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
  private full(t: Tensor, square: boolean): Tensor {
    const n = this._event_shape[0];
    return t.expand([...this._batch_shape, n, ...(square ? [n] : [])]);
  }
  override get variance(): Tensor {
    return this.full(this._unbroadcasted_cov_factor.pow(2).sum(-1).add(this._unbroadcasted_cov_diag), false);
  }
  get scale_tril(): Tensor {
    const sqrtD = this._unbroadcasted_cov_diag.sqrt().unsqueeze(-1);
    const dW = this._unbroadcasted_cov_factor.div(sqrtD);
    return this.full(sqrtD.mul(linalgCholesky(plusIdentity(dW.matmul(dW.transpose(-2, -1))))), true);
  }
  get covariance_matrix(): Tensor {
    const W = this._unbroadcasted_cov_factor;
    return this.full(W.matmul(W.transpose(-2, -1)).add(this._unbroadcasted_cov_diag.diag_embed()), true);
  }
  get precision_matrix(): Tensor {
    const wtDinv = this._unbroadcasted_cov_factor.transpose(-2, -1).div(this._unbroadcasted_cov_diag.unsqueeze(-2));
    const A = solve_triangular(this._capacitance_tril, wtDinv, { upper: false });
    return this.full(this._unbroadcasted_cov_diag.reciprocal().diag_embed().sub(A.transpose(-2, -1).matmul(A)), true);
  }
  override rsample(sample_shape?: readonly number[]): Tensor {
    const shape = this._extended_shape(sample_shape);
    const wShape = [...shape.slice(0, -1), this.cov_factor.shape[this.cov_factor.dim() - 1]];
    const epsW = randn(wShape, { dtype: this.loc.dtype, device: this.loc.device });
    const epsD = randn(shape, { dtype: this.loc.dtype, device: this.loc.device });
    return this.loc.add(batchMv(this._unbroadcasted_cov_factor, epsW)).add(this._unbroadcasted_cov_diag.sqrt().mul(epsD));
  }
  private logdet(): Tensor {
    return batchLowrankLogdet(this._unbroadcasted_cov_diag, this._capacitance_tril);
  }
  override log_prob(value: Tensor): Tensor {
    if (this._validate_args) this._validate_sample(value);
    const mahalanobis = batchLowrankMahalanobis(this._unbroadcasted_cov_factor, this._unbroadcasted_cov_diag, value.sub(this.loc), this._capacitance_tril);
    return mahalanobis.add(this.logdet()).add(this._event_shape[0] * Math.log(2 * Math.PI)).mul(-0.5);
  }
  override entropy(): Tensor {
    const H = this.logdet().add(this._event_shape[0] * (1 + Math.log(2 * Math.PI))).mul(0.5);
    return this._batch_shape.length === 0 ? H : H.expand([...this._batch_shape]);
  }
}
