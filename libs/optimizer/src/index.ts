export {bfgsMinimize} from './bfgs';
export type {BfgsOptions, BfgsResults} from './bfgs';
export {lbfgsMinimize} from './lbfgs';
export type {LbfgsOptions} from './lbfgs';
export type {QuasiNewtonOptions, QuasiNewtonResults, ValueAndGradientsFunction} from './quasi_newton';
export {nelderMeadMinimize} from './nelder_mead';
export type {NelderMeadOptions, NelderMeadResults} from './nelder_mead';
