import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {AutoregressiveNetwork} from './autoregressive_network';
import {Chain} from './chain';
import {MaskedAutoregressiveFlow} from './masked_autoregressive_flow';
import {Scale} from './scale';
import {Shift} from './shift';
import {assertClose, assertNoLeak, checkBijector, jacobian} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// The forward map is D sequential passes of a float32 network: round trips to 1e-4, log-dets to 1e-4.

test('MAF with a MADE: round trip, log-det against the autodiff Jacobian, batch and eventNdims 2', (t) => {
  const made = new AutoregressiveNetwork({params: 2, eventShape: [4], hiddenUnits: [16], activation: 'tanh', seed: 11});
  const maf = new MaskedAutoregressiveFlow({shiftAndLogScaleFn: made});
  const x = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
  checkBijector(t, maf, x, {atol: 1e-4, rtol: 1e-4});
  checkBijector(t, maf, x, {eventNdims: 2, atol: 1e-4, rtol: 1e-4});
  // ildj(y) = -sum logScale(y), taken directly from the network.
  const y = maf.forward(x);
  const ildj = maf.inverseLogDetJacobian(y);
  const direct = tf.tidy(() => tf.neg(tf.sum(tf.unstack(made.call(y), 2)[1], -1)));
  assertClose(t, ildj, direct, 1e-5, 1e-5);
  tf.dispose([x, y, ildj, direct]);
  made.dispose();
});

test('MAF Jacobian is triangular in the network order', (t) => {
  for (const inputOrder of ['left-to-right', [3, 1, 4, 2]] as const) {
    const made = new AutoregressiveNetwork({params: 2, eventShape: [4], hiddenUnits: [16, 16], activation: 'tanh', inputOrder: inputOrder as never, seed: 3});
    const maf = new MaskedAutoregressiveFlow({shiftAndLogScaleFn: made});
    const x = tf.randomNormal([4], 0, 1, 'float32', 9);
    const J = jacobian((v) => maf.forward(v), x);
    const deg = made.degrees as number[];
    let below = 0;
    for (let i = 0; i < 4; i++) {
      t.not(J[i][i], 0);
      for (let j = 0; j < 4; j++) {
        if (deg[j] > deg[i]) t.is(J[i][j], 0, `y${i} depends on later x${j}`);
        else if (deg[j] < deg[i] && J[i][j] !== 0) below++;
      }
    }
    t.true(below > 0, 'the flow couples coordinates');
    x.dispose();
    made.dispose();
  }
});

test('MAF with bijectorFn and shift-only functions', (t) => {
  const made = new AutoregressiveNetwork({params: 2, eventShape: [3], hiddenUnits: [8], activation: 'tanh', seed: 21});
  const viaFn = new MaskedAutoregressiveFlow({shiftAndLogScaleFn: made});
  const viaBijector = new MaskedAutoregressiveFlow({
    bijectorFn: (y) => {
      const [shift, logScale] = tf.unstack(made.call(y), 2);
      return new Chain([new Shift({shift}), new Scale({logScale})]);
    },
  });
  const x = tf.randomNormal([2, 3], 0, 1, 'float32', 2);
  const a = viaFn.forward(x);
  const b = viaBijector.forward(x);
  assertClose(t, b, a, 1e-5, 1e-5);
  const la = viaFn.forwardLogDetJacobian(x);
  const lb = viaBijector.forwardLogDetJacobian(x);
  assertClose(t, lb, la, 1e-5, 1e-5);
  checkBijector(t, viaBijector, x, {atol: 1e-4, rtol: 1e-4});
  const shiftOnly = new MaskedAutoregressiveFlow({shiftAndLogScaleFn: (y) => [tf.unstack(made.call(y), 2)[0], null], isConstantJacobian: true});
  checkBijector(t, shiftOnly, x, {atol: 1e-4, rtol: 1e-4});
  tf.dispose([x, a, b, la, lb]);
  assertNoLeak(t, () => tf.dispose([viaFn.forward([1, 2, 3]), viaFn.inverse([1, 2, 3]), viaFn.forwardLogDetJacobian([1, 2, 3]), viaFn.inverseLogDetJacobian([1, 2, 3])]));
  made.dispose();
  t.throws(() => new MaskedAutoregressiveFlow({}), {message: /give exactly one of 'shiftAndLogScaleFn' and 'bijectorFn', got neither/});
  const bad = new MaskedAutoregressiveFlow({shiftAndLogScaleFn: (y) => tf.stack([y, y, y], -1)});
  t.throws(() => bad.inverse([1, 2]), {message: /must return \[shift, logScale\] or a tensor \[..., 2\], got shape \[2, 3\]/});
});

