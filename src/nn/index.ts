// torch.nn
export { Module, type StateDict } from "./module.js";
export { Parameter } from "./parameter.js";
export * from "./layers.js";
export * from "./rnn.js";
export * from "./transformer.js";
export { CTCLoss } from "./ctc_loss.js";
export * as utils from "./utils.js";
import * as functionalOps from "./functional.js";
import { libraryFunctions } from "../memory.js";
/** torch.nn.functional; each function frees its temporaries as it returns (Note [library scopes]). */
export const functional = libraryFunctions(functionalOps);
export * as init from "./init.js";

// The library's modules free their temporaries (Note [library scopes]).
import { markLibraryModules } from "./module.js";
import * as layers from "./layers.js";
import * as rnn from "./rnn.js";
import * as transformer from "./transformer.js";
import { CTCLoss } from "./ctc_loss.js";
markLibraryModules([...Object.values(layers), ...Object.values(rnn), ...Object.values(transformer), CTCLoss]);
