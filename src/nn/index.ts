// torch.nn
export { Module, type StateDict } from "./module.js";
export { Parameter } from "./parameter.js";
export * from "./layers.js";
export * from "./rnn.js";
export * from "./transformer.js";
export { CTCLoss } from "./ctc_loss.js";
export * as utils from "./utils.js";
export * as functional from "./functional.js";
export * as init from "./init.js";
