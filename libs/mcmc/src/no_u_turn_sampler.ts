/**
 * TFP's `tfp.mcmc.NoUTurnSampler`: the No-U-Turn sampler of Hoffman & Gelman (2014) in the
 * multinomial form of Stan and TFP (Betancourt 2017, "A Conceptual Introduction to HMC", A.3).
 *
 * One step draws a momentum p ~ N(0, M) (M = diag(1 / m), m = `inverseMassDiagonal`) and builds a
 * trajectory by doubling: at depth d a new subtree of 2^d leapfrog leaves is integrated forwards or
 * backwards in time (a fair coin per chain) from the matching end of the trajectory. With
 * H = -log p(x) + K(p) and H0 its value at the start, every point has weight exp(H0 - H):
 * - inside a subtree the proposal of two merged halves is drawn in proportion to their weights;
 * - the subtree's proposal replaces the current sample with probability
 *   min(1, w(subtree) / w(old trajectory)) (biased progressive sampling);
 * - the generalized U-turn criterion rho . (m p-) > 0 and rho . (m p+) > 0 (rho the summed momenta,
 *   p-/p+ those at the two ends) is checked on every merged pair of subtrees and, as Stan does
 *   since 2.21, also on each half extended by the first point of the other;
 * - a leaf whose H - H0 exceeds `maxEnergyDiff` (or is NaN) is a divergence.
 * A subtree that U-turns or diverges inside is discarded and ends the trajectory; so does reaching
 * `maxTreeDepth` doublings. The acceptance statistic reported as logAcceptRatio is, as TFP and Stan,
 * the log of the mean of min(1, exp(H0 - H)) over the leaves built, which step-size adaptation aims
 * at its target.
 *
 * Chains run together: every doubling advances all chains that have not stopped, and a chain that
 * has stopped (U-turn, divergence) is masked out of all further updates, so one call advances every
 * chain. The caller pays for the deepest chain.
 *
 * With `compileTarget: true` the same transition runs in float64 JavaScript (internal/float64_nuts.ts)
 * on the target compiled once per state shape by the backend's `compileValueAndGrads`: for small
 * models, where the ~200 tfjs kernels per leaf of the tensor form cost far more than the arithmetic.
 */
import * as tf from '@tensorflow/tfjs';
import {SeedStream} from '@tfjs-probability/distributions';
import {SeededRandom} from '@tfjs-probability/math';
import type {TransitionKernel} from './kernel';
import {broadcastValues} from './internal/broadcast_values';
import {compiledTarget} from './internal/compiled_target';
import {float64NutsTransition} from './internal/float64_nuts';
import {
  inverseMassTensors,
  kineticEnergyFromVelocity,
  leapfrogCoefficients,
  leapfrogStep,
  sampleMomentum,
  validateInverseMassDiagonal,
  velocity,
  type InverseMassDiagonal,
  type LeapfrogCoefficients,
  type PhasePoint,
} from './internal/hamiltonian';
import {
  checkInitialState,
  checkInitialTargetLogProb,
  evaluateTargetAndGradients,
  expandToPart,
  restoreStructure,
  stateParts,
  sumEventDims,
  type State,
  type TargetLogProbFn,
} from './internal/state';
import {stepSizeTensors, validateStepSize, type StepSize} from './internal/step_size';
import {tensorLeaves} from './internal/structure';

export interface NoUTurnSamplerOptions {
  targetLogProbFn: TargetLogProbFn;
  /** h > 0: a number, a tensor broadcast against the chains (e.g. [chains, 1]), or one per state part. */
  stepSize: StepSize;
  /** Maximum number of trajectory doublings, a positive integer (default 10: up to 1023 leaves). */
  maxTreeDepth?: number;
  /** A leaf with H - H0 above this is a divergence (default 1000, as TFP and Stan). */
  maxEnergyDiff?: number;
  /** Leapfrog steps per tree leaf (TFP's unrolled_leapfrog_steps; default 1). */
  unrollLeapfrogSteps?: number;
  /**
   * m > 0, the inverse mass matrix diagonal (ideally the posterior variances): a number, a tensor
   * broadcasting against the state part (e.g. its event shape), or one per state part. Default 1.
   */
  inverseMassDiagonal?: InverseMassDiagonal;
  /**
   * Build the trajectories in float64 JavaScript on the target compiled by the backend's
   * `compileValueAndGrads` (traced once per state shape), instead of with tfjs kernels: for small
   * models on the cpu and wasm backends, where tfjs's per-kernel dispatch dominates (eight schools:
   * ~1,600 kernels per step otherwise). The target must be a pure tfjs function of the state (no
   * `dataSync` branches); tracing rejects it otherwise. Same algorithm and results' meaning, other
   * random numbers. Default false.
   */
  compileTarget?: boolean;
}

