import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {referenceCnn} from './model';

test.before(async () => {
  await init();
});

/**
 * 32 learnable 28x28 images: class k (0..9) lights a 6x6 block at its own place on a noisy
 * background, so a CNN can drive the loss down within a few dozen Adam steps.
 */
function blockDigits(count: number): {xs: tf.Tensor4D; ys: tf.Tensor2D} {
  return tf.tidy(() => {
    const labels = Array.from({length: count}, (_, i) => i % 10);
    const images = tf.buffer([count, 28, 28, 1]);
    labels.forEach((k, n) => {
      const top = 2 + 8 * Math.floor(k / 3);
      const left = 2 + 8 * (k % 3);
      for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) images.set(1, n, top + i, left + j, 0);
    });
    const noise = tf.randomUniform([count, 28, 28, 1], 0, 0.3, 'float32', 3);
    const xs = images.toTensor().add(noise) as tf.Tensor4D;
    const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D;
    return {xs, ys};
  });
}

test('the reference CNN trains on wasm with fit: 50 steps, loss falls, no tensor leaks', async (t) => {
  t.is(tf.getBackend(), 'wasm');
  const model = referenceCnn({seed: 0});
  const {xs, ys} = blockDigits(32);
  // One step of warm-up: the optimizer's slots and fit's caches are created here, once.
  const warmUp = await model.fit(xs, ys, {batchSize: 32, epochs: 1, verbose: 0, shuffle: false});
  const afterWarmUp = tf.memory().numTensors;
  const history = await model.fit(xs, ys, {batchSize: 16, epochs: 25, verbose: 0, shuffle: false});
  const steps = 1 + 25 * 2;
  t.true(steps >= 50);
  t.is(tf.memory().numTensors, afterWarmUp, 'tensors created per step must all be freed');
  const first = warmUp.history.loss[0] as number;
  const last = history.history.loss[history.history.loss.length - 1] as number;
  // Untrained, the softmax over 10 classes gives a loss near ln(10) = 2.3; on these separable
  // images 50 Adam steps bring it close to 0 (observed < 0.01), so 0.5 leaves a wide margin.
  t.log(`loss ${first.toFixed(3)} -> ${last.toFixed(3)}`);
  t.true(first > 1.5, `initial loss ${first}`);
  t.true(last < 0.5, `loss went from ${first} to ${last}`);
  tf.dispose([xs, ys]);
  model.dispose();
});
