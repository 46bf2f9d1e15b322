// A worker_threads entry in plain JS: loads tsx so the TypeScript worker can run.
import { register } from "tsx/esm/api";

register();
await import("./worker.ts");