/** TFP's NUTSKernelResults, camelCased (plus Stan's tree depth and energy). */
export type NoUTurnSamplerResults = {
  /** log p at the current state, one value per chain. */
  targetLogProb: tf.Tensor;
  /** Gradient of log p at the current state, one tensor per state part. */
  gradsTargetLogProb: tf.Tensor[];
  /** The step size of the next step, one tensor per state part (step-size adaptation writes it). */
  stepSize: tf.Tensor[];
  /** m, one tensor per state part (DiagonalMassMatrixAdaptation writes it). */
  inverseMassDiagonal: tf.Tensor[];
  /** Per chain: log of the mean of min(1, exp(H0 - H)) over the leaves built (Stan's accept_stat). */
  logAcceptRatio: tf.Tensor;
  /** Per chain: whether the new state differs from the previous one. */
  isAccepted: tf.Tensor;
  /** Per chain: leapfrog steps integrated (int32). */
  leapfrogsTaken: tf.Tensor;
  /** Per chain: number of doublings whose subtree was kept (Stan's treedepth__, int32). */
  treeDepth: tf.Tensor;
  /** Per chain: whether treeDepth reached maxTreeDepth (TFP's reach_max_depth; Stan warns about these). */
  reachMaxDepth: tf.Tensor;
  /** Per chain: whether the trajectory ended in a divergence. */
  hasDivergence: tf.Tensor;
  /** Per chain: the Hamiltonian -log p(x) + K(p) at the new state (Stan's energy__). */
  energy: tf.Tensor;
};

const NAME = 'NoUTurnSampler';

/** A point of the trajectory with its velocity v = m p and Hamiltonian H. */
type TreePoint = PhasePoint & {v: tf.Tensor[]; energy: tf.Tensor};
/** What an end of the trajectory needs: where to continue from, and its momentum for the U-turn checks. */
type End = Pick<TreePoint, 'x' | 'p' | 'v' | 'grads'>;
/** What a proposal needs: the state and its results. */
type Proposal = Pick<TreePoint, 'x' | 'targetLogProb' | 'grads' | 'energy'>;

/** A (sub)tree of the trajectory: its two end points' momenta and velocities, summed momentum, log weight and proposal. */
type Tree = {
  /** Momentum and velocity at the end built first (next to the rest of the trajectory). */
  pBegin: tf.Tensor[];
  vBegin: tf.Tensor[];
  /** Momentum and velocity at the end built last (the outer end). */
  pEnd: tf.Tensor[];
  vEnd: tf.Tensor[];
  rho: tf.Tensor[];
  /** log of the summed weights exp(H0 - H) of the tree's points. */
  logWeight: tf.Tensor;
  proposal: Proposal;
};

/** What building one subtree returns; `tree` and `outer` are absent when every chain stopped early. */
type Subtree = {
  tree?: Tree;
  outer?: End;
  valid: tf.Tensor;
  leaves: tf.Tensor;
  sumAcceptProb: tf.Tensor;
  divergent: tf.Tensor;
};

/** The trajectory so far, per chain. */
type Trajectory = {
  left: End;
  right: End;
  rho: tf.Tensor[];
  logWeight: tf.Tensor;
  sample: Proposal;
  /** Chains still doubling (no U-turn, no divergence, no discarded subtree yet). */
  active: tf.Tensor;
  moved: tf.Tensor;
  depth: tf.Tensor;
  leaves: tf.Tensor;
  sumAcceptProb: tf.Tensor;
  divergent: tf.Tensor;
};

/** Constants of one NUTS step. */
type StepContext = {
  m: tf.Tensor[];
  h: tf.Tensor[];
  /** H at the starting point, per chain. */
  energy0: tf.Tensor;
  batchRank: number;
  infinity: tf.Tensor;
  seeds: SeedStream;
};

