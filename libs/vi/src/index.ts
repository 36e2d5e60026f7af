/**
 * @tfjs-probability/vi (`tfp.vi`, `tfp.monteCarlo`): variational inference. Csiszar functions and
 * the Monte Carlo variational loss, `fitSurrogatePosterior`, and trainable surrogate posteriors
 * (TFP's `tfp.experimental.vi` builders, here in `tfp.vi`).
 */
export {
  amariAlpha,
  arithmeticGeometric,
  chiSquare,
  dualCsiszarFunction,
  jeffreys,
  jensenShannon,
  klForward,
  klReverse,
  log1pAbs,
  modifiedGan,
  pearson,
  squaredHellinger,
  symmetrizedCsiszarFunction,
  totalVariation,
  tPower,
  triangular,
} from './csiszar_functions';
export type {AmariAlphaOptions, CsiszarFunction, LogU, SelfNormalizedOptions, TPowerOptions} from './csiszar_functions';
export {csiszarVimco, csiszarVimcoHelper} from './csiszar_vimco';
export type {CsiszarVimcoOptions} from './csiszar_vimco';
export {monteCarloVariationalLoss} from './monte_carlo_variational_loss';
export type {GradientEstimator, MonteCarloVariationalLossOptions, TargetLogProbFn} from './monte_carlo_variational_loss';
export {fitSurrogatePosterior} from './fit_surrogate_posterior';
export type {FitSurrogatePosteriorOptions, TraceableQuantities} from './fit_surrogate_posterior';
export type {SurrogatePosterior} from './surrogate_posterior';
export {DeferredDistribution} from './deferred_distribution';
export type {DeferredDistributionOptions} from './deferred_distribution';
export {JointSurrogatePosterior} from './joint_surrogate_posterior';
export type {JointValues} from './joint_surrogate_posterior';
export {buildFactoredSurrogatePosterior} from './build_factored_surrogate_posterior';
export type {FactoredSurrogateOptions, SurrogateValues, TrainableSurrogate} from './build_factored_surrogate_posterior';
export {buildAffineSurrogatePosterior} from './build_affine_surrogate_posterior';
export type {AffineSurrogateOptions} from './build_affine_surrogate_posterior';
export {buildPinnedSurrogatePosterior} from './build_pinned_surrogate_posterior';
export type {PinnedJointDistribution, PinnedSurrogateOptions} from './build_pinned_surrogate_posterior';
export type {BijectorStructure, EventShapeStructure, InitialLoc, StructureBijector} from './internal/layout';
export type {Operators} from './internal/flat_normal';
export * as monteCarlo from './monte_carlo';
export type {TensorStructure, UnnormalizedTarget} from './internal/structure';
