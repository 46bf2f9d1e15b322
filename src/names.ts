// The names of the library's classes, as printing and errors show them.
//
// Note [class names]: a bundler that minifies renames classes, so
// `constructor.name` says `Er` where PyTorch's printing says `Linear`. The
// names a class is exported under survive (they are the package's interface),
// so the root index gives each exported class the name it is exported under
// (nameClasses, over every namespace), and printing and errors read it with
// className(). A user's subclass has no such name of its own and shows its
// own constructor.name, as it would in PyTorch.
const NAME = Symbol.for("tensorgrad.className");

const isClass = (v: unknown): v is abstract new (...args: never[]) => unknown => typeof v === "function" && v.prototype !== undefined;

/** A namespace: a module's (null prototype) or a bundler's stand-in for one (a plain object). */
const isNamespace = (v: unknown): v is object =>
  v !== null && typeof v === "object" && (Object.getPrototypeOf(v) === null || Object.getPrototypeOf(v) === Object.prototype);

/** Names every class exported by `ns` and by the namespaces inside it, each by its export name (the first one met wins). */
export function nameClasses(ns: object, seen = new Set<object>()): void {
  if (seen.has(ns)) return;
  seen.add(ns);
  for (const [key, value] of Object.entries(ns)) {
    if (isNamespace(value)) nameClasses(value, seen);
    else if (isClass(value) && /^_?[A-Z]/.test(key) && !Object.hasOwn(value, NAME)) Object.defineProperty(value, NAME, { value: key });
  }
}

/** The class name of `o` for printing and errors: the library's own name for its classes, else constructor.name. */
export function className(o: object): string {
  const c = (o as { constructor?: { name: string; [NAME]?: string } }).constructor;
  if (c === undefined) return "Object";
  return Object.hasOwn(c, NAME) ? c[NAME]! : c.name;
}
