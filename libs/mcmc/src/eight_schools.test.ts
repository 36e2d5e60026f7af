import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Exp, Identity} from '@tfjs-probability/bijectors';
import {DualAveragingStepSizeAdaptation} from './dual_averaging_step_size_adaptation';
import {EIGHT_SCHOOLS_DATA, eightSchoolsModel} from './eight_schools';
import {NoUTurnSampler} from './no_u_turn_sampler';
import {sampleChain} from './sample_chain';
import {TransformedTransitionKernel} from './transformed_transition_kernel';
import {assertClose, assertNoLeak, loadFixture, mcEstimate} from './internal/testing';

test.before(async () => {
  await init();
});

interface Summary {
  mean: number;
  sd: number;
  mean_se: number;
  sd_se: number;
}
/** Written by tools/fixtures/eight_schools_stan.R (rstan, 4 chains x 25000 draws). */
const stan = loadFixture<{y: number[]; sigma: number[]; posterior: Record<string, Summary>}>('eight_schools_stan');

/** The normalised log-density of the model, term by term, in float64. */
function fullLogDensity(mu: number, tau: number, thetaTilde: number[]): number {
  const logNormal = (x: number, loc: number, scale: number) => -0.5 * ((x - loc) / scale) ** 2 - Math.log(scale) - 0.5 * Math.log(2 * Math.PI);
  const logHalfCauchy = (x: number, scale: number) => Math.log(2 / (Math.PI * scale)) - Math.log1p((x / scale) ** 2);
  let lp = logNormal(mu, 0, 5) + logHalfCauchy(tau, 5);
  thetaTilde.forEach((t, j) => {
    lp += logNormal(t, 0, 1) + logNormal(EIGHT_SCHOOLS_DATA.y[j], mu + tau * t, EIGHT_SCHOOLS_DATA.sigma[j]);
  });
  return lp;
}

// The target drops only constants: its difference from the normalised density is the same at
// every point. Values are O(100) in float32 (ulp ~1e-5), a dozen ops: atol 2e-4 on the spread.
test('the target log-prob is the model\'s density up to one constant; the data match the Stan fixture', (t) => {
  t.deepEqual([...EIGHT_SCHOOLS_DATA.y], stan.y);
  t.deepEqual([...EIGHT_SCHOOLS_DATA.sigma], stan.sigma);
  assertNoLeak(t, () => {
    const model = eightSchoolsModel();
    const points = [
      {mu: 0, tau: 1, tt: [0, 0, 0, 0, 0, 0, 0, 0]},
      {mu: 4.4, tau: 3.6, tt: [0.3, -1.2, 0.8, 0.1, -0.4, 2.0, 1.1, -0.7]},
      {mu: -7, tau: 25, tt: [1.5, 0.2, -2.2, 0.6, 0.9, -0.3, 0.4, 1.8]},
    ];
    const lp = tf.tidy(() =>
      model
        .targetLogProbFn(
          tf.tensor1d(points.map((p) => p.mu)),
          tf.tensor1d(points.map((p) => p.tau)),
          tf.tensor2d(points.map((p) => p.tt)),
        )
        .dataSync(),
    );
    const offsets = points.map((p, i) => fullLogDensity(p.mu, p.tau, p.tt) - lp[i]);
    t.true(Math.max(...offsets) - Math.min(...offsets) < 2e-4, `offsets ${offsets}`);
    model.dispose();
  });
});

