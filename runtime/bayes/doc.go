// Package bayes is paramsql's Bayesian engine: it turns event counts into
// up-to-date posterior estimates of conversion rates (and a few related
// quantities) and flags batches of data that the current belief does not
// explain.
//
// Three update rules are offered because they trade exactness for generality:
//
//   - Conjugate: exact closed-form updates for Beta-Binomial, Normal with
//     known variance, Gamma-Poisson and LogNormal (Normal on the log scale).
//     This is the default and the only rule used by Sequential.
//   - MCMC: a random-walk Metropolis sampler on the logit scale for a
//     probability with a binomial likelihood. It works for priors with no
//     conjugate partner (the logit-normal prior) and reports convergence
//     diagnostics (split R-hat, effective sample size).
//   - Variational: the Beta distribution closest to the posterior in
//     Kullback-Leibler divergence, found by maximising the evidence lower
//     bound. It is deterministic and cheap, and exact when the prior is Beta.
//
// Distribution arithmetic (densities, quantiles, special functions,
// optimisation) is delegated to gonum; this package only encodes the models.
// The tests check every rule against independent references: values from R,
// hand derivations, and Gauss-Legendre quadrature of the exact posterior.
package bayes
