// node:test's describe / it / mock for the browser bundle of the tests: suites
// are collected as the test modules load, then run() runs them in order.
type Fn = () => void | Promise<void>;
interface Case {
  name: string;
  fn: Fn;
}
interface Suite {
  name: string;
  /** Runs when the suite's turn comes, so that an async body (seeds.test.ts imports its notebook first) registers into it. */
  body: () => void | Promise<void>;
  cases: Case[];
  suites: Suite[];
}

const root: Suite = { name: "", body: () => undefined, cases: [], suites: [] };
let current = root;

export function describe(name: string, body: () => void | Promise<void>): void {
  current.suites.push({ name, body, cases: [], suites: [] });
}

export function it(name: string, fn: Fn): void {
  current.cases.push({ name, fn });
}

export const test = it;

export const mock = {
  method<T extends object, K extends keyof T>(obj: T, key: K, impl: (...args: unknown[]) => unknown) {
    const original = obj[key];
    const calls: { arguments: unknown[] }[] = [];
    (obj as Record<K, unknown>)[key] = (...args: unknown[]) => {
      calls.push({ arguments: args });
      return impl(...args);
    };
    return { mock: { calls, restore: () => void ((obj as Record<K, unknown>)[key] = original) } };
  },
};

export interface Result {
  name: string;
  ok: boolean;
  error?: string;
}

/** Runs every collected test; `report` sees each result as it comes. */
export async function run(report: (r: Result) => void): Promise<Result[]> {
  const results: Result[] = [];
  async function walk(suite: Suite, prefix: string): Promise<void> {
    // Tests run one at a time, so nothing else registers while an async body awaits.
    const parent = current;
    current = suite;
    try {
      await suite.body();
    } catch (e) {
      const r = { name: `${prefix}${suite.name}`, ok: false, error: String((e as Error)?.stack ?? e) };
      results.push(r);
      report(r);
    } finally {
      current = parent;
    }
    const path = suite.name ? `${prefix}${suite.name} > ` : prefix;
    for (const c of suite.cases) {
      let r: Result;
      try {
        await c.fn();
        r = { name: path + c.name, ok: true };
      } catch (e) {
        r = { name: path + c.name, ok: false, error: String((e as Error)?.message ?? e).slice(0, 2000) };
      }
      results.push(r);
      report(r);
    }
    for (const s of suite.suites) await walk(s, path);
  }
  await walk(root, "");
  return results;
}
