// torch.distributions: probability distributions with sampling, log_prob, entropy and KL divergence.
export * as constraints from "./constraints.js";
export { Distribution } from "./distribution.js";
export { Normal } from "./normal.js";
export { Uniform } from "./uniform.js";
export { Categorical } from "./categorical.js";
export { OneHotCategorical } from "./one_hot_categorical.js";
export { Bernoulli } from "./bernoulli.js";
export { Independent } from "./independent.js";
export { Exponential } from "./exponential.js";
export { Laplace } from "./laplace.js";
export { Gamma, Chi2 } from "./gamma.js";
export { Dirichlet, Beta } from "./dirichlet.js";
export { Poisson } from "./poisson.js";
export { MultivariateNormal } from "./multivariate_normal.js";
export { kl_divergence, register_kl } from "./kl.js";
export * as kl from "./kl.js";
