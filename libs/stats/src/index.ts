/**
 * tfp.stats: Monte Carlo predictive uncertainty, calibration and out-of-distribution metrics, and
 * their pictures (reliability diagrams, uncertainty histograms) as PNG.
 */
export {mcMapBatches, mcPredict} from './mc_predict';
export type {McPredictOptions, StochasticFunction, StochasticModel} from './mc_predict';
export {classifierUncertainty, mcClassify} from './classifier_uncertainty';
export type {ClassifierUncertainty, ClassifierUncertaintyOptions, McClassifyOptions} from './classifier_uncertainty';
export {mcRegress, regressorUncertainty} from './regressor_uncertainty';
export type {
  IntervalMethod,
  McRegressOptions,
  MeanVariance,
  MeanVarianceSamples,
  RegressorUncertainty,
  RegressorUncertaintyOptions,
  StochasticRegressor,
} from './regressor_uncertainty';
export {accuracy} from './accuracy';
export {negativeLogLikelihood} from './negative_log_likelihood';
export type {NegativeLogLikelihoodOptions} from './negative_log_likelihood';
export {brierScore} from './brier_score';
export {calibrationBins, calibrationBinsFromConfidences, expectedCalibrationError, maximumCalibrationError} from './calibration';
export type {CalibrationBins, CalibrationOptions, ClassifierCalibrationOptions} from './calibration';
export {auroc, oodAuroc, oodRocCurve, rocCurve} from './roc';
export type {RocCurve} from './roc';
export {reliabilityDiagram} from './plots/reliability_diagram';
export {uncertaintyHistogram} from './plots/uncertainty_histogram';
export type {HistogramSeries, UncertaintyHistogramOptions} from './plots/uncertainty_histogram';
export type {PlotOptions} from './plots/plot_frame';
export type {MatrixLike, VectorLike} from './internal/arrays';
export type {ClassifierOutputOptions} from './internal/classifier_outputs';
