import {spawnSync} from 'node:child_process';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Exp, Identity} from '@tfjs-probability/bijectors';
import {
  DualAveragingStepSizeAdaptation,
  NoUTurnSampler,
  TransformedTransitionKernel,
  effectiveSampleSize,
  eightSchoolsModel,
  sampleChain,
} from '@tfjs-probability/mcmc';

export interface NutsBenchOptions {
  chains: number;
  warmup: number;
  draws: number;
  seed: number;
}

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
 * Eight schools (non-centred) with NoUTurnSampler on the given tfjs backend: tau > 0 through a
 * TransformedTransitionKernel with Exp, dual-averaging step-size adaptation over the first 80 % of
 * the warm-up towards Stan's default acceptance 0.8; all chains advance together.
 */
export async function timeTfjsNuts(options: NutsBenchOptions, onProgress?: (done: number, total: number) => void): Promise<NutsRun> {
  await init({backend: 'wasm'});
  const model = eightSchoolsModel();
  const {chains} = options;
  const kernel = new DualAveragingStepSizeAdaptation({
    innerKernel: new TransformedTransitionKernel({
      innerKernel: new NoUTurnSampler({targetLogProbFn: model.targetLogProbFn, stepSize: 0.5}),
      bijector: [new Identity(), new Exp(), new Identity()],
    }),
    numAdaptationSteps: Math.floor(0.8 * options.warmup),
    targetAcceptProb: 0.8,
  });
  const init0 = [tf.zeros([chains]), tf.ones([chains]), tf.zeros([chains, 8])];
  const started = performance.now();
  const {states, trace, finalKernelResults} = sampleChain({
    numResults: options.draws,
    numBurninSteps: options.warmup,
    currentState: init0,
    kernel,
    seed: options.seed,
    onProgress,
    traceFn: (_s, r) => ({
      divergent: r.innerResults.innerResults.hasDivergence,
      leapfrogs: r.innerResults.innerResults.leapfrogsTaken,
    }),
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
  return {label: 'tfjs wasm NUTS', compileSeconds: 0, samplingSeconds, essBulk, divergences, leapfrogs};
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
