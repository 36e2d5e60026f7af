/**
 * Time per NoUTurnSampler iteration on a 10-d standard normal with 4 chains (the step size first
 * tuned by dual averaging to acceptance 0.8), on the backend `init()` picks:
 *   npx tsx --conditions=tfp-source libs/mcmc/bench/nuts_gaussian.ts [iterations=200] [dim=10] [chains=4]
 * Prints wall and process-CPU milliseconds per iteration and per leapfrog step.
 */
import * as tf from '@tensorflow/tfjs';
import {describeBackend, init} from '@tfjs-probability/backend';
import {DualAveragingStepSizeAdaptation, NoUTurnSampler, sampleChain} from '../src/index';

async function main(): Promise<void> {
  await init();
  const [iterations = 200, dim = 10, chains = 4] = process.argv.slice(2).map(Number);
  const targetLogProbFn = (x: tf.Tensor) => tf.mul(-0.5, tf.sum(tf.square(x), -1));
  const x0 = tf.randomNormal([chains, dim], 0, 1, 'float32', 1);
  const warmup = sampleChain({
    numResults: 1,
    numBurninSteps: 100,
    currentState: x0,
    kernel: new DualAveragingStepSizeAdaptation({
      innerKernel: new NoUTurnSampler({targetLogProbFn, stepSize: 0.1}),
      numAdaptationSteps: 100,
      targetAcceptProb: 0.8,
    }),
    seed: 1,
  });
  const stepSize = warmup.finalKernelResults.newStepSize[0].dataSync()[0];
  const start = tf.squeeze(warmup.states, [0]);
  tf.dispose([x0, warmup.states, warmup.finalKernelResults]);
  const kernel = new NoUTurnSampler({targetLogProbFn, stepSize});
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const {states, trace, finalKernelResults} = sampleChain({
    numResults: iterations,
    currentState: start,
    kernel,
    seed: 2,
    traceFn: (_s, r) => r.leapfrogsTaken,
  });
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const leapfrogs = trace.arraySync() as number[][];
  const deepest = leapfrogs.reduce((a, row) => a + Math.max(...row), 0);
  const mean = leapfrogs.flat().reduce((a, b) => a + b, 0) / (iterations * chains);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(describeBackend());
  console.log(
    `NUTS ${dim}-d standard normal, ${chains} chains, step ${stepSize.toFixed(3)}, ${iterations} iterations: ` +
      `${(wall / iterations).toFixed(1)} ms/iteration wall (${(cpuMs / iterations).toFixed(1)} ms CPU), ` +
      `${mean.toFixed(1)} leapfrogs per chain (${(deepest / iterations).toFixed(1)} for the deepest chain), ` +
      `${(wall / deepest).toFixed(2)} ms wall per batched leapfrog`,
  );
  tf.dispose([start, states, trace, finalKernelResults]);
}

void main();
