// gradcheck / gradgradcheck: finite differences against the engine's
// vector-Jacobian products, as torch.autograd.gradcheck does.
import { float64 } from "../dtype.js";
import { RuntimeError } from "../errors.js";
import { Tensor } from "../tensor.js";
import { grad } from "./engine.js";
import { normalValues } from "../random.js";
import { warn } from "../warnings.js";

export class GradcheckError extends RuntimeError {
  constructor(message: string) {
    super(message);
    this.name = "GradcheckError";
  }
}

export interface GradcheckOptions {
  eps?: number;
  atol?: number;
  rtol?: number;
  raise_exception?: boolean;
}

type Fn = (...inputs: any[]) => Tensor | Tensor[];

function outputsOf(fn: Fn, inputs: unknown[]): Tensor[] {
  const out = fn(...inputs);
  return (Array.isArray(out) ? out : [out]).filter((o): o is Tensor => o instanceof Tensor);
}

function elementOffsets(t: Tensor): number[] {
  const offs: number[] = [];
  const walk = (d: number, off: number) => {
    if (d === t.dim()) return void offs.push(off);
    for (let i = 0; i < t.shape[d]; i++) walk(d + 1, off + i * t._strides[d]);
  };
  walk(0, t._offset);
  return offs;
}

/** Central differences: column j of the Jacobian of every output with respect to input element j. */
function numericalJacobian(fn: Fn, inputs: unknown[], x: Tensor, eps: number): number[][][] {
  const offs = elementOffsets(x);
  const cols: number[][][] = [];
  {
    const data = x._host();
    for (const off of offs) {
      const orig = data[off];
      data[off] = orig - eps;
      const lo = outputsOf(fn, inputs).map((o) => Array.from(o.double()._contiguousData()));
      data[off] = orig + eps;
      const hi = outputsOf(fn, inputs).map((o) => Array.from(o.double()._contiguousData()));
      data[off] = orig;
      cols.push(hi.map((h, k) => h.map((v, i) => (v - lo[k][i]) / (2 * eps))));
    }
  }
  // cols[j][k][i] -> jac[k][i][j]
  const nOut = cols[0]?.length ?? 0;
  return Array.from({ length: nOut }, (_, k) => Array.from({ length: cols[0][k].length }, (_, i) => cols.map((c) => c[k][i])));
}

function fmtMatrix(m: number[][]): string {
  return String(Tensor._make(Float64Array.from(m.flat()), [m.length, m[0]?.length ?? 0], float64));
}

export function gradcheck(fn: Fn, inputs: unknown, options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const raise = options.raise_exception ?? true;
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const diff = ins.map((x, i) => [x, i] as const).filter(([x]) => x instanceof Tensor && x.requires_grad) as [Tensor, number][];
  if (diff.length === 0) throw new RuntimeError("gradcheck expects at least one input tensor to require gradient, but none of the them have requires_grad=True.");
  for (const [x, i] of diff) {
    if (x.dtype !== float64) warn(`Input #${i} requires gradient and is not a double precision floating point or complex. This check will likely fail if all the inputs are not of double precision floating point or complex.`);
  }
  const outputs = outputsOf(fn, ins);
  for (let k = 0; k < outputs.length; k++) {
    const out = outputs[k];
    if (!out.requires_grad) continue;
    const n = out.numel();
    // analytical[input][i][j]: d out_i / d x_j, one backward pass per output element.
    const analytical = diff.map(([x]) => Array.from({ length: n }, () => new Array<number>(x.numel()).fill(0)));
    for (let i = 0; i < n; i++) {
      const onehot = Tensor._full(out.shape, 0, out.dtype, out.device);
      onehot._host()[i] = 1;
      const gs = grad([out], diff.map(([x]) => x), [onehot], { retain_graph: true, allow_unused: true });
      gs.forEach((g, a) => {
        if (g !== null) analytical[a][i] = Array.from(g.double()._contiguousData());
      });
    }
    for (let a = 0; a < diff.length; a++) {
      const [x, idx] = diff[a];
      const numerical = numericalJacobian(fn, ins, x, eps)[k];
      const an = analytical[a];
      let ok = true;
      for (let i = 0; i < n && ok; i++) {
        for (let j = 0; j < x.numel(); j++) {
          const nv = numerical[i][j], av = an[i][j];
          if (!(Math.abs(av - nv) <= atol + rtol * Math.abs(nv))) {
            ok = false;
            break;
          }
        }
      }
      if (!ok) {
        if (!raise) return false;
        // PyTorch prints Jacobians as [input element, output element].
        const t = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));
        throw new GradcheckError(`Jacobian mismatch for output ${k} with respect to input ${idx},\nnumerical:${fmtMatrix(t(numerical))}\nanalytical:${fmtMatrix(t(an))}\n`);
      }
    }
  }
  return true;
}

/** Checks the gradient of the gradient: gradcheck of (inputs, grad_outputs) -> autograd.grad(..., create_graph). */
export function gradgradcheck(fn: Fn, inputs: unknown, grad_outputs?: Tensor | Tensor[] | null, options: GradcheckOptions = {}): boolean {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const outputs = outputsOf(fn, ins);
  const gouts = grad_outputs
    ? Array.isArray(grad_outputs) ? grad_outputs : [grad_outputs]
    : outputs.map((o) => Tensor._make(normalValues(o.numel(), float64, 0, 1), o.shape, float64).requires_grad_(true));
  const nIn = ins.length;
  const diffIdx = ins.map((x, i) => (x instanceof Tensor && x.requires_grad ? i : -1)).filter((i) => i >= 0);
  const gradFn = (...all: unknown[]): Tensor[] => {
    const xs = all.slice(0, nIn);
    const gs = all.slice(nIn) as Tensor[];
    const outs = outputsOf(fn, xs);
    const grads = grad(outs, diffIdx.map((i) => xs[i] as Tensor), gs, { create_graph: true, allow_unused: true });
    return grads.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(gradFn, [...ins, ...gouts], options);
}
