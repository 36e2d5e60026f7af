/**
 * TFP's `tfp.mcmc.HamiltonianMonteCarlo` and `UncalibratedHamiltonianMonteCarlo` with unit mass:
 * momentum p ~ N(0, I), `numLeapfrogSteps` leapfrog steps of size h
 *   p <- p + (h/2) grad log p(x);  x <- x + h p;  p <- p + (h/2) grad log p(x),
 * and the log acceptance correction K(p0) - K(pL) with kinetic energy K(p) = |p|^2 / 2, so that
 * Metropolis-Hastings accepts with probability min(1, exp(-(change of the Hamiltonian))).
 */
import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import {MetropolisHastings} from './metropolis_hastings';
import {GradientKernel, type GradientKernelResults} from './internal/gradient_kernel';
import {restoreStructure, stateParts, sumEventDims, type State, type TargetLogProbFn} from './internal/state';
import type {StepSize} from './internal/step_size';

export interface HamiltonianMonteCarloOptions {
  targetLogProbFn: TargetLogProbFn;
  /** h > 0: a number, a tensor broadcast against the chains, or one per state part. */
  stepSize: StepSize;
  /** Number of leapfrog steps per proposal (a positive integer). */
  numLeapfrogSteps: number;
}

export class UncalibratedHamiltonianMonteCarlo extends GradientKernel {
  readonly numLeapfrogSteps: number;

  constructor(options: HamiltonianMonteCarloOptions, name = 'UncalibratedHamiltonianMonteCarlo') {
    super(options, name);
    const n = options.numLeapfrogSteps;
    if (!(Number.isInteger(n) && n >= 1)) {
      throw new Error(`${name}: numLeapfrogSteps must be a positive integer; received ${n}`);
    }
    this.numLeapfrogSteps = n;
  }

  oneStep<S extends State>(currentState: S, previous: GradientKernelResults, seed?: number): [S, GradientKernelResults] {
    return tf.tidy(() => {
      const seeds = new SeedStream(seed, 'UncalibratedHamiltonianMonteCarlo');
      const parts = stateParts(currentState);
      const h = previous.stepSize;
      const batchRank = previous.targetLogProb.rank;
      const momentum0 = parts.map((x) => tf.randomNormal(x.shape, 0, 1, 'float32', seeds.next()));
      const kinetic = (p: tf.Tensor[]) =>
        p.reduce((acc, pi) => tf.add(acc, sumEventDims(tf.mul(tf.square(pi), 0.5), batchRank)), tf.zerosLike(previous.targetLogProb));
      let x = parts;
      let p = momentum0;
      let grads = previous.gradsTargetLogProb;
      let targetLogProb = previous.targetLogProb;
      for (let step = 0; step < this.numLeapfrogSteps; step++) {
        const next = tf.tidy(() => {
          const pHalf = p.map((pi, i) => tf.add(pi, tf.mul(tf.mul(h[i], 0.5), grads[i])));
          const xNew = x.map((xi, i) => tf.add(xi, tf.mul(h[i], pHalf[i])));
          const evaluated = this.evaluate(xNew);
          const pNew = pHalf.map((pi, i) => tf.add(pi, tf.mul(tf.mul(h[i], 0.5), evaluated.grads[i])));
          return {x: xNew, p: pNew, grads: evaluated.grads, targetLogProb: evaluated.targetLogProb};
        });
        x = next.x;
        p = next.p;
        grads = next.grads;
        targetLogProb = next.targetLogProb;
      }
      return [
        restoreStructure(currentState, x),
        {
          logAcceptanceCorrection: tf.sub(kinetic(momentum0), kinetic(p)),
          targetLogProb,
          gradsTargetLogProb: grads,
          stepSize: h.map((s) => tf.clone(s)),
        },
      ];
    });
  }
}

export class HamiltonianMonteCarlo extends MetropolisHastings<GradientKernelResults> {
  constructor(options: HamiltonianMonteCarloOptions) {
    super({innerKernel: new UncalibratedHamiltonianMonteCarlo(options, 'HamiltonianMonteCarlo')});
  }
}