test('MAF fitted to a 2-D banana density increases its log-likelihood toward the true one', (t) => {
  // Data: y1 ~ N(0, 1), y2 | y1 ~ N(y1^2 / 2, 0.5^2). A left-to-right MAF can represent it exactly.
  const n = 1024;
  const [y1, e] = tf.tidy(() => tf.unstack(tf.randomNormal([2, n], 0, 1, 'float32', 42)));
  const y1v = Array.from(y1.dataSync());
  const ev = Array.from(e.dataSync());
  const data = tf.tensor2d(y1v.flatMap((a, i) => [a, 0.5 * a * a + 0.5 * ev[i]]), [n, 2]);
  tf.dispose([y1, e]);
  const halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
  // Exact mean log-density of the sample under the generating model (float64).
  const trueLL = y1v.reduce((s, a, i) => s - 0.5 * a * a - halfLog2Pi - 0.5 * ev[i] * ev[i] - halfLog2Pi - Math.log(0.5), 0) / n;
  // Maximum-likelihood full-covariance Gaussian on the same sample: -log(2 pi) - log det(S)/2 - 1.
  const rows = data.arraySync() as number[][];
  const mean = [0, 1].map((k) => rows.reduce((s, r) => s + r[k], 0) / n);
  const cov = (a: number, b: number) => rows.reduce((s, r) => s + (r[a] - mean[a]) * (r[b] - mean[b]), 0) / n;
  const gaussLL = -Math.log(2 * Math.PI) - 0.5 * Math.log(cov(0, 0) * cov(1, 1) - cov(0, 1) ** 2) - 1;

  const made = new AutoregressiveNetwork({params: 2, eventShape: [2], hiddenUnits: [32, 32], activation: 'relu', seed: 7});
  const maf = new MaskedAutoregressiveFlow({shiftAndLogScaleFn: made});
  // log p(y) = log N(inverse(y); 0, I) + ildj(y), without the distributions package.
  const meanLogLik = () =>
    tf.tidy(() => {
      const x = maf.inverse(data);
      const base = tf.sum(tf.sub(tf.mul(-0.5, tf.square(x)), halfLog2Pi), -1);
      return tf.mean(tf.add(base, maf.inverseLogDetJacobian(data))) as tf.Scalar;
    });
  const initial = tf.tidy(() => meanLogLik().dataSync()[0]);
  const optimizer = tf.train.adam(0.01);
  const before = tf.memory().numTensors;
  for (let step = 0; step < 400; step++) {
    optimizer.minimize(() => tf.neg(meanLogLik()), false, made.trainableVariables);
  }
  const optimizerState = tf.memory().numTensors - before; // Adam's two moment slots per variable.
  t.is(optimizerState, 2 * made.trainableVariables.length);
  const final = tf.tidy(() => meanLogLik().dataSync()[0]);
  t.log({initial, final, trueLL, gaussLL});
  t.true(final > initial + 0.5, `log-likelihood rose from ${initial} to ${final}`);
  // Better than the best Gaussian by over half the gap to the truth (gap ~0.55 nats; sample-mean SE ~0.03).
  t.true(final > gaussLL + 0.5 * (trueLL - gaussLL), `final ${final} vs Gaussian ${gaussLL}, truth ${trueLL}`);
  // And not above the truth by more than 4 standard errors of overfitting noise on 1024 points.
  t.true(final < trueLL + 0.12, `final ${final} vs truth ${trueLL}`);
  optimizer.dispose();
  data.dispose();
  made.dispose();
});
