// node:util's inspect for the browser bundle of the tests: an object's own inspect hook, as Node calls it.
const custom = Symbol.for("nodejs.util.inspect.custom");
export function inspect(v: unknown): string {
  const hook = (v as Record<symbol, unknown> | null)?.[custom];
  return typeof hook === "function" ? String(hook.call(v)) : String(v);
}
