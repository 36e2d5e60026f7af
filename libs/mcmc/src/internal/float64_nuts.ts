/**
 * NoUTurnSampler's transition in float64 JavaScript, for targets compiled by the backend's
 * `compileValueAndGrads`: the same algorithm as the tensor implementation in no_u_turn_sampler.ts
 * (multinomial NUTS with biased progressive sampling, Stan's generalized U-turn criterion with the
 * two extra checks across subtrees, divergence at H - H0 > maxEnergyDiff), per chain. Each chain's
 * transition is a small state machine that asks for the target at one position at a time; the
 * driver runs all chains in lockstep and answers each round with one batched evaluation, so the
 * cost is one compiled evaluation per leaf of the deepest chain.
 * Positions are rounded to float32 (the state's dtype), so log p and its gradient are those of the
 * float32 state that the kernel returns.
 */
import type {SeededRandom} from '@tfjs-probability/math';

/** A batched log-density: value per chain and gradients per state part, for flat chain-major inputs. */
export interface BatchedTarget {
  evaluate(inputs: ArrayLike<number>[]): {value: Float64Array; grads: Float64Array[]};
}

export interface Float64NutsSettings {
  maxTreeDepth: number;
  maxEnergyDiff: number;
  unrollLeapfrogSteps: number;
}

/** Flat chain-major arrays of every state part, and per-chain values. */
export interface Float64NutsInputs {
  /** Elements per chain of each state part (its event size). */
  partSizes: number[];
  numChains: number;
  x: ArrayLike<number>[];
  targetLogProb: ArrayLike<number>;
  grads: ArrayLike<number>[];
  /** Step size and inverse mass diagonal, broadcast to the parts' full shapes. */
  stepSize: Float64Array[];
  inverseMass: Float64Array[];
}

export interface Float64NutsOutputs {
  x: Float32Array[];
  grads: Float32Array[];
  targetLogProb: Float32Array;
  energy: Float32Array;
  logAcceptRatio: Float32Array;
  isAccepted: Uint8Array;
  leapfrogsTaken: Int32Array;
  treeDepth: Int32Array;
  hasDivergence: Uint8Array;
}

/**
 * A vector of one chain (its state parts concatenated). Plain arrays, not typed arrays: a leaf makes
 * several short vectors, and V8 allocates small typed arrays off the heap at ~1 us each.
 */
type Vector = number[];

/** A phase-space point of one chain: position, momentum, velocity m p, log p and its gradient. */
type Point = {x: Vector; p: Vector; v: Vector; g: Vector; logProb: number};

/** A proposal: the point and its Hamiltonian. */
type Proposal = {point: Point; energy: number};

/** Stan's tree summary: the momenta and velocities at its first-built and last-built ends, summed momentum, log weight. */
type Tree = {
  pBegin: Vector;
  vBegin: Vector;
  pEnd: Vector;
  vEnd: Vector;
  rho: Vector;
  logWeight: number;
  proposal: Proposal;
};

function dot(a: Vector, b: Vector): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}

function add(a: Vector, b: Vector): Vector {
  const out: Vector = [];
  for (let k = 0; k < a.length; k++) out.push(a[k] + b[k]);
  return out;
}

function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const max = Math.max(a, b);
  return max + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * Stan's criterion across `a` then `b` (b built after a, further out; rho = a.rho + b.rho): no U-turn
 * between the outer ends for rho, nor across a extended by b's first point, nor across b extended by
 * a's last point; each check is v- . rho > 0 and v+ . rho > 0 (the extended sums taken term by term).
 */
function mergedNoUTurn(a: Tree, b: Tree, rho: Vector): boolean {
  return (
    dot(a.vBegin, rho) > 0 &&
    dot(b.vEnd, rho) > 0 &&
    dot(a.vBegin, a.rho) + dot(a.vBegin, b.pBegin) > 0 &&
    dot(b.vBegin, a.rho) + dot(b.vBegin, b.pBegin) > 0 &&
    dot(a.vEnd, b.rho) + dot(a.vEnd, a.pEnd) > 0 &&
    dot(b.vEnd, b.rho) + dot(b.vEnd, a.pEnd) > 0
  );
}

/** H = -log p + (1/2) p . v, NaN read as +inf. */
function hamiltonian(p: Vector, v: Vector, logProb: number): number {
  const energy = 0.5 * dot(p, v) - logProb;
  return Number.isNaN(energy) ? Infinity : energy;
}

/**
 * One chain's NUTS transition as a state machine driven by target evaluations: `request` is the
 * position the chain needs log p at next (undefined once the transition is over), `receive` gives
 * it. Subtrees are built leaf by leaf with a stack (the iterative form of Stan's recursive
 * build_tree): after leaf i, the subtrees it completes (one per trailing 1-bit of i) are merged
 * with their left siblings.
 */
