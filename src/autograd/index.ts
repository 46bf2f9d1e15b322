// torch.autograd
export { backward, grad } from "./engine.js";
export { Function, FunctionCtx } from "./function.js";
export { gradcheck, gradgradcheck, GradcheckError } from "./gradcheck.js";
export { no_grad, enable_grad, set_grad_enabled, inference_mode } from "./grad_mode.js";
export { Node, AccumulateGrad } from "./node.js";
