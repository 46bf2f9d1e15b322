// torch.optim
export { Optimizer, SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD, LBFGS, type ParamGroup } from "./optimizer.js";
export * as lr_scheduler from "./lr_scheduler.js";
