// A seed notebook as the playground reads it (dist/playground/notebooks/<name>.json,
// written by scripts/build-playground.ts from examples/seeds/<name>.ts).
export interface NotebookSource {
  name: string;
  title: string;
  /** The example's opening comment: what the notebook covers, and how it differs from the original. */
  intro: string;
  /** The variables the cells share (the example's module-level `let`s). */
  variables: string[];
  cells: { label: string; note: string; source: string }[];
}