// The analytic gradient (tf.customGrad) against central differences of the float64 density
// (step 1e-5: truncation ~1e-10, rounding ~1e-11 / 1e-5): float32 gradients of O(1) values,
// atol 1e-4 + rtol 1e-4.
test('the analytic gradient matches finite differences of the density', (t) => {
  assertNoLeak(t, () => {
    const model = eightSchoolsModel();
    const point = {mu: 2.5, tau: 4.2, tt: [0.3, -1.2, 0.8, 0.1, -0.4, 2.0, 1.1, -0.7]};
    const flat = [point.mu, point.tau, ...point.tt];
    const f = (v: number[]) => fullLogDensity(v[0], v[1], v.slice(2));
    const numeric = flat.map((_, i) => {
      const h = 1e-5;
      const up = flat.slice();
      const down = flat.slice();
      up[i] += h;
      down[i] -= h;
      return (f(up) - f(down)) / (2 * h);
    });
    const analytic = tf.tidy(() => {
      const grads = tf.grads((mu: tf.Tensor, tau: tf.Tensor, tt: tf.Tensor) => model.targetLogProbFn(mu, tau, tt))([
        tf.tensor1d([point.mu]),
        tf.tensor1d([point.tau]),
        tf.tensor2d([point.tt]),
      ]);
      return grads.flatMap((g) => Array.from(g.dataSync()));
    });
    assertClose(t, analytic, numeric, {atol: 1e-4, rtol: 1e-4}, 'gradient');
    model.dispose();
  });
});

// Both NUTS implementations: tfjs kernels, and float64 JavaScript on the compiled target.
for (const compileTarget of [false, true]) {
  const mode = compileTarget ? ' [compiled target]' : '';

  // NUTS with tau through Exp and dual averaging (target 0.8, Stan's default), 4 chains x 120 draws
  // after 120 warm-up steps (adaptation over the first 100). Posterior means of mu, tau and log tau
  // agree with Stan's within 4 combined Monte Carlo standard errors, sqrt(se_ours^2 + se_Stan^2):
  // se_ours = sd / sqrt(ESS) from this run's cross-chain ESS (~0.2-0.4 for mu and tau), se_Stan from
  // the fixture (~0.01). The funnel makes tau's ESS the smallest; the tolerance follows it.
  test(`eight schools: NUTS + TransformedTransitionKernel + dual averaging agrees with Stan (means within 4 combined MC se)${mode}`, (t) => {
    assertNoLeak(t, () => {
      const model = eightSchoolsModel();
      const chains = 4;
      const kernel = new DualAveragingStepSizeAdaptation({
        innerKernel: new TransformedTransitionKernel({
          innerKernel: new NoUTurnSampler({targetLogProbFn: model.targetLogProbFn, stepSize: 0.5, compileTarget}),
          bijector: [new Identity(), new Exp(), new Identity()],
        }),
        numAdaptationSteps: 100,
        targetAcceptProb: 0.8,
      });
      const init0 = [tf.zeros([chains]), tf.ones([chains]), tf.zeros([chains, 8])];
      const {states, trace, finalKernelResults} = sampleChain({
        numResults: 120,
        numBurninSteps: 120,
        currentState: init0,
        kernel,
        seed: 2024,
        traceFn: (_s, r) => r.innerResults.innerResults.hasDivergence,
      });
      tf.tidy(() => {
        const [mu, tau] = states;
        const check = (name: string, draws: tf.Tensor) => {
          const ours = mcEstimate(draws);
          const ref = stan.posterior[name];
          const tol = 4 * Math.hypot(ours.se, ref.mean_se);
          t.true(
            Math.abs(ours.mean - ref.mean) <= tol,
            `${name}: ${ours.mean.toFixed(3)} vs Stan ${ref.mean.toFixed(3)} (tolerance ${tol.toFixed(3)}, ESS ${ours.ess.toFixed(0)})`,
          );
          t.log(`${name}: ${ours.mean.toFixed(3)} vs Stan ${ref.mean.toFixed(3)}, se ${ours.se.toFixed(3)}, ESS ${ours.ess.toFixed(0)}`);
        };
        check('mu', mu);
        check('tau', tau);
        check('log_tau', tf.log(tau));
        // The non-centred model has few divergences at acceptance 0.8 (Stan: ~0.1 %): below 2 %.
        const divergent = tf.mean(tf.cast(trace, 'float32')).dataSync()[0];
        t.true(divergent < 0.02, `divergent fraction ${divergent}`);
      });
      tf.dispose([init0, states, trace, finalKernelResults]);
      model.dispose();
    });
  });
}
