#!/usr/bin/env node
import {Command, Option} from 'commander';
import {Presets, SingleBar} from 'cli-progress';
import {BACKEND_NAMES} from '@tfjs-probability/backend';
import {positiveInteger, startBackend} from '@tfjs-probability/app-bayesian-cnn';
import {SAMPLERS, type SamplerName} from './fit';
import {INSTEVAL_CSV} from './insteval';
import {formatReport, runFit} from './run_fit';

export function buildProgram(): Command {
  const program = new Command()
    .name('lmm-insteval')
    .description("TFP's linear mixed effects tutorial on InstEval: y ~ 1 + service + (1|student) + (1|instructor) + (1|department), fitted by MCMC.")
    .option('--backend <name>', `tfjs backend: auto, ${BACKEND_NAMES.join(', ')} (default: TFP_BACKEND or auto)`)
    .showHelpAfterError();

  program
    .command('fit')
    .description('sample the posterior of every parameter (fixed effects, random effects, standard deviations); write <out>/fit.json')
    .option('--data <file>', 'the integer-coded InstEval CSV (columns s, d, service, dept, y)', INSTEVAL_CSV)
    .addOption(new Option('--sampler <name>', 'MCMC kernel').choices(SAMPLERS as unknown as string[]).default('nuts'))
    .option('--chains <n>', 'independent chains, run as one batch', positiveInteger('--chains'), 2)
    .option('--warmup <n>', 'warm-up steps per chain (step size and preconditioner adaptation)', positiveInteger('--warmup'), 300)
    .option('--draws <n>', 'kept draws per chain', positiveInteger('--draws'), 300)
    .option('--leapfrog-steps <n>', 'leapfrog steps per HMC proposal', positiveInteger('--leapfrog-steps'), 10)
    .option('--max-tree-depth <n>', 'NUTS: maximum trajectory doublings', positiveInteger('--max-tree-depth'), 6)
    .option('--seed <n>', 'seed of the subsample, the start values, the chains and the predictive checks', positiveInteger('--seed'), 1)
    .option('--subsample <n>', 'fit only n randomly chosen ratings (quick runs)', positiveInteger('--subsample'))
    .option('--ppc-replicates <n>', 'replicated data sets of the posterior predictive checks', positiveInteger('--ppc-replicates'), 100)
    .requiredOption('--out <dir>', 'output directory (fit.json)')
    .action(async (o) => {
      await startBackend(program.opts().backend);
      const bar = process.stderr.isTTY
        ? new SingleBar({format: '{phase} [{bar}] {value}/{total} steps | eta {eta_formatted}', etaBuffer: 50}, Presets.shades_classic)
        : undefined;
      let started = false;
      let lastDecile = -1;
      const t0 = Date.now();
      const report = runFit({
        data: o.data,
        subsample: o.subsample,
        sampler: o.sampler as SamplerName,
        chains: o.chains,
        warmup: o.warmup,
        draws: o.draws,
        numLeapfrogSteps: o.leapfrogSteps,
        maxTreeDepth: o.maxTreeDepth,
        seed: o.seed,
        ppcReplicates: o.ppcReplicates,
        out: o.out,
        onProgress: (done, total, phase) => {
          if (!bar) {
            // Not a terminal (a log file): one line on stderr per tenth of the run.
            const decile = Math.floor((10 * done) / total);
            if (decile !== lastDecile && !process.env.TFP_QUIET) {
              lastDecile = decile;
              console.error(`${phase}: step ${done}/${total}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
            }
            return;
          }
          if (!started) {
            bar.start(total, 0, {phase});
            started = true;
          }
          bar.update(done, {phase});
          if (done === total) bar.stop();
        },
      });
      console.log(formatReport(report));
      console.log(`wrote ${o.out}/fit.json`);
    });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync()
    .catch((error: Error) => {
      console.error(`lmm-insteval: ${error.message}`);
      process.exit(1);
    });
}