class ChainTransition {
  request: Vector | undefined;
  readonly dim: number;
  private readonly energy0: number;
  // The trajectory.
  private left: Point;
  private right: Point;
  private rho: Vector;
  private logWeight = 0;
  sample: Proposal;
  moved = false;
  depth = 0;
  leaves = 0;
  sumAcceptProb = 0;
  divergent = false;
  // The subtree being built.
  private forward = true;
  private numLeaves = 1;
  private leafIndex = 0;
  private stack: Array<Tree | undefined> = [];
  private point: Point;
  // The leapfrog step in progress: momentum after the first half kick, and steps done in this leaf.
  private pHalf: Vector;
  private stepInLeaf = 0;

  constructor(
    start: {x: Vector; g: Vector; logProb: number},
    private readonly h: Vector,
    private readonly m: Vector,
    private readonly settings: Float64NutsSettings,
    private readonly rng: SeededRandom,
  ) {
    const n = (this.dim = start.x.length);
    const p: Vector = [];
    const v: Vector = [];
    for (let k = 0; k < n; k++) {
      p.push(rng.normal() / Math.sqrt(m[k]));
      v.push(m[k] * p[k]);
    }
    const origin: Point = {x: start.x, p, v, g: start.g, logProb: start.logProb};
    this.energy0 = hamiltonian(p, v, start.logProb);
    this.left = this.right = this.point = origin;
    this.rho = p;
    this.sample = {point: origin, energy: this.energy0};
    this.pHalf = p;
    this.startDoubling();
  }

  /** Begins the next doubling in a random direction, or ends the transition at maxTreeDepth. */
  private startDoubling(): void {
    if (this.depth >= this.settings.maxTreeDepth) {
      this.request = undefined;
      return;
    }
    this.forward = this.rng.uniform() < 0.5;
    this.numLeaves = 2 ** this.depth;
    this.leafIndex = 0;
    this.stack = [];
    this.point = this.forward ? this.right : this.left;
    this.stepInLeaf = 0;
    this.kickAndDrift();
  }

  /** First half kick and drift of a leapfrog step from this.point; requests log p at the new position. */
  private kickAndDrift(): void {
    const {h, m, point} = this;
    const sign = this.forward ? 1 : -1;
    const n = this.dim;
    const pHalf: Vector = [];
    const x: Vector = [];
    for (let k = 0; k < n; k++) {
      pHalf.push(point.p[k] + 0.5 * sign * h[k] * point.g[k]);
      x.push(Math.fround(point.x[k] + sign * h[k] * m[k] * pHalf[k]));
    }
    this.pHalf = pHalf;
    this.request = x;
  }

  /** log p and its gradient at the requested position (the chain keeps `grad`). */
  receive(logProb: number, grad: Vector): void {
    const {h, m, pHalf} = this;
    const sign = this.forward ? 1 : -1;
    const n = this.dim;
    const p: Vector = [];
    const v: Vector = [];
    for (let k = 0; k < n; k++) {
      p.push(pHalf[k] + 0.5 * sign * h[k] * grad[k]);
      v.push(m[k] * p[k]);
    }
    this.point = {x: this.request as Vector, p, v, g: grad, logProb};
    if (++this.stepInLeaf < this.settings.unrollLeapfrogSteps) {
      this.kickAndDrift();
      return;
    }
    this.stepInLeaf = 0;
    this.completeLeaf();
  }

  /** Weighs the new leaf and merges the subtrees it completes; continues or ends the subtree. */
  private completeLeaf(): void {
    const point = this.point;
    const energy = hamiltonian(point.p, point.v, point.logProb);
    const logWeight = this.energy0 - energy;
    this.leaves++;
    this.sumAcceptProb += logWeight > 0 ? 1 : Math.exp(logWeight);
    if (-logWeight > this.settings.maxEnergyDiff) {
      this.divergent = true;
      this.request = undefined;
      return;
    }
    let tree: Tree = {pBegin: point.p, vBegin: point.v, pEnd: point.p, vEnd: point.v, rho: point.p, logWeight, proposal: {point, energy}};
    let level = 0;
    while ((this.leafIndex >> level) & 1) {
      const init = this.stack[level] as Tree;
      const merged = logAddExp(init.logWeight, tree.logWeight);
      const takeFinal = Math.log(this.rng.uniform()) < tree.logWeight - merged;
      const rho = add(init.rho, tree.rho);
      if (!mergedNoUTurn(init, tree, rho)) {
        // A U-turn inside the subtree: it is discarded and the trajectory ends.
        this.request = undefined;
        return;
      }
      tree = {
        pBegin: init.pBegin,
        vBegin: init.vBegin,
        pEnd: tree.pEnd,
        vEnd: tree.vEnd,
        rho,
        logWeight: merged,
        proposal: takeFinal ? tree.proposal : init.proposal,
      };
      this.stack[level] = undefined;
      level++;
    }
    this.stack[level] = tree;
    if (++this.leafIndex < this.numLeaves) {
      this.kickAndDrift();
      return;
    }
    this.mergeSubtree(tree);
  }

