// What several of nn.functional's files share (not re-exported by functional.ts).
import type { Tensor } from "../../tensor.js";

export type T = Tensor;

export type Pair = number | [number, number];
export const pair = (v: Pair): [number, number] => (typeof v === "number" ? [v, v] : v);

/** One number of a 1-d layer's setting, given as a number or a one-element list. */
export const single = (v: number | readonly number[]): number => (typeof v === "number" ? v : v[0]);
