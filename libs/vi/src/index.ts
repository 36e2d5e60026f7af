/**
 * @tfjs-probability/vi (`tfp.vi`, `tfp.monteCarlo`): variational inference.
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
export * as monteCarlo from './monte_carlo';
export type {TensorStructure} from './internal/structure';
