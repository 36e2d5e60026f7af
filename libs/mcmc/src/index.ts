/**
 * @tfjs-probability/mcmc (`tfp.mcmc`): transition kernels, sampleChain and convergence diagnostics.
 *
 *   const kernel = new SimpleStepSizeAdaptation({
 *     innerKernel: new HamiltonianMonteCarlo({targetLogProbFn, stepSize: 0.1, numLeapfrogSteps: 5}),
 *     numAdaptationSteps: 400,
 *   });
 *   const {states, trace, finalKernelResults} = sampleChain({
 *     numResults: 1000, numBurninSteps: 500, currentState: tf.zeros([4, dim]), kernel, seed: 1,
 *     traceFn: (_, r) => r.innerResults.isAccepted,
 *   });
 *   const ess = effectiveSampleSize(states, {crossChainDims: 1});
 *   const rhat = potentialScaleReduction(states, {rankNormalize: true});
 *
 * Chains are the leading dimensions of the state; targetLogProbFn returns one value per chain.
 */
export type {TransitionKernel, KernelResultsOf} from './kernel';
export type {State, TargetLogProbFn} from './internal/state';
export type {StepSize} from './internal/step_size';
export type {GradientKernelResults} from './internal/gradient_kernel';
export {GradientKernel} from './internal/gradient_kernel';
export {MetropolisHastings} from './metropolis_hastings';
export type {MetropolisHastingsOptions, MetropolisHastingsResults, UncalibratedResults} from './metropolis_hastings';
export {RandomWalkMetropolis, UncalibratedRandomWalk, randomWalkNormalFn} from './random_walk_metropolis';
export type {NewStateFn, RandomWalkMetropolisOptions, UncalibratedRandomWalkResults} from './random_walk_metropolis';
export {MetropolisAdjustedLangevinAlgorithm, UncalibratedLangevin} from './langevin';
export type {LangevinOptions} from './langevin';
export {HamiltonianMonteCarlo, UncalibratedHamiltonianMonteCarlo} from './hamiltonian_monte_carlo';
export type {HamiltonianMonteCarloOptions} from './hamiltonian_monte_carlo';
export {SimpleStepSizeAdaptation} from './simple_step_size_adaptation';
export type {SimpleStepSizeAdaptationOptions, SimpleStepSizeAdaptationResults} from './simple_step_size_adaptation';
export {sampleChain} from './sample_chain';
export type {SampleChainOptions, SampleChainResult, TraceFn} from './sample_chain';
export {effectiveSampleSize} from './effective_sample_size';
export type {EffectiveSampleSizeOptions} from './effective_sample_size';
export {potentialScaleReduction} from './potential_scale_reduction';
export type {PotentialScaleReductionOptions} from './potential_scale_reduction';
export {DualAveragingStepSizeAdaptation} from './dual_averaging_step_size_adaptation';
export type {DualAveragingStepSizeAdaptationOptions, DualAveragingStepSizeAdaptationResults} from './dual_averaging_step_size_adaptation';
export type {ReduceFn, StepSizeAdaptationOptions, StepSizeAdaptationResults} from './internal/step_size_adaptation';
export {reduceLogMeanExp} from './internal/step_size_adaptation';
export {TransformedTransitionKernel} from './transformed_transition_kernel';
export type {TransformedTransitionKernelOptions, TransformedTransitionKernelResults} from './transformed_transition_kernel';
export {retargetKernel} from './kernel';
export {NoUTurnSampler} from './no_u_turn_sampler';
export type {NoUTurnSamplerOptions, NoUTurnSamplerResults} from './no_u_turn_sampler';
export type {HamiltonianResults, InverseMassDiagonal} from './internal/hamiltonian';
export {EIGHT_SCHOOLS_DATA, eightSchoolsModel} from './eight_schools';
export type {EightSchoolsModel} from './eight_schools';
export {DiagonalMassMatrixAdaptation, windowSchedule} from './diagonal_mass_matrix_adaptation';
export type {DiagonalMassMatrixAdaptationOptions, DiagonalMassMatrixAdaptationResults, WindowSchedule} from './diagonal_mass_matrix_adaptation';
