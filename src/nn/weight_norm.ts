// torch.nn.utils.weight_norm and spectral_norm: a parameter re-expressed through
// others, recomputed by a forward pre-hook before every forward, as PyTorch's
// WeightNorm and SpectralNorm hooks do (the same parameters and buffers, in the
// same order, so state_dicts carry over).
import { no_grad } from "../autograd/grad_mode.js";
import { RuntimeError, ValueError } from "../errors.js";
import { _weight_norm, norm_except_dim } from "../ops/nn.js";
import type { Tensor } from "../tensor.js";
import { normalize } from "./functional.js";
import { ConvTranspose1d, ConvTranspose2d } from "./layers.js";
import type { Module } from "./module.js";
import { Parameter } from "./parameter.js";

type Attrs = Record<string, any>;

/** A reparametrization registered on a module: its kind, the parameter's name, its hook's handle and how to undo it. */
interface Reparametrization {
  kind: "weight_norm" | "spectral_norm";
  name: string;
  remove(): void;
}
const registered = new WeakMap<Module, Reparametrization[]>();

function register(module: Module, kind: Reparametrization["kind"], name: string, hook: () => void, undo: () => void): void {
  const list = registered.get(module) ?? [];
  if (list.some((r) => r.kind === kind && r.name === name)) throw new RuntimeError(`Cannot register two ${kind} hooks on the same parameter ${name}`);
  const handle = module.register_forward_pre_hook(() => {
    hook();
    return undefined;
  });
  list.push({ kind, name, remove: () => (handle.remove(), undo()) });
  registered.set(module, list);
}

function unregister(module: Module, kind: Reparametrization["kind"], name: string): Module {
  const list = registered.get(module) ?? [];
  const i = list.findIndex((r) => r.kind === kind && r.name === name);
  if (i < 0) throw new ValueError(`${kind} of '${name}' not found in ${module.toString()}`);
  list[i].remove();
  list.splice(i, 1);
  return module;
}

/**
 * weight_norm(module, name='weight', dim=0): name becomes name_g * name_v / |name_v| (the
 * norm over every dim but dim; dim null: the whole tensor), with name_g and name_v the
 * parameters in its place.
 */
export function weight_norm(module: Module, name = "weight", dim: number | null = 0): Module {
  const m = module as unknown as Attrs;
  const d = dim ?? -1;
  const weight = m[name] as Tensor;
  const compute = () => _weight_norm(m[`${name}_v`], m[`${name}_g`], d);
  delete m[name];
  m[`${name}_g`] = new Parameter(norm_except_dim(weight, 2, d).detach());
  m[`${name}_v`] = new Parameter(weight.detach());
  m[name] = compute();
  register(module, "weight_norm", name, () => (m[name] = compute()), () => {
    const w = compute();
    delete m[name];
    delete m[`${name}_g`];
    delete m[`${name}_v`];
    m[name] = new Parameter(w.detach());
  });
  return module;
}
export const remove_weight_norm = (module: Module, name = "weight"): Module => unregister(module, "weight_norm", name);

/**
 * spectral_norm(module, name='weight', n_power_iterations=1, eps=1e-12, dim=None): name
 * becomes name_orig / sigma, sigma its largest singular value estimated by power iteration
 * (in training, n_power_iterations per forward) with the vectors in the buffers name_u and name_v.
 */
export function spectral_norm(module: Module, name = "weight", n_power_iterations = 1, eps = 1e-12, dim: number | null = null): Module {
  if (n_power_iterations <= 0) throw new ValueError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n_power_iterations}`);
  const m = module as unknown as Attrs;
  const d = dim ?? (module instanceof ConvTranspose1d || module instanceof ConvTranspose2d ? 1 : 0);
  const asMatrix = (w: Tensor) => {
    const moved = d !== 0 ? w.permute([d, ...[...Array(w.dim()).keys()].filter((k) => k !== d)]) : w;
    return moved.reshape(moved.shape[0], -1);
  };
  const weight = m[name] as Parameter;
  const [u, v] = no_grad(() => {
    const [h, w] = asMatrix(weight).shape;
    return [normalize(weight.new_empty([h]).normal_(0, 1), { dim: 0, eps }), normalize(weight.new_empty([w]).normal_(0, 1), { dim: 0, eps })];
  });
  delete m[name];
  m[`${name}_orig`] = weight;
  m[name] = weight.detach();
  module.register_buffer(`${name}_u`, u);
  module.register_buffer(`${name}_v`, v);
  const compute = (powerIteration: boolean): Tensor => {
    const mat = asMatrix(m[`${name}_orig`]);
    let uu = m[`${name}_u`] as Tensor, vv = m[`${name}_v`] as Tensor;
    if (powerIteration) {
      no_grad(() => {
        for (let i = 0; i < n_power_iterations; i++) {
          // In place into the buffers, as PyTorch's normalize(..., out=v).
          vv.copy_(normalize(mat.t().mv(uu), { dim: 0, eps }));
          uu.copy_(normalize(mat.mv(vv), { dim: 0, eps }));
        }
        uu = uu.clone();
        vv = vv.clone();
      });
    }
    const sigma = uu.dot(mat.mv(vv));
    return (m[`${name}_orig`] as Tensor).div(sigma);
  };
  register(module, "spectral_norm", name, () => (m[name] = compute(module.training)), () => {
    const w = no_grad(() => compute(false));
    delete m[name];
    delete m[`${name}_orig`];
    module.register_buffer(`${name}_u`, null);
    module.register_buffer(`${name}_v`, null);
    m[name] = new Parameter(w.detach());
  });
  return module;
}
export const remove_spectral_norm = (module: Module, name = "weight"): Module => unregister(module, "spectral_norm", name);
