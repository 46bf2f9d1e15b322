// A worker_threads entry: trains (tests/workers/train.ts) and posts the losses back.
import { parentPort, workerData } from "node:worker_threads";
import { train } from "./train.js";

parentPort!.postMessage(train(workerData.steps, workerData.seed));