export class NoUTurnSampler implements TransitionKernel<NoUTurnSamplerResults> {
  readonly isCalibrated = true;
  readonly targetLogProbFn: TargetLogProbFn;
  readonly stepSize: Array<number | tf.Tensor>;
  readonly maxTreeDepth: number;
  readonly maxEnergyDiff: number;
  readonly unrollLeapfrogSteps: number;
  readonly inverseMassDiagonal: Array<number | tf.Tensor>;
  readonly compileTarget: boolean;

  constructor(options: NoUTurnSamplerOptions) {
    if (typeof options?.targetLogProbFn !== 'function') throw new Error(`${NAME}: targetLogProbFn must be a function`);
    if (options.stepSize === undefined) throw new Error(`${NAME}: stepSize is required`);
    const {maxTreeDepth = 10, maxEnergyDiff = 1000, unrollLeapfrogSteps = 1} = options;
    if (!(Number.isInteger(maxTreeDepth) && maxTreeDepth >= 1 && maxTreeDepth <= 30)) {
      throw new Error(`${NAME}: maxTreeDepth must be an integer in [1, 30]; received ${maxTreeDepth}`);
    }
    if (!(maxEnergyDiff > 0)) throw new Error(`${NAME}: maxEnergyDiff must be a positive number; received ${maxEnergyDiff}`);
    if (!(Number.isInteger(unrollLeapfrogSteps) && unrollLeapfrogSteps >= 1)) {
      throw new Error(`${NAME}: unrollLeapfrogSteps must be a positive integer; received ${unrollLeapfrogSteps}`);
    }
    this.targetLogProbFn = options.targetLogProbFn;
    this.stepSize = validateStepSize(NAME, 'stepSize', options.stepSize);
    this.maxTreeDepth = maxTreeDepth;
    this.maxEnergyDiff = maxEnergyDiff;
    this.unrollLeapfrogSteps = unrollLeapfrogSteps;
    this.inverseMassDiagonal = validateInverseMassDiagonal(NAME, options.inverseMassDiagonal);
    this.compileTarget = options.compileTarget ?? false;
  }

  bootstrapResults(initState: State): NoUTurnSamplerResults {
    const parts = stateParts(initState);
    checkInitialState(NAME, parts);
    return tf.tidy(() => {
      const {targetLogProb, grads} = evaluateTargetAndGradients(NAME, this.targetLogProbFn, parts);
      checkInitialTargetLogProb(NAME, targetLogProb);
      const shape = targetLogProb.shape;
      return {
        targetLogProb,
        gradsTargetLogProb: grads,
        stepSize: stepSizeTensors(NAME, 'stepSize', this.stepSize, parts.length),
        inverseMassDiagonal: inverseMassTensors(NAME, this.inverseMassDiagonal, parts),
        logAcceptRatio: tf.zeros(shape),
        isAccepted: tf.ones(shape, 'bool'),
        leapfrogsTaken: tf.zeros(shape, 'int32'),
        treeDepth: tf.zeros(shape, 'int32'),
        reachMaxDepth: tf.zeros(shape, 'bool'),
        hasDivergence: tf.zeros(shape, 'bool'),
        energy: tf.neg(targetLogProb),
      };
    });
  }

