/**
 * Elementwise float64 arithmetic on the host for the adaptation kernels' state (a few numbers per
 * step size): the inputs are read, broadcast together, mapped element by element, and written back
 * as float32 tensors. For tensors this small, one tfjs kernel per arithmetic operation costs far
 * more in dispatch than the arithmetic (eight schools: ~50 kernels per step for dual averaging).
 */
import * as tf from '@tensorflow/tfjs';
import {broadcastValues} from './broadcast_values';

/**
 * `fn` receives one element's input values (in input order) and writes that element's
 * `numOutputs` results into `out`; every output has the inputs' broadcast shape.
 */
export function hostElementwise(inputs: tf.Tensor[], numOutputs: number, fn: (x: Float64Array, out: Float64Array) => void): tf.Tensor[] {
  const shape = inputs.reduce<number[]>((s, t) => tf.backend_util.assertAndGetBroadcastShape(s, t.shape), []);
  const size = tf.util.sizeFromShape(shape);
  const values = inputs.map((t) => broadcastValues(t.dataSync(), t.shape, shape));
  const outputs = Array.from({length: numOutputs}, () => new Float32Array(size));
  const x = new Float64Array(inputs.length);
  const out = new Float64Array(numOutputs);
  for (let k = 0; k < size; k++) {
    for (let i = 0; i < inputs.length; i++) x[i] = values[i][k];
    fn(x, out);
    for (let j = 0; j < numOutputs; j++) outputs[j][k] = out[j];
  }
  return outputs.map((o) => tf.tensor(o, shape, 'float32'));
}
