import * as tf from '@tensorflow/tfjs';
import {TensorLike} from '../internal/parameters';
import {interception} from './interception';

/** A log-joint function: named values of every random variable, then the model's arguments. */
export type LogJointFn<A extends unknown[]> = (values: Record<string, TensorLike>, ...args: A) => tf.Tensor;

/**
 * Edward2's `make_log_joint_fn`: the log joint density of a model program,
 * log p(values) = sum over the program's random variables of log p_rv(values[name] | ...), run with
 * every variable set to its named value (so later variables see earlier values). Every variable must
 * have a name, a value and a unique name; values naming no variable are errors. Values with leading
 * (sample, chain) dims give one log-density per leading index, broadcast across the variables.
 */
export function makeLogJointFn<A extends unknown[]>(model: (...args: A) => unknown): LogJointFn<A> {
  if (typeof model !== 'function') {
    throw new Error(`edward2.makeLogJointFn: 'model' must be a function; received ${String(model)}`);
  }
  return (values: Record<string, TensorLike>, ...args: A) => {
    if (values === null || typeof values !== 'object' || Array.isArray(values) || values instanceof tf.Tensor) {
      throw new Error(`edward2.makeLogJointFn: values must be an object by random-variable name; received ${String(values)}`);
    }
    return tf.tidy(() => {
      const seen: string[] = [];
      let total: tf.Tensor = tf.scalar(0);
      interception(
        (next, call) => {
          const name = call.name;
          if (name === undefined) {
            throw new Error(`edward2.makeLogJointFn: every random variable needs a name; the model's ${call.kind} (variable #${seen.length}) has none`);
          }
          if (seen.includes(name)) {
            throw new Error(`edward2.makeLogJointFn: the model has two random variables named '${name}'`);
          }
          seen.push(name);
          if (values[name] === undefined) {
            throw new Error(
              `edward2.makeLogJointFn: no value for the random variable '${name}' (${call.kind}); values given: ${Object.keys(values).join(', ') || 'none'}`,
            );
          }
          const rv = next({...call, options: {...call.options, value: values[name]}});
          total = tf.add(total, rv.distribution.logProb(rv.value));
          return rv;
        },
        () => model(...args),
      );
      const unknown = Object.keys(values).filter((k) => !seen.includes(k));
      if (unknown.length > 0) {
        throw new Error(`edward2.makeLogJointFn: values for ${unknown.join(', ')}, which the model does not have (its variables: ${seen.join(', ')})`);
      }
      return total;
    });
  };
}
