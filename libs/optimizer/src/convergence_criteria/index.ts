/** `tfp.optimizer.convergenceCriteria`: stopping rules for iterative optimisation. */
export {ConvergenceCriterion} from './convergence_criterion';
export type {ConvergenceCriterionOptions, ConvergenceState, ConvergenceStep} from './convergence_criterion';
export {LossNotDecreasing} from './loss_not_decreasing';
export type {LossNotDecreasingOptions} from './loss_not_decreasing';
export {SuccessiveGradientsAreUncorrelated} from './successive_gradients_are_uncorrelated';
export type {SuccessiveGradientsAreUncorrelatedOptions} from './successive_gradients_are_uncorrelated';