  oneStep<S extends State>(currentState: S, previous: NoUTurnSamplerResults, seed?: number): [S, NoUTurnSamplerResults] {
    if (this.compileTarget) return this.oneStepCompiled(currentState, previous, seed);
    return tf.tidy(() => {
      const seeds = new SeedStream(seed, NAME);
      const parts = stateParts(currentState);
      const m = previous.inverseMassDiagonal;
      const batchShape = previous.targetLogProb.shape;
      const batchRank = batchShape.length;
      const infinity = tf.fill(batchShape, Infinity);
      const p0 = sampleMomentum(parts, m, () => seeds.next());
      const start = treePoint(
        {x: parts, p: p0, targetLogProb: previous.targetLogProb, grads: previous.gradsTargetLogProb},
        m,
        batchRank,
        infinity,
      );
      const context: StepContext = {m, h: previous.stepSize, energy0: start.energy, batchRank, infinity, seeds};
      let traj: Trajectory = {
        left: start,
        right: start,
        rho: p0,
        logWeight: tf.zeros(batchShape),
        sample: start,
        active: tf.ones(batchShape, 'bool'),
        moved: tf.zeros(batchShape, 'bool'),
        depth: tf.zeros(batchShape, 'int32'),
        leaves: tf.zeros(batchShape),
        sumAcceptProb: tf.zeros(batchShape),
        divergent: tf.zeros(batchShape, 'bool'),
      };
      for (let depth = 0; depth < this.maxTreeDepth; depth++) {
        if (!anyTrue(traj.active)) break;
        const old = traj;
        traj = tf.tidy(() => this.doubleTrajectory(old, depth, context));
        disposeReplaced(old, traj, [start, infinity]);
      }
      return [
        restoreStructure(currentState, traj.sample.x),
        {
          targetLogProb: traj.sample.targetLogProb,
          gradsTargetLogProb: traj.sample.grads,
          stepSize: context.h.map((s) => tf.clone(s)),
          inverseMassDiagonal: m.map((s) => tf.clone(s)),
          logAcceptRatio: tf.log(tf.div(traj.sumAcceptProb, traj.leaves)),
          isAccepted: traj.moved,
          leapfrogsTaken: tf.cast(tf.mul(traj.leaves, this.unrollLeapfrogSteps), 'int32'),
          treeDepth: traj.depth,
          reachMaxDepth: tf.equal(traj.depth, this.maxTreeDepth),
          hasDivergence: traj.divergent,
          energy: traj.sample.energy,
        },
      ];
    });
  }

  /** oneStep with the trajectories built in float64 JavaScript on the compiled target (see compileTarget). */
  private oneStepCompiled<S extends State>(currentState: S, previous: NoUTurnSamplerResults, seed?: number): [S, NoUTurnSamplerResults] {
    // No tf.tidy: every tensor made here is part of the result (a scope would only walk it).
    const parts = stateParts(currentState);
    const batchShape = previous.targetLogProb.shape;
    const numChains = tf.util.sizeFromShape(batchShape);
    const seeds = new SeedStream(seed, NAME);
    const rngs = Array.from({length: numChains}, () => new SeededRandom(seeds.next(), NAME));
    const perPart = (values: tf.Tensor[]) =>
      parts.map((part, i) => broadcastValues(values[i].dataSync(), values[i].shape, part.shape));
    const out = float64NutsTransition(
      compiledTarget(NAME, this.targetLogProbFn, parts),
      {
        partSizes: parts.map((p) => p.size / numChains),
        numChains,
        x: parts.map((p) => p.dataSync()),
        targetLogProb: previous.targetLogProb.dataSync(),
        grads: previous.gradsTargetLogProb.map((g) => g.dataSync()),
        stepSize: perPart(previous.stepSize),
        inverseMass: perPart(previous.inverseMassDiagonal),
      },
      {maxTreeDepth: this.maxTreeDepth, maxEnergyDiff: this.maxEnergyDiff, unrollLeapfrogSteps: this.unrollLeapfrogSteps},
      rngs,
    );
    const perChain = <D extends 'float32' | 'int32' | 'bool'>(values: tf.TypedArray, dtype: D) => tf.tensor(values, batchShape, dtype);
    return [
      restoreStructure(currentState, out.x.map((x, i) => tf.tensor(x, parts[i].shape, 'float32'))),
      {
        targetLogProb: perChain(out.targetLogProb, 'float32'),
        gradsTargetLogProb: out.grads.map((g, i) => tf.tensor(g, parts[i].shape, 'float32')),
        stepSize: previous.stepSize.map((s) => tf.clone(s)),
        inverseMassDiagonal: previous.inverseMassDiagonal.map((s) => tf.clone(s)),
        logAcceptRatio: perChain(out.logAcceptRatio, 'float32'),
        isAccepted: perChain(out.isAccepted, 'bool'),
        leapfrogsTaken: perChain(out.leapfrogsTaken, 'int32'),
        treeDepth: perChain(out.treeDepth, 'int32'),
        reachMaxDepth: perChain(Uint8Array.from(out.treeDepth, (d) => (d === this.maxTreeDepth ? 1 : 0)), 'bool'),
        hasDivergence: perChain(out.hasDivergence, 'bool'),
        energy: perChain(out.energy, 'float32'),
      },
    ];
  }

