import {spawnSync} from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Exp, Identity} from '@tfjs-probability/bijectors';
import {
  DiagonalMassMatrixAdaptation,
  DualAveragingStepSizeAdaptation,
  NoUTurnSampler,
  TransformedTransitionKernel,
  effectiveSampleSize,
  eightSchoolsModel,
  sampleChain,
  type NoUTurnSamplerResults,
  type TransitionKernel,
} from '@tfjs-probability/mcmc';

export interface NutsBenchOptions {
  chains: number;
  warmup: number;
  draws: number;
  seed: number;
  /** Also adapt a diagonal mass matrix in Stan's windows (tfjs only; Stan always does). */
  mass: boolean;
}

/** tfjs's NUTS builds its trajectories with tfjs kernels, or in float64 JavaScript on the compiled target. */
export type NutsImplementation = 'tensor' | 'compiled';

/** One sampler's run on eight schools: times in seconds, bulk ESS of mu, tau and the thetas. */
export interface NutsRun {
  label: string;
  /** Seconds before sampling can start (Stan's C++ compile; 0 for tfjs). */
  compileSeconds: number;
  /** Wall seconds of warm-up and draws. */
  samplingSeconds: number;
  /** Bulk ESS (rank-normalised split chains) per quantity. */
  essBulk: Record<string, number>;
  divergences: number;
  /** Leapfrog steps of the kept draws, summed over chains. */
  leapfrogs: number;
}

export const QUANTITIES = ['mu', 'tau', ...Array.from({length: 8}, (_, j) => `theta[${j + 1}]`)];

export function minEss(run: NutsRun): number {
  return Math.min(...QUANTITIES.map((q) => run.essBulk[q]));
}

/**
 * Eight schools (non-centred) with NoUTurnSampler on wasm, all chains advancing together; tau > 0
 * through a TransformedTransitionKernel with Exp. Warm-up as Stan's: dual averaging towards
 * acceptance 0.8 over the whole warm-up and, with `mass`, a diagonal mass matrix adapted in Stan's
 * windows (DiagonalMassMatrixAdaptation, restarting dual averaging at each window end); without
 * `mass`, dual averaging alone over the first 80 % of the warm-up (TFP's usual recipe).
 */
export async function timeTfjsNuts(
  options: NutsBenchOptions,
  implementation: NutsImplementation,
  onProgress?: (done: number, total: number) => void,
): Promise<NutsRun> {
  await init({backend: 'wasm'});
  const model = eightSchoolsModel();
  const {chains, warmup} = options;
  const compileTarget = implementation === 'compiled';
  const nuts = new NoUTurnSampler({targetLogProbFn: model.targetLogProbFn, stepSize: 0.5, compileTarget});
  const bijector = [new Identity(), new Exp(), new Identity()];
  let kernel: TransitionKernel;
  if (options.mass) {
    const stepSize = new DualAveragingStepSizeAdaptation({innerKernel: nuts, numAdaptationSteps: warmup, targetAcceptProb: 0.8});
    kernel = new TransformedTransitionKernel({
      innerKernel: new DiagonalMassMatrixAdaptation({
        innerKernel: stepSize,
        numAdaptationSteps: warmup,
        onWindowEnd: (inner) => stepSize.restartResults(inner),
      }),
      bijector,
    });
  } else {
    kernel = new DualAveragingStepSizeAdaptation({
      innerKernel: new TransformedTransitionKernel({innerKernel: nuts, bijector}),
      numAdaptationSteps: Math.floor(0.8 * warmup),
      targetAcceptProb: 0.8,
    });
  }
  const init0 = [tf.zeros([chains]), tf.ones([chains]), tf.zeros([chains, 8])];
  const started = performance.now();
  const {states, trace, finalKernelResults} = sampleChain({
    numResults: options.draws,
    numBurninSteps: options.warmup,
    currentState: init0,
    kernel,
    seed: options.seed,
    onProgress,
    traceFn: (_s, r) => {
      const results = innermostNuts(r);
      return {divergent: results.hasDivergence, leapfrogs: results.leapfrogsTaken};
    },
  });
  const samplingSeconds = (performance.now() - started) / 1000;
  const essBulk: Record<string, number> = {};
  tf.tidy(() => {
    const [mu, tau, thetaTilde] = states;
    const theta = tf.add(tf.expandDims(mu, -1), tf.mul(tf.expandDims(tau, -1), thetaTilde));
    const ess = (x: tf.Tensor) => effectiveSampleSize(x, {crossChainDims: 1, splitChains: true, rankNormalize: true}).dataSync();
    essBulk.mu = ess(mu)[0];
    essBulk.tau = ess(tau)[0];
    ess(theta).forEach((v, j) => (essBulk[`theta[${j + 1}]`] = v));
  });
  const divergences = tf.tidy(() => tf.sum(tf.cast(trace.divergent, 'int32')).dataSync()[0]);
  const leapfrogs = tf.tidy(() => tf.sum(trace.leapfrogs).dataSync()[0]);
  tf.dispose([init0, states, trace, finalKernelResults]);
  model.dispose();
  const label = `tfjs wasm NUTS, ${compileTarget ? 'compiled target' : 'tensor kernels'} (${options.mass ? 'step size + diagonal mass' : 'step size only'})`;
  return {label, compileSeconds: 0, samplingSeconds, essBulk, divergences, leapfrogs};
}

/** The NUTS results at the bottom of the wrappers' innerResults chain. */
function innermostNuts(results: tf.TensorContainer): NoUTurnSamplerResults {
  let r = results as {innerResults?: tf.TensorContainer};
  while (r.innerResults !== undefined) r = r.innerResults as {innerResults?: tf.TensorContainer};
  return r as unknown as NoUTurnSamplerResults;
}

export const RSCRIPT = 'Rscript';

/**
 * The same model with Stan (rstan, tools/fixtures/eight_schools_stan.R --bench): chains run one
 * after another on one core; or the reason it cannot run.
 */
export function timeStanNuts(options: NutsBenchOptions): NutsRun | {skipped: string} {
  const probe = spawnSync(RSCRIPT, ['-e', 'suppressMessages(library(rstan))'], {encoding: 'utf8'});
  if (probe.error !== undefined || probe.status !== 0) {
    return {skipped: `Rscript cannot load rstan (apt-get install r-cran-rstan)`};
  }
  const script = path.join(__dirname, '..', '..', 'fixtures', 'eight_schools_stan.R');
  const run = spawnSync(
    RSCRIPT,
    [script, '--bench', String(options.chains), String(options.warmup), String(options.draws), String(options.seed)],
    {encoding: 'utf8', maxBuffer: 1 << 24},
  );
  if (run.status !== 0) throw new Error(`${script} failed (exit ${run.status}): ${run.stderr.trim()}`);
  const line = run.stdout.trim().split('\n').pop()!;
  const out = JSON.parse(line) as {
    stan: string;
    compile_s: number;
    sampling_s: number;
    ess_bulk: Record<string, number>;
    divergent: number;
    leapfrog: number;
  };
  return {
    label: `Stan (rstan ${out.stan}, 1 core)`,
    compileSeconds: out.compile_s,
    samplingSeconds: out.sampling_s,
    essBulk: out.ess_bulk,
    divergences: out.divergent,
    leapfrogs: out.leapfrog,
  };
}
