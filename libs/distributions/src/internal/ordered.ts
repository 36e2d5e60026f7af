import * as tf from '@tensorflow/tfjs';
import {describeValues} from './parameters';

/**
 * Throws unless low < high elementwise (after broadcasting), naming the distribution, both
 * parameters and their values (TFP's `assert_less(low, high)` under validate_args).
 */
export function assertLess(owner: string, lowName: string, low: tf.Tensor, highName: string, high: tf.Tensor): void {
  const ok = tf.tidy(() => tf.all(tf.less(low, high)).dataSync()[0]);
  if (!ok) {
    throw new Error(
      `${owner}: parameter '${lowName}' must be less than '${highName}'; received ${lowName} ` +
        `${describeValues(low.dataSync(), low.shape)} and ${highName} ${describeValues(high.dataSync(), high.shape)}`,
    );
  }
}
