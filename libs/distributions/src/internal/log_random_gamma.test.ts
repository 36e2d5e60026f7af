import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {logRandomGamma} from './log_random_gamma';
import {SeedStream} from './seed';
import {assertClose, assertNoLeak} from './testing';

test.before(async () => {
  await init();
});

// E[log G] = digamma(alpha) and Var[log G] = trigamma(alpha) (values from scipy.special); the
// sample mean of n draws is within 5 standard errors sqrt(trigamma / n) of digamma.
const CASES = [
  {alpha: 0.01, digamma: -100.56088545786868, trigamma: 10001.62121353},
  {alpha: 0.5, digamma: -1.9635100260214235, trigamma: 4.9348022},
  {alpha: 3, digamma: 0.9227843350984671, trigamma: 0.39493407},
];

test('log-Gamma draws have the mean digamma(alpha), also where Gamma draws underflow float32', (t) => {
  const n = 20000;
  for (const c of CASES) {
    assertNoLeak(t, () => {
      tf.tidy(() => {
        const x = logRandomGamma([n], c.alpha, new SeedStream(3, 'test'));
        const values = Array.from(x.dataSync());
        t.true(values.every(Number.isFinite), `alpha ${c.alpha}: finite logs`);
        const mean = values.reduce((a, b) => a + b, 0) / n;
        const se = Math.sqrt(c.trigamma / n);
        t.true(Math.abs(mean - c.digamma) < 5 * se, `alpha ${c.alpha}: mean log G ${mean} vs ${c.digamma} (se ${se})`);
        const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
        // A 10% band on the variance: far wider than its standard error at these n.
        assertClose(t, variance, c.trigamma, {rtol: 0.1}, `alpha ${c.alpha}: variance`);
      });
    });
  }
});

test('seeded and shaped; alpha may be a tensor', (t) => {
  tf.tidy(() => {
    const alpha = tf.tensor2d([[0.5, 2, 7]]);
    const a = logRandomGamma([4, 3], tf.broadcastTo(alpha, [4, 3]), new SeedStream(5, 's'));
    const b = logRandomGamma([4, 3], tf.broadcastTo(alpha, [4, 3]), new SeedStream(5, 's'));
    t.deepEqual(a.shape, [4, 3]);
    assertClose(t, a, b, {rtol: 0, atol: 0});
  });
});