  /** One doubling: a subtree of 2^depth leaves in a random direction per chain, merged into the trajectory. */
  private doubleTrajectory(traj: Trajectory, depth: number, context: StepContext): Trajectory {
    const batchShape = traj.active.shape;
    const forward = tf.less(tf.randomUniform(batchShape, 0, 1, 'float32', context.seeds.next()), 0.5);
    const direction = tf.sub(tf.mul(tf.cast(forward, 'float32'), 2), 1);
    // The forward mask broadcast once per part shape, for every selection by direction.
    const forwardMasks = new Map<string, tf.Tensor>();
    const start = selectEnd(forward, traj.right, traj.left, forwardMasks);
    const signedH = context.h.map((hi, i) => tf.mul(hi, expandToPart(direction, start.x[i])));
    const sub = this.buildSubtree(start, 2 ** depth, leapfrogCoefficients(signedH, context.m), traj.active, context);
    const leaves = tf.add(traj.leaves, sub.leaves);
    const sumAcceptProb = tf.add(traj.sumAcceptProb, sub.sumAcceptProb);
    const divergent = tf.logicalOr(traj.divergent, sub.divergent);
    if (sub.tree === undefined || sub.outer === undefined) {
      // Every chain stopped inside the subtree: nothing of it is kept.
      return {...traj, active: tf.zeros(batchShape, 'bool'), leaves, sumAcceptProb, divergent};
    }
    const tree = sub.tree;
    const valid = tf.logicalAnd(traj.active, sub.valid);
    // Biased progressive sampling: move to the subtree's proposal with probability min(1, w_new / w_old).
    const logU = tf.log(tf.randomUniform(batchShape, 0, 1, 'float32', context.seeds.next()));
    const take = tf.logicalAnd(valid, tf.less(logU, tf.sub(tree.logWeight, traj.logWeight)));
    const rhoNew = traj.rho.map((r, i) => tf.add(r, tree.rho[i]));
    // The old trajectory as the first half: its end away from the subtree, then the end it grew from.
    const oldHalf = {
      pBegin: selectParts(forward, traj.left.p, traj.right.p, forwardMasks),
      vBegin: selectParts(forward, traj.left.v, traj.right.v, forwardMasks),
      pEnd: start.p,
      vEnd: start.v,
      rho: traj.rho,
    };
    const persists = mergedNoUTurn(oldHalf, tree, rhoNew, context.batchRank, depth === 0);
    return {
      left: selectEnd(tf.logicalAnd(valid, tf.logicalNot(forward)), sub.outer, traj.left),
      right: selectEnd(tf.logicalAnd(valid, forward), sub.outer, traj.right),
      rho: selectParts(valid, rhoNew, traj.rho),
      logWeight: select(valid, logAddExp(traj.logWeight, tree.logWeight), traj.logWeight),
      sample: selectProposal(take, tree.proposal, traj.sample),
      active: tf.logicalAnd(valid, persists),
      moved: tf.logicalOr(traj.moved, take),
      depth: select(valid, tf.add(traj.depth, tf.scalar(1, 'int32')), traj.depth),
      leaves,
      sumAcceptProb,
      divergent,
    };
  }

