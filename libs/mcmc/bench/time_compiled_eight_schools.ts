/**
 * Microseconds per evaluation of the eight-schools target's value and gradients (eightSchoolsModel,
 * a tf.customGrad) with 4 chains: the backend's compileValueAndGrads float64 program (checked
 * against tfjs when it compiles) against tf.valueAndGrads on the wasm backend: the cost NUTS pays
 * per leapfrog step. Run from libs/mcmc:
 *   npx tsx --conditions=tfp-source bench/time_compiled_eight_schools.ts [--chains 4]
 */
import * as tf from '@tensorflow/tfjs';
import {compileValueAndGrads, init} from '@tfjs-probability/backend';
import {eightSchoolsModel} from '../src/eight_schools';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median over `rounds` of the microseconds per call of `run` (each round `calls` calls). */
function microsPerCall(run: () => void, calls: number, rounds = 7): number {
  for (let i = 0; i < calls; i++) run();
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    for (let i = 0; i < calls; i++) run();
    perCall.push(((performance.now() - start) * 1000) / calls);
  }
  return median(perCall);
}

async function main(): Promise<void> {
  const chainsArg = process.argv.indexOf('--chains');
  const chains = chainsArg >= 0 ? Number(process.argv[chainsArg + 1]) : 4;
  await init({backend: 'wasm'});
  const model = eightSchoolsModel();
  const target = {fn: model.targetLogProbFn};
  // A state near the posterior's bulk, one per chain (tau > 0).
  const state = [tf.fill([chains], 4.4), tf.fill([chains], 3.6), tf.randomNormal([chains, 8], 0, 1, 'float32', 1)];
  const compileStart = performance.now();
  const compiled = compileValueAndGrads(target.fn, state);
  const compileMs = performance.now() - compileStart;
  const flat = state.map((x) => Float64Array.from(x.dataSync()));
  let sink = 0;
  const compiledUs = microsPerCall(() => {
    flat[0][0] += 1e-9;
    sink += compiled.evaluate(flat).value[0];
  }, 20000);
  const tfjsStep = () => {
    const {value, grads} = tf.valueAndGrads(target.fn)(state);
    tf.dispose([value, ...grads]);
  };
  const tfjsReadStep = () => {
    const {value, grads} = tf.valueAndGrads(target.fn)(state);
    value.dataSync();
    grads.forEach((g) => g.dataSync());
    tf.dispose([value, ...grads]);
  };
  microsPerCall(tfjsStep, 1000, 1); // warm-up of tfjs's engine code
  // Alternating rounds, so that both see the same machine load.
  const plain: number[] = [];
  const read: number[] = [];
  for (let r = 0; r < 5; r++) {
    plain.push(microsPerCall(tfjsStep, 200, 1));
    read.push(microsPerCall(tfjsReadStep, 200, 1));
  }
  const tfjsUs = median(plain);
  const tfjsReadUs = median(read);
  console.log(`eight schools, ${chains} chains, backend ${tf.getBackend()}`);
  console.log(`  recorded kernels ${compiled.numKernels}, compiled steps ${compiled.numSteps}, compile ${compileMs.toFixed(1)} ms`);
  console.log(`  compiled evaluate():                 ${compiledUs.toFixed(2)} us`);
  console.log(`  tf.valueAndGrads:                    ${tfjsUs.toFixed(1)} us`);
  console.log(`  tf.valueAndGrads + dataSync outputs: ${tfjsReadUs.toFixed(1)} us`);
  console.log(`  speed-up (with read-back):           ${(tfjsReadUs / compiledUs).toFixed(0)}x`);
  if (sink === 0.123) console.log(sink);
  model.dispose();
  tf.dispose(state);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
