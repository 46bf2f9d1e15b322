// The matchers of the `expect` package that the browser-run tests use (jest's
// expect needs Node's fs, path and util). Same semantics: toBe is Object.is,
// toEqual is recursive equality (Object.is on primitives; undefined properties
// ignored), toThrow matches a substring, a RegExp, an error class or message.
type Matchers = {
  toBe(want: unknown): void;
  toEqual(want: unknown): void;
  toBeNull(): void;
  toBeCloseTo(want: number, digits?: number): void;
  toBeInstanceOf(cls: new (...a: never[]) => unknown): void;
  toBeLessThanOrEqual(n: number): void;
  toBeLessThan(n: number): void;
  toThrow(want?: string | RegExp | (new (...a: never[]) => unknown) | Error): void;
};

const show = (v: unknown) => {
  try {
    return typeof v === "string" ? JSON.stringify(v) : typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype ? String(v) : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

function equal(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (ArrayBuffer.isView(a) || Array.isArray(a)) {
    const x = a as ArrayLike<unknown>, y = b as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!equal(x[i], y[i])) return false;
    return true;
  }
  const keys = (o: object) => Object.keys(o).filter((k) => (o as Record<string, unknown>)[k] !== undefined);
  const ka = keys(a), kb = keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => equal((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function matchers(got: unknown, negate: boolean): Matchers {
  const check = (ok: boolean, what: string) => {
    if (ok === negate) throw new Error(`expect(${show(got)})${negate ? ".not" : ""}.${what}`);
  };
  return {
    toBe: (want) => check(Object.is(got, want), `toBe(${show(want)})`),
    toEqual: (want) => check(equal(got, want), `toEqual(${show(want)})`),
    toBeNull: () => check(got === null, "toBeNull()"),
    toBeCloseTo: (want, digits = 2) => check(Math.abs((got as number) - want) < 10 ** -digits / 2, `toBeCloseTo(${want}, ${digits})`),
    toBeInstanceOf: (cls) => check(got instanceof cls, `toBeInstanceOf(${cls.name})`),
    toBeLessThanOrEqual: (n) => check((got as number) <= n, `toBeLessThanOrEqual(${n})`),
    toBeLessThan: (n) => check((got as number) < n, `toBeLessThan(${n})`),
    toThrow(want) {
      let thrown: unknown = undefined, threw = false;
      try {
        (got as () => unknown)();
      } catch (e) {
        thrown = e;
        threw = true;
      }
      const message = String((thrown as Error)?.message ?? thrown);
      let ok = threw;
      if (threw && typeof want === "string") ok = message.includes(want);
      else if (threw && want instanceof RegExp) ok = want.test(message);
      else if (threw && typeof want === "function") ok = thrown instanceof want;
      else if (threw && want instanceof Error) ok = message === want.message;
      if (ok === negate) throw new Error(`expected ${negate ? "no throw" : `a throw matching ${show(want)}`}, got ${threw ? `"${message}"` : "no throw"}`);
    },
  };
}

export function expect(got: unknown): Matchers & { not: Matchers } {
  return Object.assign(matchers(got, false), { not: matchers(got, true) });
}
