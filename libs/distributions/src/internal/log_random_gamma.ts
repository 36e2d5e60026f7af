import * as tf from '@tensorflow/tfjs';
import {randomGamma} from '@tfjs-probability/math';
import {SeedStream} from './seed';

/** Lower end of the uniforms, keeping log(U) finite. */
const TINY = 1e-37;

/**
 * log G for G ~ Gamma(alpha, 1) of the given shape, as log G' + log(U) / alpha with
 * G' ~ Gamma(alpha + 1) and U uniform (Marsaglia and Tsang's boost), so that draws far below the
 * float32 range (small alpha) keep their logarithm. Differentiable in alpha (implicit
 * reparameterisation of G', and the explicit dependence of U^(1/alpha)).
 */
export function logRandomGamma(shape: number[], alpha: tf.Tensor | number, seed: SeedStream): tf.Tensor {
  return tf.tidy(() =>
    tf.add(
      tf.log(randomGamma(shape, tf.add(alpha, 1), seed.next())),
      tf.div(tf.log(tf.randomUniform(shape, TINY, 1, 'float32', seed.next())), alpha),
    ),
  );
}
