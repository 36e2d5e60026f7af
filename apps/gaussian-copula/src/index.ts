export {bivariateCorrelationTril, GaussianCopulaTriL, sampleCorrelation, WarpedGaussianCopula} from './gaussian_copula';
export type {GaussianCopulaTriLOptions, WarpedGaussianCopulaOptions} from './gaussian_copula';