  /**
   * Integrates `numLeaves` leaves from `start` and merges them into a balanced binary tree with a
   * stack (the iterative form of Stan's recursive build_tree): after leaf i, the subtrees completed
   * by it (one per trailing 1-bit of i) are merged with their left siblings. A chain's subtree is
   * invalid from its first divergence or inner U-turn on, and its later leaves are not counted.
   */
  private buildSubtree(start: End, numLeaves: number, coefficients: LeapfrogCoefficients, active: tf.Tensor, context: StepContext): Subtree {
    const {m, batchRank, energy0, infinity, seeds} = context;
    type Carry = {
      point: End;
      stack: Array<Tree | undefined>;
      valid: tf.Tensor;
      leaves: tf.Tensor;
      sumAcceptProb: tf.Tensor;
      divergent: tf.Tensor;
    };
    let carry: Carry = {
      point: start,
      stack: [],
      valid: active,
      leaves: tf.zerosLike(energy0),
      sumAcceptProb: tf.zerosLike(energy0),
      divergent: tf.zeros(active.shape, 'bool'),
    };
    const keep = [start, active, coefficients];
    const evaluate = (x: tf.Tensor[]) => evaluateTargetAndGradients(NAME, this.targetLogProbFn, x);
    for (let i = 0; i < numLeaves; i++) {
      const old = carry;
      carry = tf.tidy(() => {
        let phase = leapfrogStep(old.point, coefficients, evaluate);
        for (let k = 1; k < this.unrollLeapfrogSteps; k++) phase = leapfrogStep(phase, coefficients, evaluate);
        const point = treePoint(phase, m, batchRank, infinity);
        const logWeight = tf.sub(energy0, point.energy);
        const counted = old.valid;
        const countedFloat = tf.cast(counted, 'float32');
        // min(1, exp(H0 - H)), 0 for H = inf.
        const acceptProb = tf.exp(tf.minimum(logWeight, 0));
        const diverged = tf.logicalAnd(counted, tf.greater(tf.neg(logWeight), this.maxEnergyDiff));
        let valid = tf.logicalAnd(counted, tf.logicalNot(diverged));
        let tree: Tree = {pBegin: point.p, vBegin: point.v, pEnd: point.p, vEnd: point.v, rho: point.p, logWeight, proposal: point};
        const stack = old.stack.slice();
        let level = 0;
        while ((i >> level) & 1) {
          const merged = mergeSubtrees(stack[level] as Tree, tree, batchRank, seeds, level === 0);
          valid = tf.logicalAnd(valid, merged.persists);
          tree = merged.tree;
          stack[level] = undefined;
          level++;
        }
        stack[level] = tree;
        return {
          point,
          stack,
          valid,
          leaves: tf.add(old.leaves, countedFloat),
          sumAcceptProb: tf.add(old.sumAcceptProb, tf.mul(acceptProb, countedFloat)),
          divergent: tf.logicalOr(old.divergent, diverged),
        };
      });
      disposeReplaced(old, carry, keep);
      // Every fourth leaf, stop early if no chain is still building (its remaining leaves would be discarded).
      if (i + 1 < numLeaves && (i & 3) === 3 && !anyTrue(carry.valid)) {
        const {valid, leaves, sumAcceptProb, divergent} = carry;
        disposeReplaced({point: carry.point, stack: carry.stack}, [], keep);
        return {valid, leaves, sumAcceptProb, divergent};
      }
    }
    return {
      tree: carry.stack[Math.log2(numLeaves)],
      outer: carry.point,
      valid: carry.valid,
      leaves: carry.leaves,
      sumAcceptProb: carry.sumAcceptProb,
      divergent: carry.divergent,
    };
  }
}

/** The point with its velocity m p and Hamiltonian H = -log p(x) + K(p), NaN read as +inf. */
function treePoint(point: PhasePoint, m: tf.Tensor[], batchRank: number, infinity: tf.Tensor): TreePoint {
  const v = velocity(point.p, m);
  const energy = tf.sub(kineticEnergyFromVelocity(point.p, v, batchRank), point.targetLogProb);
  return {...point, v, energy: select(tf.isNaN(energy), infinity, energy)};
}

/**
 * Merges `init` (built first) with `final` (built after it, further out): log weights add, the
 * proposal is final's with probability w(final) / (w(init) + w(final)), and the U-turn criterion is
 * checked on the merged tree and on each half extended by the adjacent point of the other.
 */
function mergeSubtrees(init: Tree, final: Tree, batchRank: number, seeds: SeedStream, singleLeaves: boolean): {tree: Tree; persists: tf.Tensor} {
  const logWeight = logAddExp(init.logWeight, final.logWeight);
  const logU = tf.log(tf.randomUniform(logWeight.shape, 0, 1, 'float32', seeds.next()));
  const takeFinal = tf.less(logU, tf.sub(final.logWeight, logWeight));
  const rho = init.rho.map((r, i) => tf.add(r, final.rho[i]));
  return {
    tree: {
      pBegin: init.pBegin,
      vBegin: init.vBegin,
      pEnd: final.pEnd,
      vEnd: final.vEnd,
      rho,
      logWeight,
      proposal: selectProposal(takeFinal, final.proposal, init.proposal),
    },
    persists: mergedNoUTurn(init, final, rho, batchRank, singleLeaves),
  };
}

type TreeEnds = Pick<Tree, 'pBegin' | 'vBegin' | 'pEnd' | 'vEnd' | 'rho'>;

