import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Exp, Scale, Shift} from '@tfjs-probability/bijectors';
import {Normal} from './normal';
import {TransformedDistribution} from './transformed_distribution';
import {assertClose, assertNoLeak, loadFixture} from './internal/testing';

const fixture = loadFixture<{lognormal: {mu: number; sigma: number; y: number[]; logProb: number[]}[]}>('transformed');

test.before(async () => {
  await init();
});

test('Exp of a Normal is the log-normal of scipy.stats.lognorm', (t) => {
  for (const c of fixture.lognormal) {
    assertNoLeak(t, () => {
      const base = new Normal({loc: c.mu, scale: c.sigma});
      const d = new TransformedDistribution({distribution: base, bijector: new Exp()});
      t.deepEqual(d.batchShape, []);
      t.deepEqual(d.eventShape, []);
      // log y and the Jacobian term -log y each carry float32 rounding of ~1e-7 relative.
      tf.tidy(() => assertClose(t, d.logProb(c.y), c.logProb, {rtol: 1e-5, atol: 1e-5}, `mu ${c.mu}`));
      tf.tidy(() => {
        const y = d.sample(2000, 5);
        t.true((y.min().dataSync()[0] as number) > 0);
      });
      base.dispose();
    });
  }
});

test('an affine transform of a Normal is the Normal with moved loc and scale', (t) => {
  assertNoLeak(t, () => {
    const base = new Normal({loc: 0, scale: 1});
    // y = 2 + 3 x with a batch of shifts: batch shape comes from the bijector.
    const shift = new Shift({shift: [2, -1]});
    const scale = new Scale({scale: 3});
    const d = new TransformedDistribution({distribution: new TransformedDistribution({distribution: base, bijector: scale}), bijector: shift});
    t.deepEqual(d.batchShape, [2]);
    const direct = new Normal({loc: [2, -1], scale: 3});
    tf.tidy(() => {
      const y = tf.tensor2d([[0.5, 4], [-3, 1]]);
      assertClose(t, d.logProb(y), direct.logProb(y), {rtol: 1e-5, atol: 1e-6});
      assertClose(t, d.mean(), [2, -1]);
      assertClose(t, d.mode(), [2, -1]);
      assertClose(t, d.entropy(), direct.entropy(), {rtol: 1e-6});
      t.deepEqual(d.sample([4], 1).shape, [4, 2]);
    });
    // Sample means within 5 standard errors (3 / sqrt(n)) of the shifted locations.
    const n = 20000;
    const means = tf.tidy(() => Array.from(d.sample(n, 9).mean(0).dataSync()));
    [2, -1].forEach((m, i) => t.true(Math.abs(means[i] - m) < (5 * 3) / Math.sqrt(n), `mean ${means[i]}`));
    base.dispose();
    direct.dispose();
  });
});

test('statistics with no closed form under a nonlinear bijector say so', (t) => {
  const base = new Normal({loc: 0, scale: 1});
  const d = new TransformedDistribution({distribution: base, bijector: new Exp()});
  t.throws(() => d.mean(), {message: /expNormal does not implement mean \(no closed form unless the bijector's Jacobian is constant\)/});
  base.dispose();
});

test('bad arguments are named', (t) => {
  t.throws(() => new TransformedDistribution({distribution: {} as never, bijector: new Exp()}), {
    message: /'distribution' must be a Distribution/,
  });
  const base = new Normal({loc: 0, scale: 1});
  t.throws(() => new TransformedDistribution({distribution: base, bijector: undefined as never}), {
    message: /'bijector' must be a Bijector/,
  });
  base.dispose();
});
