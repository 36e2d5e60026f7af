import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {HalfCauchy, Independent, JointDistributionNamed, Normal, Sample} from '@tfjs-probability/distributions';
import {DualAveragingStepSizeAdaptation} from './dual_averaging_step_size_adaptation';
import {EIGHT_SCHOOLS_DATA} from './eight_schools';
import {NoUTurnSampler} from './no_u_turn_sampler';
import {sampleChain} from './sample_chain';
import {assertNoLeak, loadFixture, mcEstimate} from './internal/testing';

test.before(async () => {
  await init();
});

interface Summary {
  mean: number;
  mean_se: number;
}
/** Written by tools/fixtures/eight_schools_stan.R (rstan, 4 chains x 25000 draws). */
const stan = loadFixture<{posterior: Record<string, Summary>}>('eight_schools_stan');

/**
 * Eight schools written as TFP users write it: a JointDistributionNamed of tfd distributions, pinned
 * to the data, sampled in the unconstrained space of its default event-space bijector (tau > 0 via
 * Softplus). The compiled target then holds the distributions' own kernels (fused Normal
 * log-density, HalfCauchy, Sample, Independent) and the bijector's log-det-Jacobian.
 */
function pinnedEightSchools() {
  const sigma = tf.tensor1d(EIGHT_SCHOOLS_DATA.sigma.slice());
  const y = tf.tensor1d(EIGHT_SCHOOLS_DATA.y.slice());
  const model = new JointDistributionNamed({
    model: {
      mu: new Normal({loc: 0, scale: 5}),
      tau: new HalfCauchy({loc: 0, scale: 5}),
      thetaTilde: new Sample({distribution: new Normal({loc: 0, scale: 1}), sampleShape: [8]}),
      y: ({mu, tau, thetaTilde}: {mu: tf.Tensor; tau: tf.Tensor; thetaTilde: tf.Tensor}) =>
        new Independent({
          distribution: new Normal({loc: tf.add(tf.expandDims(mu, -1), tf.mul(tf.expandDims(tau, -1), thetaTilde)), scale: sigma}),
          reinterpretedBatchNdims: 1,
        }),
    },
  });
  const pinned = model.experimentalPin({y});
  return {pinned, dispose: () => (pinned.dispose(), tf.dispose([sigma, y]))};
}

// 4 chains x 500 draws after 300 warm-up steps (dual averaging over the first 250, target 0.8): the
// funnel needs a few hundred draws before the ESS of tau (~250-550 here) is a fair error estimate.
// Tolerance: 4 combined Monte Carlo standard errors, as in eight_schools.test.ts.
test('compiled NUTS on a pinned JointDistributionNamed (eight schools) agrees with Stan; no leak', (t) => {
  const {pinned, dispose} = pinnedEightSchools();
  assertNoLeak(t, () => {
    const target = pinned.unconstrainedTargetLogProbFn();
    const kernel = new DualAveragingStepSizeAdaptation({
      innerKernel: new NoUTurnSampler({targetLogProbFn: target, stepSize: 0.5, compileTarget: true}),
      numAdaptationSteps: 250,
      targetAcceptProb: 0.8,
    });
    const chains = 4;
    const init0 = [tf.zeros([chains]), tf.zeros([chains]), tf.zeros([chains, 8])];
    const {states, finalKernelResults} = sampleChain({numResults: 500, numBurninSteps: 300, currentState: init0, kernel, seed: 7});
    tf.tidy(() => {
      const [z0, z1, z2] = states;
      const {mu, tau} = pinned.experimentalDefaultEventSpaceBijector().forward({mu: z0, tau: z1, thetaTilde: z2}) as Record<string, tf.Tensor>;
      for (const [name, draws] of [['mu', mu], ['tau', tau], ['log_tau', tf.log(tau)]] as const) {
        const ours = mcEstimate(draws);
        const ref = stan.posterior[name];
        const tol = 4 * Math.hypot(ours.se, ref.mean_se);
        t.true(Math.abs(ours.mean - ref.mean) <= tol, `${name}: ${ours.mean.toFixed(3)} vs Stan ${ref.mean.toFixed(3)} (tolerance ${tol.toFixed(3)})`);
        t.log(`${name}: ${ours.mean.toFixed(3)} vs Stan ${ref.mean.toFixed(3)}, se ${ours.se.toFixed(3)}, ESS ${ours.ess.toFixed(0)}`);
      }
    });
    tf.dispose([init0, states, finalKernelResults]);
  });
  dispose();
});
