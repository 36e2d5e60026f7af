import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {MetropolisAdjustedLangevinAlgorithm, UncalibratedLangevin} from './langevin';
import {sampleChain} from './sample_chain';
import {assertNoLeak, assertPosteriorMoments, normalNormalModel} from './internal/testing';

test.before(async () => {
  await init();
});

test('MALA recovers the exact normal-normal posterior (mean, variance within 5 MC se)', (t) => {
  const {targetLogProbFn, posterior} = normalNormalModel();
  assertNoLeak(t, () => {
    const kernel = new MetropolisAdjustedLangevinAlgorithm({targetLogProbFn, stepSize: 0.15});
    const init0 = tf.linspace(-2, 3, 8);
    const {states, trace, finalKernelResults} = sampleChain({
      numResults: 1000,
      numBurninSteps: 200,
      currentState: init0,
      kernel,
      seed: 12,
      traceFn: (_s, r) => ({accepted: r.isAccepted, grad: r.acceptedResults.gradsTargetLogProb[0]}),
    });
    t.deepEqual(states.shape, [1000, 8]);
    assertPosteriorMoments(t, states, posterior, 'MALA');
    // The traced gradient is that of the kept state: d/dmu log p = -(mu - mean) / variance.
    const expected = tf.tidy(() => tf.div(tf.sub(posterior.mean, states), posterior.variance));
    const err = tf.tidy(() => tf.max(tf.abs(tf.sub(trace.grad, expected))).dataSync()[0]);
    t.true(err < 1e-3 * 30, `gradient error ${err}`); // |grad| <~ 30, float32 sums of 21 terms
    tf.dispose([init0, states, trace, finalKernelResults, expected]);
  });
});

test('the Langevin log acceptance correction is log q(x|x\') - log q(x\'|x)', (t) => {
  // For the Gaussian target N(0, 1): grad = -x, so q(b | a) = N(b; a (1 - h/2), h).
  const before = tf.memory().numTensors;
  const kernel = new UncalibratedLangevin({targetLogProbFn: (x) => tf.mul(-0.5, tf.square(x)), stepSize: 0.3});
  const x = tf.tensor1d([0.7, -1.2, 2]);
  const r0 = kernel.bootstrapResults(x);
  const [xp, r1] = kernel.oneStep(x, r0, 4);
  const h = 0.3;
  const a = x.dataSync();
  const b = xp.dataSync();
  const logq = (to: number, from: number) => -((to - from * (1 - h / 2)) ** 2) / (2 * h);
  const expected = Array.from(a, (ai, i) => logq(ai, b[i]) - logq(b[i], ai));
  const got = r1.logAcceptanceCorrection.dataSync();
  expected.forEach((e, i) => t.true(Math.abs(got[i] - e) < 1e-5 * (1 + Math.abs(e)), `${got[i]} vs ${e}`));
  tf.dispose([x, xp, r0, r1]);
  t.is(tf.memory().numTensors, before);
});