  /** Merges a complete subtree into the trajectory (biased progressive sampling), then doubles again unless it U-turned. */
  private mergeSubtree(sub: Tree): void {
    const from = this.forward ? this.right : this.left;
    const far = this.forward ? this.left : this.right;
    // The old trajectory as the first half: its far end, then the end the subtree grew from.
    const oldHalf: Tree = {pBegin: far.p, vBegin: far.v, pEnd: from.p, vEnd: from.v, rho: this.rho, logWeight: this.logWeight, proposal: this.sample};
    if (Math.log(this.rng.uniform()) < sub.logWeight - this.logWeight) {
      this.sample = sub.proposal;
      this.moved = true;
    }
    this.logWeight = logAddExp(this.logWeight, sub.logWeight);
    this.rho = add(this.rho, sub.rho);
    if (this.forward) this.right = this.point;
    else this.left = this.point;
    this.depth++;
    if (!mergedNoUTurn(oldHalf, sub, this.rho)) {
      this.request = undefined;
      return;
    }
    this.startDoubling();
  }
}

/**
 * One NUTS transition of every chain, the chains advancing in lockstep on `target`. `rngs` gives
 * one generator per chain (momenta, directions and the multinomial choices).
 */
export function float64NutsTransition(
  target: BatchedTarget,
  inputs: Float64NutsInputs,
  settings: Float64NutsSettings,
  rngs: SeededRandom[],
): Float64NutsOutputs {
  const {partSizes, numChains} = inputs;
  const dim = partSizes.reduce((a, b) => a + b, 0);
  const offsets = partSizes.map((_, i) => partSizes.slice(0, i).reduce((a, b) => a + b, 0));
  const perChain = (parts: ArrayLike<number>[], chain: number): Vector => {
    const out: Vector = [];
    parts.forEach((part, i) => {
      for (let k = 0; k < partSizes[i]; k++) out.push(part[chain * partSizes[i] + k]);
    });
    return out;
  };
  // The batched evaluation's inputs start at the current state; a finished chain keeps its last position.
  const batchInputs = inputs.x.map((part) => Float64Array.from(part));
  const chains: ChainTransition[] = [];
  for (let chain = 0; chain < numChains; chain++) {
    const start = {x: perChain(inputs.x, chain), g: perChain(inputs.grads, chain), logProb: inputs.targetLogProb[chain]};
    chains.push(new ChainTransition(start, perChain(inputs.stepSize, chain), perChain(inputs.inverseMass, chain), settings, rngs[chain]));
  }
  for (;;) {
    let pending = 0;
    for (let chain = 0; chain < numChains; chain++) {
      const x = chains[chain].request;
      if (x === undefined) continue;
      pending++;
      for (let i = 0; i < partSizes.length; i++) {
        const input = batchInputs[i];
        for (let k = 0, size = partSizes[i]; k < size; k++) input[chain * size + k] = x[offsets[i] + k];
      }
    }
    if (pending === 0) break;
    const {value, grads} = target.evaluate(batchInputs);
    for (let chain = 0; chain < numChains; chain++) {
      const c = chains[chain];
      if (c.request === undefined) continue;
      const grad: Vector = [];
      for (let i = 0; i < partSizes.length; i++) {
        const g = grads[i];
        for (let k = 0, size = partSizes[i]; k < size; k++) grad.push(g[chain * size + k]);
      }
      c.receive(value[chain], grad);
    }
  }
  const outputs: Float64NutsOutputs = {
    x: partSizes.map((size) => new Float32Array(size * numChains)),
    grads: partSizes.map((size) => new Float32Array(size * numChains)),
    targetLogProb: new Float32Array(numChains),
    energy: new Float32Array(numChains),
    logAcceptRatio: new Float32Array(numChains),
    isAccepted: new Uint8Array(numChains),
    leapfrogsTaken: new Int32Array(numChains),
    treeDepth: new Int32Array(numChains),
    hasDivergence: new Uint8Array(numChains),
  };
  for (let chain = 0; chain < numChains; chain++) {
    const outcome = chains[chain];
    const {point, energy} = outcome.sample;
    partSizes.forEach((size, i) => {
      for (let k = 0; k < size; k++) {
        outputs.x[i][chain * size + k] = point.x[offsets[i] + k];
        outputs.grads[i][chain * size + k] = point.g[offsets[i] + k];
      }
    });
    outputs.targetLogProb[chain] = point.logProb;
    outputs.energy[chain] = energy;
    outputs.logAcceptRatio[chain] = Math.log(outcome.sumAcceptProb / outcome.leaves);
    outputs.isAccepted[chain] = outcome.moved ? 1 : 0;
    outputs.leapfrogsTaken[chain] = outcome.leaves * settings.unrollLeapfrogSteps;
    outputs.treeDepth[chain] = outcome.depth;
    outputs.hasDivergence[chain] = outcome.divergent ? 1 : 0;
  }
  return outputs;
}
