// What a notebook cell shows: Python's print and Jupyter's display rules,
// captured per cell. Shared by the Node examples (./notebook.ts) and the
// browser playground (playground/), so both show the same text.

/** Python's str() of a value: True/False/None as Python spells them. */
export function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return String(v);
}

/** Python's repr(), as a list shows its items: strings quoted. */
function pyRepr(v: unknown): string {
  return typeof v === "string" ? `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'` : pyStr(v);
}

let stream: string[] = [];
let blocks: string[] = [];

function flush(): void {
  if (stream.length > 0) {
    blocks.push(stream.join("").replace(/\n+$/, ""));
    stream = [];
  }
}

/** Python's print(*args): str() of each, joined by a space. */
export function print(...args: unknown[]): void {
  stream.push(args.map(pyStr).join(" ") + "\n");
}

/** Jupyter's display(*objs): each object is an output block of its own. */
export function display(...objs: unknown[]): void {
  flush();
  for (const o of objs) blocks.push(pyStr(o));
}

/** A cell's last expression, which Jupyter shows (nothing for None). */
export function echo(value: unknown): void {
  if (value !== undefined && value !== null) display(value);
}

/** Starts collecting a cell's output (print, display, echo). */
export function beginOutput(): void {
  stream = [];
  blocks = [];
}

/** Ends collecting and returns the cell's output as the notebook shows it (blocks separated by a blank line). */
export function endOutput(): string {
  flush();
  const out = blocks.join("\n\n");
  beginOutput();
  return out;
}
