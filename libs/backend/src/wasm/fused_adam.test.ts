import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {seededValues} from './cpu_reference';
import {ADAM_UPDATE, forceJsAdamUpdate} from './fused_adam';

test.before(async () => {
  await init({backend: 'wasm'});
});

// Sizes 72, 280, 7, 15 and 1: whole groups of 4 for the SIMD kernel, and remainders for its JS tail.
const SHAPES = [[3, 3, 1, 8], [40, 7], [7], [5, 3], []];

interface AdamRun {
  variables: Float32Array[];
  optimizerWeights: {name: string; values: Float32Array}[];
  iterations: number;
  leaked: number;
}

/**
 * Five Adam steps from the same start with the same gradients (including a step where one
 * variable gets no gradient) on the given backend; returns the variables, the optimizer's
 * weights (beta powers and moments) and the tensor count change after disposing everything.
 */
async function adamSteps(backend: 'cpu' | 'wasm', learningRate: number): Promise<AdamRun> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const variables = SHAPES.map((shape, k) => {
    const start = tf.tensor(seededValues(tf.util.sizeFromShape(shape), k), shape);
    const variable = tf.variable(start, true, `fused_adam_${backend}_${learningRate}_${k}`);
    start.dispose();
    return variable;
  });
  const optimizer = tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
  for (let step = 0; step < 5; step++) {
    const gradients: Record<string, tf.Tensor | null> = {};
    variables.forEach((v, k) => {
      if (step === 2 && k === 1) {
        gradients[v.name] = null;
        return;
      }
      // Gradients of mixed scale, with exact zeros and a few large values.
      const g = seededValues(v.size, 100 * step + k).map((x, i) => (i % 5 === 0 ? 0 : i % 7 === 0 ? 50 * x : x * 1e-3));
      gradients[v.name] = tf.tensor(g, v.shape);
    });
    optimizer.applyGradients(gradients as unknown as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    tf.dispose(Object.values(gradients).filter((g): g is tf.Tensor => g !== null));
  }
  const weights = await optimizer.getWeights();
  const run: AdamRun = {
    variables: await Promise.all(variables.map(async (v) => (await v.data()) as Float32Array)),
    optimizerWeights: await Promise.all(
      weights.map(async (w) => ({name: w.name.replace(`_${backend}_`, '_'), values: (await w.tensor.data()) as Float32Array})),
    ),
    iterations: optimizer.iterations,
    leaked: 0,
  };
  tf.dispose(weights.map((w) => w.tensor));
  optimizer.dispose();
  tf.dispose(variables);
  run.leaked = tf.memory().numTensors - before;
  return run;
}

for (const [learningRate, js] of [[1e-3, false], [0.05, false], [1e-3, true], [0.05, true]] as const) {
  test.serial(`Adam on wasm (fused ${ADAM_UPDATE}, ${js ? 'JS loop' : 'SIMD'}) is bit-identical to tfjs's Adam on cpu: lr ${learningRate}`, async (t) => {
    const cpu = await adamSteps('cpu', learningRate);
    forceJsAdamUpdate(js);
    const wasm = await adamSteps('wasm', learningRate).finally(() => forceJsAdamUpdate(false));
    t.is(wasm.iterations, 5);
    t.is(cpu.iterations, 5);
    wasm.variables.forEach((values, k) => t.deepEqual(Array.from(values), Array.from(cpu.variables[k]), `variable ${k}`));
    t.deepEqual(
      wasm.optimizerWeights.map((w) => w.name),
      cpu.optimizerWeights.map((w) => w.name),
    );
    wasm.optimizerWeights.forEach((w, k) => t.deepEqual(Array.from(w.values), Array.from(cpu.optimizerWeights[k].values), w.name));
    // The updates moved the variables (so equality is not trivially of unchanged values).
    t.notDeepEqual(Array.from(wasm.variables[0]), Array.from(seededValues(wasm.variables[0].length, 0)));
    t.is(wasm.leaked, 0);
    t.is(cpu.leaked, 0);
  });
}

test.serial(`the wasm Adam step runs one ${ADAM_UPDATE} kernel per variable`, async (t) => {
  await tf.setBackend('wasm');
  const v = tf.variable(tf.ones([4, 4]), true, 'fused_adam_count');
  const optimizer = tf.train.adam(0.01);
  const kernels: string[] = [];
  const {kernelNames} = await tf.profile(() => {
    const g = tf.fill([4, 4], 0.5);
    optimizer.applyGradients({[v.name]: g} as unknown as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    g.dispose();
  });
  kernels.push(...kernelNames);
  t.is(kernels.filter((k) => k === ADAM_UPDATE).length, 1);
  t.false(kernels.includes('Sqrt'), `stock Adam kernels ran: ${kernels.join(', ')}`);
  // One step of Adam from zero moments moves every coordinate by lr (the normalised gradient is 1).
  const values = await v.data();
  for (const x of values) t.true(Math.abs(x - (1 - 0.01)) < 1e-6, `${x}`);
  optimizer.dispose();
  v.dispose();
});

test.serial(`${ADAM_UPDATE} rejects a gradient of another shape by name`, async (t) => {
  await tf.setBackend('wasm');
  const [value, m, v] = [tf.zeros([2, 3]), tf.zeros([2, 3]), tf.zeros([2, 3])];
  const error = t.throws(() =>
    tf.engine().runKernel(
      ADAM_UPDATE,
      {value, m, v, gradient: tf.zeros([3, 2]), oneMinusAccBeta1: tf.scalar(0.1), oneMinusAccBeta2: tf.scalar(0.001)},
      {beta1: 0.9, beta2: 0.999, epsilon: 1e-7, learningRate: 0.1},
    ),
  );
  t.regex(error!.message, /TfpAdamUpdate: gradient must be float32 of the variable's shape \[2,3\] \(float32\), got float32 \[3,2\]/);
});
