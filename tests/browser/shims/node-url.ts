// node:url for the browser bundle of the tests.
export function fileURLToPath(url: string | URL): string {
  return new URL(url).pathname;
}
