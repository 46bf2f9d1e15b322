// node:fs, node:module and node:path for the browser bundles of the bench's
// peer scripts (bench/browser.ts): the files they read (MNIST's IDX files, the
// char LM's names) are fetched by the page first, into globalThis.__benchFiles.
type Bytes = Uint8Array & { readUInt32BE(offset: number): number };
const files = (globalThis as { __benchFiles?: Record<string, Uint8Array> }).__benchFiles ?? {};

export function readFileSync(path: string | URL, encoding?: string): Bytes | string {
  const name = String(path).replace(/^.*\//, "");
  const bytes = files[name];
  if (bytes === undefined) throw new Error(`bench in a browser: ${name} was not fetched by the page`);
  if (encoding !== undefined) return new TextDecoder().decode(bytes);
  // Buffer's one method that bench/peers/common.ts uses.
  return Object.assign(bytes, { readUInt32BE: (o: number) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(o) });
}

export function createRequire() {
  return { resolve: (id: string) => `/node_modules/${id}` };
}

export function dirname(p: string): string {
  return p.replace(/\/[^/]*$/, "");
}

export function join(...parts: string[]): string {
  return parts.join("/");
}
