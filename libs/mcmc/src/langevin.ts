/**
 * TFP's `tfp.mcmc.MetropolisAdjustedLangevinAlgorithm` (unit volatility) and
 * `UncalibratedLangevin`: the Euler-Maruyama step of the Langevin diffusion with step size h,
 *   x' = x + (h / 2) grad log p(x) + sqrt(h) z,   z ~ N(0, I),
 * corrected by Metropolis-Hastings with log q(x | x') - log q(x' | x), where
 * log q(b | a) = -|b - a - (h / 2) grad log p(a)|^2 / (2 h) + const.
 */
import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import {MetropolisHastings} from './metropolis_hastings';
import {GradientKernel, type GradientKernelResults} from './internal/gradient_kernel';
import {restoreStructure, stateParts, sumEventDims, type State, type TargetLogProbFn} from './internal/state';
import type {StepSize} from './internal/step_size';

export interface LangevinOptions {
  targetLogProbFn: TargetLogProbFn;
  /** h > 0: a number, a tensor broadcast against the chains, or one per state part. */
  stepSize: StepSize;
}

export class UncalibratedLangevin extends GradientKernel {
  constructor(options: LangevinOptions, name = 'UncalibratedLangevin') {
    super(options, name);
  }

  oneStep<S extends State>(currentState: S, previous: GradientKernelResults, seed?: number): [S, GradientKernelResults] {
    return tf.tidy(() => {
      const seeds = new SeedStream(seed, 'UncalibratedLangevin');
      const parts = stateParts(currentState);
      const h = previous.stepSize;
      const batchRank = previous.targetLogProb.rank;
      const drift = (x: tf.Tensor[], g: tf.Tensor[]) => x.map((xi, i) => tf.add(xi, tf.mul(tf.mul(h[i], 0.5), g[i])));
      const mean0 = drift(parts, previous.gradsTargetLogProb);
      const proposed = mean0.map((m, i) =>
        tf.add(m, tf.mul(tf.sqrt(h[i]), tf.randomNormal(m.shape, 0, 1, 'float32', seeds.next()))),
      );
      const {targetLogProb, grads} = this.evaluate(proposed);
      const mean1 = drift(proposed, grads);
      // log q(x | x') - log q(x' | x), summed over the event dimensions of every part.
      let correction = tf.zerosLike(targetLogProb);
      parts.forEach((x, i) => {
        const back = sumEventDims(tf.div(tf.square(tf.sub(x, mean1[i])), tf.mul(h[i], 2)), batchRank);
        const forth = sumEventDims(tf.div(tf.square(tf.sub(proposed[i], mean0[i])), tf.mul(h[i], 2)), batchRank);
        correction = tf.add(correction, tf.sub(forth, back));
      });
      return [
        restoreStructure(currentState, proposed),
        {
          logAcceptanceCorrection: correction,
          targetLogProb,
          gradsTargetLogProb: grads,
          stepSize: h.map((s) => tf.clone(s)),
        },
      ];
    });
  }
}

export class MetropolisAdjustedLangevinAlgorithm extends MetropolisHastings<GradientKernelResults> {
  constructor(options: LangevinOptions) {
    super({innerKernel: new UncalibratedLangevin(options, 'MetropolisAdjustedLangevinAlgorithm')});
  }
}
