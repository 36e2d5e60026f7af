/**
 * Linear mixed effects on InstEval: TFP's mixed-effects tutorial as a tfjs-probability program.
 *
 *   const data = loadInstEval();                        // dense 0-based group indices
 *   const model = new LinearMixedEffectsModel(data);    // a JointDistributionNamed inside
 *   const fit = fitMixedModel(model, {chains: 2, warmup: 300, draws: 300});
 *   summarizeScalar(fit.draws.sdStudents);              // mean, 95% interval, ESS, R-hat
 */
export {INSTEVAL_CSV, denseFactor, loadInstEval} from './insteval';
export type {Factor, InstEvalData, LoadInstEvalOptions} from './insteval';
export {DEFAULT_PRIORS, LinearMixedEffectsModel, PARAM_NAMES, POSITIVE_PARAMS} from './model';
export type {MixedModelData, MixedModelParams, MixedModelPriors, ParamName} from './model';
export {UnconstrainedPosterior} from './posterior';
export {DiagonalPreconditioner} from './preconditioner';
export {SAMPLERS, fitMixedModel, warmupWindows} from './fit';
export type {FitOptions, FitResult, PhaseReport, SamplerName} from './fit';
export {quantileOfSorted, summarizeScalar, summarizeVector} from './summary';
export type {ScalarSummary, VectorSummary} from './summary';
export {posteriorPredictiveChecks} from './ppc';
export type {CheckedStatistic, PosteriorPredictiveChecks} from './ppc';
export {LME4_REFERENCE, formatReport, runFit} from './run_fit';
export type {FitReport, RunFitOptions} from './run_fit';
export {buildProgram} from './cli';
