/**
 * TFP's `tfp.mcmc.HamiltonianMonteCarlo` and `UncalibratedHamiltonianMonteCarlo`, with an optional
 * diagonal mass matrix (TFP's PreconditionedHamiltonianMonteCarlo with a diagonal Gaussian momentum):
 * momentum p ~ N(0, M), M = diag(1 / m), `numLeapfrogSteps` leapfrog steps of size h
 *   p <- p + (h/2) grad log p(x);  x <- x + h m p;  p <- p + (h/2) grad log p(x),
 * and the log acceptance correction K(p0) - K(pL) with kinetic energy K(p) = (1/2) sum m p^2, so
 * that Metropolis-Hastings accepts with probability min(1, exp(-(change of the Hamiltonian))).
 * m (`inverseMassDiagonal`, default 1) lives in the kernel results, so DiagonalMassMatrixAdaptation
 * can change it between steps, as step-size adaptation changes `stepSize`.
 */
import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import type {TransitionKernel} from './kernel';
import {MetropolisHastings} from './metropolis_hastings';
import {GradientKernel, type GradientKernelResults} from './internal/gradient_kernel';
import {
  inverseMassTensors,
  kineticEnergy,
  leapfrogCoefficients,
  leapfrogStep,
  sampleMomentum,
  validateInverseMassDiagonal,
  type HamiltonianResults,
  type InverseMassDiagonal,
  type PhasePoint,
} from './internal/hamiltonian';
import {restoreStructure, stateParts, type State, type TargetLogProbFn} from './internal/state';
import type {StepSize} from './internal/step_size';

export interface HamiltonianMonteCarloOptions {
  targetLogProbFn: TargetLogProbFn;
  /** h > 0: a number, a tensor broadcast against the chains, or one per state part. */
  stepSize: StepSize;
  /** Number of leapfrog steps per proposal (a positive integer). */
  numLeapfrogSteps: number;
  /**
   * m > 0, the diagonal of the inverse mass matrix (ideally the posterior variances): a number, a
   * tensor broadcasting against the state part (e.g. its event shape), or one per state part.
   * Default 1 (unit mass).
   */
  inverseMassDiagonal?: InverseMassDiagonal;
}

export class UncalibratedHamiltonianMonteCarlo extends GradientKernel implements TransitionKernel<HamiltonianResults> {
  readonly numLeapfrogSteps: number;
  readonly inverseMassDiagonal: Array<number | tf.Tensor>;

  constructor(options: HamiltonianMonteCarloOptions, name = 'UncalibratedHamiltonianMonteCarlo') {
    super(options, name);
    const n = options.numLeapfrogSteps;
    if (!(Number.isInteger(n) && n >= 1)) {
      throw new Error(`${name}: numLeapfrogSteps must be a positive integer; received ${n}`);
    }
    this.numLeapfrogSteps = n;
    this.inverseMassDiagonal = validateInverseMassDiagonal(name, options.inverseMassDiagonal);
  }

  override bootstrapResults(initState: State): HamiltonianResults {
    const base: GradientKernelResults = super.bootstrapResults(initState);
    try {
      const inverseMassDiagonal = tf.tidy(() => inverseMassTensors(this.name, this.inverseMassDiagonal, stateParts(initState)));
      return {...base, inverseMassDiagonal};
    } catch (error) {
      tf.dispose(base);
      throw error;
    }
  }

  oneStep<S extends State>(currentState: S, previous: HamiltonianResults, seed?: number): [S, HamiltonianResults] {
    return tf.tidy(() => {
      const seeds = new SeedStream(seed, 'UncalibratedHamiltonianMonteCarlo');
      const parts = stateParts(currentState);
      const h = previous.stepSize;
      const m = previous.inverseMassDiagonal;
      const batchRank = previous.targetLogProb.rank;
      const momentum0 = sampleMomentum(parts, m, () => seeds.next());
      let point: PhasePoint = {x: parts, p: momentum0, targetLogProb: previous.targetLogProb, grads: previous.gradsTargetLogProb};
      const coefficients = leapfrogCoefficients(h, m);
      for (let step = 0; step < this.numLeapfrogSteps; step++) {
        const current = point;
        point = tf.tidy(() => leapfrogStep(current, coefficients, (x) => this.evaluate(x)));
      }
      return [
        restoreStructure(currentState, point.x),
        {
          logAcceptanceCorrection: tf.sub(kineticEnergy(momentum0, m, batchRank), kineticEnergy(point.p, m, batchRank)),
          targetLogProb: point.targetLogProb,
          gradsTargetLogProb: point.grads,
          stepSize: h.map((s) => tf.clone(s)),
          inverseMassDiagonal: m.map((s) => tf.clone(s)),
        },
      ];
    });
  }
}

export class HamiltonianMonteCarlo extends MetropolisHastings<HamiltonianResults> {
  constructor(options: HamiltonianMonteCarloOptions) {
    super({innerKernel: new UncalibratedHamiltonianMonteCarlo(options, 'HamiltonianMonteCarlo')});
  }
}
