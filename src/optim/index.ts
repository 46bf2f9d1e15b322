// torch.optim
export { Optimizer, SGD, Adam, AdamW, RMSprop, type ParamGroup } from "./optimizer.js";
export * as lr_scheduler from "./lr_scheduler.js";
