#!/usr/bin/env node
import {Command, InvalidArgumentError} from 'commander';
import type {StepTimings} from './cnn_bench';
import type {CaseTimings} from './distributions_bench';
import type {NutsImplementation, NutsRun} from './nuts_bench';
import {median} from './stats';

// Each command imports only the benchmark it runs (await import in its action): a timing should
// not share its process with the layers, apps and plotting stack that another benchmark needs.

function integerAtLeast(min: number, name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) {
      throw new InvalidArgumentError(`${name} must be an integer >= ${min}, got '${value}'`);
    }
    return n;
  };
}

const positiveInt = (name: string) => integerAtLeast(1, name);

function row(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
}

/** A side-by-side table: median and range of ms per step, and each row's ratio to PyTorch. */
export function formatTable(results: StepTimings[], reference?: StepTimings): string {
  const header = ['runner', 'steps', 'median ms/step', 'min', 'max', 'x PyTorch'];
  const lines = results.map((r) => [
    r.label,
    String(r.stepMs.length),
    median(r.stepMs).toFixed(1),
    Math.min(...r.stepMs).toFixed(1),
    Math.max(...r.stepMs).toFixed(1),
    reference === undefined ? '-' : (median(r.stepMs) / median(reference.stepMs)).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  return [row(header, widths), ...lines.map((l) => row(l, widths))].join('\n');
}

const program = new Command('tfp-bench').description(
  'Benchmarks tfjs-probability against peers measured in the same run.',
);

program
  .command('cnn')
  .description(
    'ms per training step of the reference CNN (batch of 28x28x1, Adam) on tfjs wasm and cpu, ' +
      'and of the same network in PyTorch when /usr/bin/python3 can import torch',
  )
  .option('--batch-size <n>', 'images per step', positiveInt('--batch-size'), 128)
  .option('--steps <n>', 'timed steps on wasm and PyTorch (the median is reported)', positiveInt('--steps'), 10)
  .option('--warmup <n>', 'untimed steps first (wasm and PyTorch)', integerAtLeast(0, '--warmup'), 2)
  .option(
    '--cpu-steps <n>',
    'timed steps on the tfjs cpu backend (minutes per step: its conv gradients are naive loops; ' +
      'it gets no warm-up, which is negligible there)',
    positiveInt('--cpu-steps'),
    2,
  )
  .option(
    '--wasm-threads <n>',
    'wasm threads (sets TFP_WASM_THREADS; 1 = the stock single-threaded build; default: --torch-threads, the same budget as PyTorch)',
    positiveInt('--wasm-threads'),
  )
  .option('--profile', 'first print the top 15 kernels of a wasm training step (ms per step, wall and CPU, with shapes)')
  .option(
    '--rounds <n>',
    'alternate wasm and PyTorch this many times, pooling their steps (evens out load drift on a shared machine)',
    positiveInt('--rounds'),
    1,
  )
  .option('--no-cpu', 'skip the tfjs cpu backend')
  .option('--no-torch', 'skip PyTorch')
  .option('--torch-threads <n>', 'PyTorch intra-op threads', positiveInt('--torch-threads'), 2)
  .action(
    async (options: {
      batchSize: number;
      steps: number;
      warmup: number;
      cpuSteps: number;
      wasmThreads?: number;
      profile?: boolean;
      rounds: number;
      cpu: boolean;
      torch: boolean;
      torchThreads: number;
    }) => {
      process.env.TFP_WASM_THREADS = String(options.wasmThreads ?? options.torchThreads);
      const {profileTfjsCnnStep, timeTfjsCnnSteps, timeTorchCnnSteps} = await import('./cnn_bench');
      const {formatKernelProfile} = await import('./kernel_profile');
      const common = {batchSize: options.batchSize, warmup: options.warmup, steps: options.steps};
      if (options.profile) {
        console.log('wasm kernels of one training step (forward, backward, Adam):');
        console.log(formatKernelProfile(await profileTfjsCnnStep('wasm', common), 15));
      }
      const wasm: StepTimings = {label: 'tfjs wasm', stepMs: []};
      let torch: StepTimings | undefined;
      for (let round = 0; round < options.rounds; round++) {
        const timings = await timeTfjsCnnSteps('wasm', common);
        wasm.label = timings.label;
        wasm.stepMs.push(...timings.stepMs);
        if (options.torch) {
          const outcome = timeTorchCnnSteps({...common, threads: options.torchThreads});
          if ('skipped' in outcome) {
            console.log(`PyTorch skipped: ${outcome.skipped}`);
            options.torch = false;
          } else if (torch === undefined) {
            torch = outcome;
          } else {
            torch.stepMs.push(...outcome.stepMs);
          }
        }
      }
      const results: StepTimings[] = [wasm];
      if (options.cpu) {
        results.push(await timeTfjsCnnSteps('cpu', {batchSize: options.batchSize, warmup: 0, steps: options.cpuSteps}));
      }
      if (torch !== undefined) {
        results.push(torch);
      }
      console.log(`reference CNN, batch ${options.batchSize} of 28x28x1, Adam; warm-up steps excluded`);
      console.log(formatTable(results, torch));
      if (torch !== undefined) {
        console.log(`wasm / PyTorch = ${(median(results[0].stepMs) / median(torch.stepMs)).toFixed(2)}`);
      }
    },
  );

program
  .command('distributions')
  .description(
    'ms of logProb + gradient (in every parameter) of Normal, Gamma, StudentT on --n points and ' +
      'MultivariateNormalTriL (d = --dim) on --mvn-n points, on tfjs wasm, against torch.distributions',
  )
  .option('--n <n>', 'points of the univariate cases', positiveInt('--n'), 1_000_000)
  .option('--mvn-n <n>', 'points of the multivariate case', positiveInt('--mvn-n'), 100_000)
  .option('--dim <d>', 'dimension of the multivariate case', positiveInt('--dim'), 32)
  .option('--reps <n>', 'timed repetitions (after one warm-up; the median is reported)', positiveInt('--reps'), 5)
  .option('--no-torch', 'skip PyTorch')
  .option('--torch-threads <n>', 'PyTorch intra-op threads', positiveInt('--torch-threads'), 2)
  .option(
    '--wasm-threads <n>',
    "wasm threads for XNNPACK's kernels (sets TFP_WASM_THREADS; default: --torch-threads, the same budget as PyTorch; the fused JS kernels run on one)",
    positiveInt('--wasm-threads'),
  )
  .option('--profile', 'first print the top 10 kernels of each case\'s logProb + gradient step on wasm')
  .action(async (options: {n: number; mvnN: number; dim: number; reps: number; torch: boolean; torchThreads: number; wasmThreads?: number; profile?: boolean}) => {
    process.env.TFP_WASM_THREADS = String(options.wasmThreads ?? options.torchThreads);
    const {profileTfjsDistributions, timeTfjsDistributions, timeTorchDistributions} = await import('./distributions_bench');
    if (options.profile) {
      const {formatKernelProfile} = await import('./kernel_profile');
      for (const {name, profile} of await profileTfjsDistributions('wasm', options)) {
        console.log(`${name}: kernels of one logProb + gradient step`);
        console.log(formatKernelProfile(profile, 10));
      }
    }
    const wasm = await timeTfjsDistributions('wasm', options, (c) =>
      console.error(`tfjs wasm ${c.name}: median ${median(c.ms).toFixed(1)} ms`),
    );
    const torch = options.torch ? timeTorchDistributions({...options, threads: options.torchThreads}) : {skipped: '--no-torch'};
    const torchCases: CaseTimings[] = 'skipped' in torch ? [] : torch.cases;
    if ('skipped' in torch) console.log(`PyTorch skipped: ${torch.skipped}`);
    console.log(`logProb + gradient, ${options.n} points (MultivariateNormalTriL: ${options.mvnN} points of d = ${options.dim}); median ms of ${options.reps}`);
    console.log(`threads: tfjs wasm ${process.env.TFP_WASM_THREADS} (XNNPACK kernels), torch ${options.torchThreads}`);
    const header = ['distribution', 'tfjs wasm ms', 'torch ms', 'wasm / torch'];
    const lines = wasm.map((c) => {
      const peer = torchCases.find((p) => p.name === c.name);
      return [c.name, median(c.ms).toFixed(1), peer ? median(peer.ms).toFixed(1) : '-', peer ? (median(c.ms) / median(peer.ms)).toFixed(2) : '-'];
    });
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    console.log([row(header, widths), ...lines.map((l) => row(l, widths))].join('\n'));
  });

program
  .command('flipout')
  .description('ms per training step of the reference CNN with Conv2DFlipout + DenseFlipout layers versus the deterministic one, same backend, same run')
  .option('--batch-size <n>', 'images per step', positiveInt('--batch-size'), 128)
  .option('--steps <n>', 'timed steps per round and model', positiveInt('--steps'), 5)
  .option('--warmup <n>', 'untimed steps per round and model', integerAtLeast(0, '--warmup'), 2)
  .option('--rounds <n>', 'alternate the two models this many times', positiveInt('--rounds'), 2)
  .action(async (options: {batchSize: number; steps: number; warmup: number; rounds: number}) => {
    const {timeFlipoutVersusDeterministic} = await import('./flipout_bench');
    const {deterministic, flipout} = await timeFlipoutVersusDeterministic('wasm', options);
    const header = ['model', 'steps', 'median ms/step', 'x deterministic'];
    const lines = [deterministic, flipout].map((r) => [r.label, String(r.stepMs.length), median(r.stepMs).toFixed(1), (median(r.stepMs) / median(deterministic.stepMs)).toFixed(2)]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    console.log(`reference CNN, batch ${options.batchSize} of 28x28x1, Adam; warm-up steps excluded`);
    console.log([row(header, widths), ...lines.map((l) => row(l, widths))].join('\n'));
  });

program
  .command('nuts')
  .description(
    'eight schools (non-centred) with NUTS: tfjs wasm (TransformedTransitionKernel + dual averaging, chains ' +
      'vectorised) against Stan via Rscript (tools/fixtures/eight_schools_stan.R, chains in sequence); wall ' +
      'times, compile time apart, and the minimum bulk ESS over mu, tau, theta per second of sampling',
  )
  .option('--chains <n>', 'chains', positiveInt('--chains'), 4)
  .option('--warmup <n>', 'warm-up (adaptation) iterations per chain', positiveInt('--warmup'), 1000)
  .option('--draws <n>', 'kept draws per chain', positiveInt('--draws'), 1000)
  .option('--seed <n>', 'seed of both runs', integerAtLeast(0, '--seed'), 1)
  .option('--no-stan', 'skip Stan')
  .option('--no-mass', 'tfjs: adapt the step size only (dual averaging over 80 % of the warm-up), no diagonal mass matrix')
  .option('--implementation <list>', 'tfjs NUTS: tensor (tfjs kernels), compiled (float64 JS on the compiled target), or both', 'tensor,compiled')
  .action(async (options: {chains: number; warmup: number; draws: number; seed: number; stan: boolean; mass: boolean; implementation: string}) => {
    const {minEss, timeStanNuts, timeTfjsNuts} = await import('./nuts_bench');
    const implementations = options.implementation.split(',').map((s) => s.trim());
    for (const name of implementations) {
      if (name !== 'tensor' && name !== 'compiled') throw new Error(`--implementation: unknown '${name}'; expected tensor, compiled or both (tensor,compiled)`);
    }
    const runs: NutsRun[] = [];
    if (options.stan) {
      const stan = timeStanNuts(options);
      if ('skipped' in stan) console.log(`Stan skipped: ${stan.skipped}`);
      else runs.push(stan);
    }
    const tfjsRuns: NutsRun[] = [];
    for (const implementation of implementations as NutsImplementation[]) {
      let reported = 0;
      tfjsRuns.push(
        await timeTfjsNuts(options, implementation, (done, total) => {
          if (done - reported >= total / 10 || done === total) {
            reported = done;
            console.error(`tfjs wasm (${implementation}): ${done} / ${total} steps`);
          }
        }),
      );
    }
    runs.unshift(...tfjsRuns);
    console.log(`eight schools, NUTS, ${options.chains} chains x (${options.warmup} warm-up + ${options.draws} draws)`);
    const header = ['runner', 'compile s', 'sampling s', 'to posterior s', 'min bulk ESS', 'ESS/s sampling', 'leapfrogs', 'divergent'];
    const lines = runs.map((r) => [
      r.label,
      r.compileSeconds.toFixed(1),
      r.samplingSeconds.toFixed(1),
      (r.compileSeconds + r.samplingSeconds).toFixed(1),
      minEss(r).toFixed(0),
      (minEss(r) / r.samplingSeconds).toFixed(1),
      String(r.leapfrogs),
      String(r.divergences),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
    console.log([row(header, widths), ...lines.map((l) => row(l, widths))].join('\n'));
    if (runs.length > tfjsRuns.length) {
      const stan = runs[runs.length - 1];
      const total = (r: NutsRun) => r.compileSeconds + r.samplingSeconds;
      tfjsRuns.forEach((ours, i) => {
        const which = implementations[i];
        console.log(`${which}: time to posterior tfjs / Stan = ${(total(ours) / total(stan)).toFixed(3)}`);
        console.log(`${which}: sampling ESS/s tfjs / Stan = ${(minEss(ours) / ours.samplingSeconds / (minEss(stan) / stan.samplingSeconds)).toFixed(3)}`);
      });
    }
  });

program.parseAsync(process.argv).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
