/**
 * Edward2-style probabilistic programs (the role of TFP's `edward2`): random-variable constructors
 * (`ed.Normal({loc, scale, name})`) that sample or take a value, an interceptor stack to record or
 * substitute them by name (`interception`, `trace`, `makeValueSetter`), and `makeLogJointFn`, the log
 * joint density of a model written as a plain function.
 */
export {RandomVariable} from './random_variable';
export type {RandomVariableOptions} from './random_variable';
export {interceptable, interception, makeValueSetter, trace} from './interception';
export type {Interceptor, RandomVariableCall, Trace} from './interception';
export {makeLogJointFn} from './make_log_joint_fn';
export type {LogJointFn} from './make_log_joint_fn';
export * from './random_variables';
