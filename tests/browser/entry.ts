// The browser bundle of the tests (scripts via tests/browser/browser.test.ts):
// the golden, autograd and seed tests, with node:test, node:fs, node:url and
// node:util replaced by ./shims, against the prebuilt dist/browser/tensorgrad.js.
import "../golden.test.js";
import "../autograd.test.js";
import "../seeds.test.js";
export { run } from "./shims/node-test.js";
