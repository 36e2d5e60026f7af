export {lgamma, digamma, polygamma, trigamma} from './gamma';
export {lbeta} from './lbeta';
export {ndtr, ndtri, logNdtr, erfinv} from './normal';
export {log1mexp, softplusInverse, logAddExp, logCosh} from './log_space';
export {reduceLogSumExp, reduceWeightedLogSumExp} from './reduce_log_sum_exp';
export type {ReduceWeightedLogSumExpOptions} from './reduce_log_sum_exp';
export {igamma, igammac} from './igamma';
