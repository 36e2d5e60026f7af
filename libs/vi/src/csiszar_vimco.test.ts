import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Normal} from '@tfjs-probability/distributions';
import {klReverse} from './csiszar_functions';
import {csiszarVimco, csiszarVimcoHelper} from './csiszar_vimco';
import {DeferredDistribution} from './deferred_distribution';
import {monteCarloVariationalLoss} from './monte_carlo_variational_loss';
import {assertClose, assertNoLeak, meanAndSe} from './internal/testing';

test.before(async () => {
  await init();
});

test('csiszarVimcoHelper: log mean u and the leave-one-out swapped averages, against float64', (t) => {
  const logu = [
    [0.5, -3],
    [2, 1],
    [-1, 0.2],
    [0.3, 4],
  ];
  const n = logu.length;
  const lse = (xs: number[]) => {
    const m = Math.max(...xs);
    return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0));
  };
  const avg: number[] = [];
  const soo: number[][] = logu.map(() => []);
  for (let b = 0; b < 2; b++) {
    const col = logu.map((r) => r[b]);
    avg.push(lse(col) - Math.log(n));
    const total = col.reduce((a, x) => a + x, 0);
    col.forEach((_, i) => soo[i].push(lse(col.map((x, j) => (j === i ? (total - col[i]) / (n - 1) : x))) - Math.log(n)));
  }
  assertNoLeak(t, () => {
    const x = tf.tensor2d(logu);
    const [a, s] = csiszarVimcoHelper(x);
    assertClose(t, a.dataSync(), avg, {rtol: 1e-6, atol: 1e-6}, 'logAvgU');
    assertClose(t, s.dataSync(), soo.flat(), {rtol: 1e-6, atol: 1e-6}, 'logSooAvgU');
    tf.dispose([x, a, s]);
  });
});

test('csiszarVimco: value f(c) when logu is constant; its gradient matches the reparameterised IWAE gradient', (t) => {
  const P = {loc: 1, scale: 2};
  const c = 1.7;
  const shifted = (z: tf.Tensor) => tf.tidy(() => tf.add(new Normal(P).logProb(z), c));
  assertNoLeak(t, () => {
    const exactQ = new Normal(P);
    const v = csiszarVimco({f: (l) => klReverse(l), pLogProb: shifted, q: exactQ, numDraws: 3, numBatchDraws: 2, seed: 1});
    t.true(Math.abs(v.dataSync()[0] + c) < 1e-5, `value ${v.dataSync()[0]}, expected ${-c}`);
    v.dispose();
    exactQ.dispose();
  });
  // 300 replicas of q = N(mu, sigma): per-replica gradients of E[-log mean_5 w] by both estimators.
  const K = 300;
  const grads = (estimator: 'vimco' | 'iwae') => {
    const loc = tf.tidy(() => tf.variable(tf.fill([K], 0.2)));
    const scale = tf.tidy(() => tf.variable(tf.fill([K], 1.2)));
    const q = new DeferredDistribution({build: () => new Normal({loc, scale}), trainableVariables: [loc, scale]});
    const out = tf.tidy(() => {
      const {grads: g} = tf.variableGrads(() => {
        const loss =
          estimator === 'vimco'
            ? csiszarVimco({f: (l) => klReverse(l), pLogProb: shifted, q, numDraws: 5, numBatchDraws: 4, seed: 5})
            : monteCarloVariationalLoss({targetLogProbFn: shifted, surrogatePosterior: q, sampleSize: 4, importanceSampleSize: 5, seed: 6});
        return tf.sum(loss) as tf.Scalar;
      }, [loc, scale]);
      return {dmu: meanAndSe(g[loc.name].dataSync()), dsigma: meanAndSe(g[scale.name].dataSync())};
    });
    q.dispose();
    return out;
  };
  const vimco = grads('vimco');
  const iwae = grads('iwae');
  for (const k of ['dmu', 'dsigma'] as const) {
    const se = Math.hypot(vimco[k].se, iwae[k].se);
    t.log(`${k}: VIMCO ${vimco[k].mean} +- ${vimco[k].se}, IWAE ${iwae[k].mean} +- ${iwae[k].se}`);
    t.true(Math.abs(vimco[k].mean - iwae[k].mean) < 5 * se, k);
    // Sharp: the gradient itself is far from 0 relative to the noise.
    t.true(Math.abs(iwae[k].mean) > 5 * se, `${k} is resolved`);
  }
});

test('csiszarVimco: errors', (t) => {
  const q = new Normal({loc: 0, scale: 1});
  const p = (z: tf.Tensor) => q.logProb(z);
  t.throws(() => csiszarVimco({f: (l) => klReverse(l), pLogProb: p, q, numDraws: 1}), {message: /csiszarVimco: numDraws must be at least 2; received 1/});
  t.throws(() => csiszarVimco({f: (l) => klReverse(l), pLogProb: p, q, numDraws: 3, numBatchDraws: 0}), {message: /numBatchDraws must be a positive integer; received 0/});
  q.dispose();
});
