// node:fs's readFileSync for the browser bundle of the tests: the page fetches
// the golden JSON files first (files by their name; the folder is ignored).
const files = (globalThis as { __testFiles?: Record<string, string> }).__testFiles ?? {};
export function readFileSync(path: string): string {
  const name = path.replace(/^.*\//, "");
  const text = files[name];
  if (text === undefined) throw new Error(`browser tests: ${name} was not fetched by the page`);
  return text;
}
export function existsSync(): boolean {
  return false;
}
