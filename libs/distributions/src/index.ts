export {
  Distribution,
  FULLY_REPARAMETERIZED,
  NOT_REPARAMETERIZED,
} from './distribution';
export type {
  ConstrainingBijector,
  DistributionClass,
  DistributionOptions,
  ParameterProperties,
  ParameterSpec,
  ReparameterizationType,
} from './distribution';
export type {Constraint, TensorLike} from './internal/parameters';
export {SeedStream} from './internal/seed';
export type {Seed} from './internal/seed';
export {klDivergence, lookupKL, registerKL} from './kl_divergence';
export type {KLFunction} from './kl_divergence';
export {Independent} from './independent';
export type {IndependentOptions} from './independent';
export {Normal} from './normal';
export type {NormalOptions} from './normal';
export {Sample} from './sample';
export type {SampleOptions} from './sample';
export {TransformedDistribution} from './transformed_distribution';
export type {TransformedDistributionOptions} from './transformed_distribution';
export {Bernoulli} from './bernoulli';
export type {BernoulliOptions} from './bernoulli';
export {Categorical} from './categorical';
export type {CategoricalOptions} from './categorical';
export {OneHotCategorical} from './one_hot_categorical';
export type {OneHotCategoricalOptions} from './one_hot_categorical';
export {Poisson} from './poisson';
export type {PoissonOptions} from './poisson';
export {MultivariateNormalLinearOperator} from './multivariate_normal_linear_operator';
export type {MultivariateNormalLinearOperatorOptions} from './multivariate_normal_linear_operator';
export {MultivariateNormalDiag} from './multivariate_normal_diag';
export type {MultivariateNormalDiagOptions} from './multivariate_normal_diag';
export {MultivariateNormalTriL} from './multivariate_normal_tril';
export type {MultivariateNormalTriLOptions} from './multivariate_normal_tril';
export {MultivariateNormalFullCovariance} from './multivariate_normal_full_covariance';
export type {MultivariateNormalFullCovarianceOptions} from './multivariate_normal_full_covariance';
export {MixtureSameFamily} from './mixture_same_family';
export type {MixtureSameFamilyOptions} from './mixture_same_family';
export {Mixture} from './mixture';
export type {MixtureOptions} from './mixture';
export {JointDistribution} from './joint_distribution';
export type {JointDistributionOptions, JointNode, JointSampleDistributions, JointStructure} from './joint_distribution';
export {JointDistributionSequential} from './joint_distribution_sequential';
export type {JointDistributionSequentialOptions, SequentialModelPart} from './joint_distribution_sequential';
export {JointDistributionNamed} from './joint_distribution_named';
export type {JointDistributionNamedOptions, NamedModelPart} from './joint_distribution_named';
export {LKJ} from './lkj';
export type {LKJOptions} from './lkj';
export {CholeskyLKJ} from './cholesky_lkj';
export type {CholeskyLKJOptions} from './cholesky_lkj';
export {WishartTriL} from './wishart_tril';
export type {WishartTriLOptions} from './wishart_tril';
export {Laplace} from './laplace';
export type {LaplaceOptions} from './laplace';
export {Logistic} from './logistic';
export type {LogisticOptions} from './logistic';
export {Gumbel} from './gumbel';
export type {GumbelOptions} from './gumbel';
export {Cauchy} from './cauchy';
export type {CauchyOptions} from './cauchy';
export {HalfCauchy} from './half_cauchy';
export type {HalfCauchyOptions} from './half_cauchy';
export {HalfNormal} from './half_normal';
export type {HalfNormalOptions} from './half_normal';
export {LogNormal} from './log_normal';
export type {LogNormalOptions} from './log_normal';
export {TruncatedNormal} from './truncated_normal';
export type {TruncatedNormalOptions} from './truncated_normal';
export {StudentT} from './student_t';
export type {StudentTOptions} from './student_t';
export {Exponential} from './exponential';
export type {ExponentialOptions} from './exponential';
export {Gamma} from './gamma';
export type {GammaOptions} from './gamma';
export {InverseGamma} from './inverse_gamma';
export type {InverseGammaOptions} from './inverse_gamma';
export {Chi2} from './chi2';
export type {Chi2Options} from './chi2';
export {Beta} from './beta';
export type {BetaOptions} from './beta';
export {Kumaraswamy} from './kumaraswamy';
export type {KumaraswamyOptions} from './kumaraswamy';
export {Uniform} from './uniform';
export type {UniformOptions} from './uniform';
export {Weibull} from './weibull';
export type {WeibullOptions} from './weibull';
export {Pareto} from './pareto';
export type {ParetoOptions} from './pareto';
export {GeneralizedPareto} from './generalized_pareto';
export type {GeneralizedParetoOptions} from './generalized_pareto';
export {JohnsonSU} from './johnson_su';
export type {JohnsonSUOptions} from './johnson_su';
export {VonMises} from './von_mises';
export type {VonMisesOptions} from './von_mises';
export {Deterministic} from './deterministic';
export type {DeterministicOptions} from './deterministic';
export {Geometric} from './geometric';
export type {GeometricOptions} from './geometric';
export {Binomial} from './binomial';
export type {BinomialOptions} from './binomial';
export {Multinomial} from './multinomial';
export type {MultinomialOptions} from './multinomial';
export {NegativeBinomial} from './negative_binomial';
export type {NegativeBinomialOptions} from './negative_binomial';
export {Dirichlet} from './dirichlet';
export type {DirichletOptions} from './dirichlet';
export {RelaxedBernoulli} from './relaxed_bernoulli';
export type {RelaxedBernoulliOptions} from './relaxed_bernoulli';
export {RelaxedOneHotCategorical} from './relaxed_one_hot_categorical';
export type {RelaxedOneHotCategoricalOptions} from './relaxed_one_hot_categorical';
