// What the modules of src/nn/modules share: their constructors' argument binding (initArgs), factory options, and PyTorch's printing of settings.
import { bindArgs } from "../../args.js";

export type Pair = number | [number, number];
export const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : v);
export const tuple = (v: [number, number]) => `(${v[0]}, ${v[1]})`;
export const pyBool = (b: boolean) => (b ? "True" : "False");
/** A number or pair as PyTorch prints a module's setting: 2 or (2, 3). */
export const fmtPair = (v: Pair) => (typeof v === "number" ? String(v) : tuple(v));

export interface FactoryOptions {
  dtype?: import("../../dtype.js").DType;
  device?: string | null;
}

/**
 * A module constructor's arguments bound as Python binds them (bindArgs): any
 * parameter by position in PyTorch's order or by name in a trailing options
 * object, over the defaults; a missing required one or an unknown option is an error.
 */
export function initArgs(cls: string, args: readonly unknown[], names: readonly string[], defaults: Record<string, unknown>, required = 0): Record<string, any> {
  const o = bindArgs(`${cls}.__init__`, args, names, [], required);
  return { ...defaults, ...o };
}
/** The factory options (dtype, device) of a module's bound arguments: its parameters are created with them, as in PyTorch. */
export const factory = (o: Record<string, any>): FactoryOptions => ({
  ...(o.dtype === undefined || o.dtype === null ? {} : { dtype: o.dtype }),
  ...(o.device === undefined || o.device === null ? {} : { device: o.device }),
});

export const one = (v: number | readonly number[]): number => (typeof v === "number" ? v : v[0]);
/** A 1-d setting as PyTorch prints it: a one-element tuple. */
export const tuple1 = (v: number) => `(${v},)`;
