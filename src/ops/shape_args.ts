// The shape ops' arguments as PyTorch binds them (by position or by name, kinds checked:
// Note [argument kinds]), for the Tensor facade's one-line methods and torch.*.
import { bindArgs, checkKind } from "../args.js";
import type { Tensor } from "../tensor.js";
import * as S from "./shape.js";

/** The one optional int parameter of tril, triu, diagflat... by position or by name. */
export function intArg(fn: string, name: string, args: readonly unknown[]): number | undefined {
  const v = bindArgs(fn, args, [name])[name];
  checkKind(fn, name, 0, v, "int");
  return v as number | undefined;
}

export function transposeArgs(x: Tensor, fn: string, args: readonly unknown[]): Tensor {
  const o = bindArgs(fn, args, ["dim0", "dim1"], [], 2);
  return S.transpose(x, o.dim0 as number, o.dim1 as number);
}

/** Tensor.split's size is `split_size`, torch.split's `split_size_or_sections`. */
export function splitArgs(x: Tensor, args: readonly unknown[], sizeName: string): Tensor[] {
  const o = bindArgs("split", args, [sizeName, "dim"], [], 1);
  checkKind("split", sizeName, 0, o[sizeName], "ints");
  return S.split(x, o[sizeName] as number | number[], (o.dim as number) ?? 0);
}

export function moveArgs(x: Tensor, fn: string, args: readonly unknown[]): Tensor {
  const o = bindArgs(fn, args, ["source", "destination"], [], 2);
  checkKind(fn, "source", 0, o.source, "ints");
  checkKind(fn, "destination", 1, o.destination, "ints");
  return S.movedim(x, o.source as number | number[], o.destination as number | number[]);
}

export function flatShape(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as number[])];
  return args as number[];
}