/**
 * Stan's criterion for `a` followed by `b` (rho = rho_a + rho_b): no U-turn across the whole,
 * nor across a plus b's first point, nor across a's last point plus b. Each check is
 * v- . rho > 0 and v+ . rho > 0 with v = m p at the two ends; all six dot products must be positive.
 */
function mergedNoUTurn(a: TreeEnds, b: TreeEnds, rho: tf.Tensor[], batchRank: number, singlePoints: boolean): tf.Tensor {
  const dot = (v: tf.Tensor[], r: tf.Tensor[]) => {
    let s: tf.Tensor | undefined;
    v.forEach((vi, i) => {
      const term = sumEventDims(tf.mul(vi, r[i]), batchRank);
      s = s === undefined ? term : tf.add(s, term);
    });
    return s as tf.Tensor;
  };
  // Two single points: each half extended by the other is the whole, so one check covers all three.
  if (singlePoints) return tf.greater(tf.minimum(dot(a.vBegin, rho), dot(b.vEnd, rho)), 0);
  const rhoA = a.rho.map((r, i) => tf.add(r, b.pBegin[i]));
  const rhoB = b.rho.map((r, i) => tf.add(r, a.pEnd[i]));
  const dots = [dot(a.vBegin, rho), dot(b.vEnd, rho), dot(a.vBegin, rhoA), dot(b.vBegin, rhoA), dot(a.vEnd, rhoB), dot(b.vEnd, rhoB)];
  return tf.greater(dots.reduce((x, y) => tf.minimum(x, y)), 0);
}

/** log(exp(a) + exp(b)) = max + log1p(exp(-|a - b|)); -inf when one is -inf and the other finite is handled. */
function logAddExp(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.add(tf.maximum(a, b), tf.log1p(tf.exp(tf.neg(tf.abs(tf.sub(a, b))))));
}

/** tf.where for operands of one shape, without its broadcasting copies (this runs for every leaf). */
function select(condition: tf.Tensor, a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.engine().runKernel('Select', {condition, t: a, e: b}) as tf.Tensor;
}

/** Per chain, a's parts where mask holds and b's elsewhere (the mask is broadcast once per part shape). */
function selectParts(mask: tf.Tensor, a: tf.Tensor[], b: tf.Tensor[], masks = new Map<string, tf.Tensor>()): tf.Tensor[] {
  return a.map((ai, i) => {
    if (ai === b[i]) return ai;
    const key = ai.shape.join(',');
    let full = masks.get(key);
    if (full === undefined) {
      full = ai.rank === mask.rank ? mask : tf.broadcastTo(expandToPart(mask, ai), ai.shape);
      masks.set(key, full);
    }
    return select(full, ai, b[i]);
  });
}

/** Per chain, end a where mask holds and b elsewhere. */
function selectEnd(mask: tf.Tensor, a: End, b: End, masks = new Map<string, tf.Tensor>()): End {
  if (a === b) return a;
  return {
    x: selectParts(mask, a.x, b.x, masks),
    p: selectParts(mask, a.p, b.p, masks),
    v: selectParts(mask, a.v, b.v, masks),
    grads: selectParts(mask, a.grads, b.grads, masks),
  };
}

/** Per chain, proposal a where mask holds and b elsewhere. */
function selectProposal(mask: tf.Tensor, a: Proposal, b: Proposal): Proposal {
  if (a === b) return a;
  const masks = new Map<string, tf.Tensor>();
  return {
    x: selectParts(mask, a.x, b.x, masks),
    grads: selectParts(mask, a.grads, b.grads, masks),
    targetLogProb: select(mask, a.targetLogProb, b.targetLogProb),
    energy: select(mask, a.energy, b.energy),
  };
}

function anyTrue(mask: tf.Tensor): boolean {
  return tf.tidy(() => tf.any(mask).dataSync()[0] !== 0);
}

/** Disposes the tensors of `old` that are neither in `next` nor in `keep` (a loop carry replaced by its successor). */
function disposeReplaced(old: tf.TensorContainer, next: tf.TensorContainer, keep: tf.TensorContainer): void {
  const alive = new Set([...tensorLeaves(next), ...tensorLeaves(keep)].map((t) => t.id));
  for (const t of tensorLeaves(old)) if (!alive.has(t.id) && !t.isDisposed) t.dispose();
}
