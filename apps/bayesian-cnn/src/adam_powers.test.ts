import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {adamPowers, restoreAdamPowers} from './adam_powers';

test.before(async () => {
  await init();
});

/** `steps` Adam steps on w . c_t, with c_t a fixed function of the global step t (the gradient). */
function run(optimizer: tf.AdamOptimizer, w: tf.Variable, from: number, steps: number): void {
  for (let t = from; t < from + steps; t++) {
    const c = tf.tensor1d([Math.sin(t), Math.cos(0.7 * t), 1 + 0.5 * Math.sin(0.3 * t)]);
    const {value, grads} = tf.variableGrads(() => tf.sum(tf.mul(w, c)) as tf.Scalar, [w]);
    optimizer.applyGradients([{name: w.name, tensor: grads[w.name]}]);
    tf.dispose([c, value, ...Object.values(grads)]);
  }
}

test('restoring beta1^t and beta2^t makes an Adam resume bit-exact; setWeights alone drifts', async (t) => {
  const uninterrupted = tf.variable(tf.zeros([3]));
  const reference = tf.train.adam(1e-2);
  run(reference, uninterrupted, 0, 1500);

  const resume = async (restore: boolean): Promise<Float32Array> => {
    const w = tf.variable(tf.zeros([3]));
    const first = tf.train.adam(1e-2);
    run(first, w, 0, 1000);
    const saved = await first.getWeights();
    const powers = adamPowers(first);
    const second = tf.train.adam(1e-2);
    // The slot variables are matched by the variable's name, as in a checkpoint.
    await second.setWeights(saved.map((s) => ({name: s.name, tensor: s.tensor.clone()})));
    tf.dispose(saved.map((s) => s.tensor).filter((x) => !(x instanceof tf.Variable)));
    if (restore) restoreAdamPowers(second, powers);
    run(second, w, 1000, 500);
    const values = w.dataSync().slice() as Float32Array;
    first.dispose();
    second.dispose();
    w.dispose();
    return values;
  };
  const expected = uninterrupted.dataSync();
  t.deepEqual(Array.from(await resume(true)), Array.from(expected));
  // Without the fix the bias corrections differ in the last bits and so do the weights.
  t.notDeepEqual(Array.from(await resume(false)), Array.from(expected));
  reference.dispose();
  uninterrupted.dispose();
});
