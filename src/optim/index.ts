// torch.optim
export { Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD, type ParamGroup } from "./optimizer.js";
export { LBFGS } from "./lbfgs.js";
export * as lr_scheduler from "./lr_scheduler.js";
