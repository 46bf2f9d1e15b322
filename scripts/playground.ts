// npm run playground: serves dist/playground (npm run build writes it) on 127.0.0.1 and prints its address.
//   npm run playground -- --port 8080
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { serve } from "./serve.js";

const { values } = parseArgs({ options: { port: { type: "string", default: "8000" } } });
const folder = new URL("../dist/playground/", import.meta.url).pathname;
if (!existsSync(`${folder}index.html`)) {
  console.error("dist/playground is not built: run npm run build first");
  process.exit(1);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got "${values.port}"`);
  process.exit(1);
}
const { url } = await serve(folder, { port });
console.log(`tensorgrad playground: ${url}  (the notebooks: ${url}?notebook=autograd-tutorial, training: ${url}train.html; Ctrl+C stops)`);
