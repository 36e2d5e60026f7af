import * as tf from '@tensorflow/tfjs';
import test, {ExecutionContext} from 'ava';
import {init} from '../backend';
import {CompileError} from './compile_error';
import {compileValueAndGrads} from './compile_value_and_grads';
import {registerCompiledElementwise} from './elementwise_kernels';
import {BACKENDS} from './compile_test_util';
import {compiledError, eightSchoolsState, eightSchoolsTarget, spread} from './testing';

/**
 * Whole models sum tens to hundreds of float32 terms in tfjs (relative rounding ~6e-8 each, with
 * cancellation between prior and likelihood terms): compiled float64 results agree to 1e-4 relative
 * to max(1, |tfjs|).
 */
const MODEL_TOLERANCE = 1e-4;

type Fn = (...xs: tf.Tensor[]) => tf.Tensor;

/** Compiles fn at points[0] and compares with tfjs at every point; checks that no tensor leaks. */
function checkModel(t: ExecutionContext, fn: Fn, points: tf.Tensor[][], expectKernels: string[] = []): void {
  const before = tf.memory().numTensors;
  const compiled = compileValueAndGrads(fn, points[0]);
  for (const kernel of expectKernels) t.true(compiled.kernelNames.includes(kernel), `${kernel} recorded`);
  t.true(compiled.numSteps <= compiled.numKernels);
  for (const at of points) {
    const {error, where} = compiledError(compiled, fn, at);
    t.true(error <= MODEL_TOLERANCE, `${where} (relative ${error})`);
  }
  t.is(tf.memory().numTensors, before, 'compiling leaves no tensors');
}

for (const backend of BACKENDS) {
  test.serial(`${backend}: eight schools (plain ops, automatic gradient, 4 chains)`, async (t) => {
    await init({backend});
    const target = eightSchoolsTarget();
    const states = [eightSchoolsState(4), [spread([4], -3, 8), spread([4], 0.1, 9, 1), spread([4, 8], -2, 2, 2)]];
    checkModel(t, target.fn, states, ['Log1p', 'Sum']);
    const compiled = compileValueAndGrads(target.fn, states[0]);
    t.deepEqual(compiled.inputShapes, [[4], [4], [4, 8]]);
    t.deepEqual(compiled.valueShape, [4]);
    const first = compiled.evaluate(states[0].map((x) => x.dataSync()));
    const second = compiled.evaluate(states[1].map((x) => x.dataSync()));
    t.is(first, second, 'the result object and its buffers are reused');
    t.is(second.grads.length, 3);
    target.dispose();
    states.forEach((s) => tf.dispose(s));
  });

  test.serial(`${backend}: hierarchical normal (plain ops, automatic gradient)`, async (t) => {
    await init({backend});
    const y = [28, 8, -3, 7, -1, 1, 18, 12];
    const sigma = [15, 10, 16, 11, 9, 11, 10, 18];
    // mu ~ N(0, 5), log tau with tau ~ LogNormal(0, 1), theta_j ~ N(mu, tau), y_j ~ N(theta_j, sigma_j); per chain.
    const normalLogPdf = (x: tf.Tensor, loc: tf.Tensor | number, scale: tf.Tensor | number) => {
      const z = tf.div(tf.sub(x, loc), scale);
      return tf.sub(tf.mul(-0.5, tf.square(z)), tf.add(tf.log(scale), 0.5 * Math.log(2 * Math.PI)));
    };
    const fn: Fn = (mu, logTau, theta) => {
      const tau = tf.exp(logTau);
      const prior = tf.add(normalLogPdf(mu, 0, 5), normalLogPdf(logTau, 0, 1));
      const thetaLp = tf.sum(normalLogPdf(theta, tf.expandDims(mu, 1), tf.expandDims(tau, 1)), 1);
      const lik = tf.sum(normalLogPdf(tf.tensor1d(y), theta, tf.tensor1d(sigma)), -1);
      return tf.add(tf.add(prior, thetaLp), lik);
    };
    const points = [0, 1].map((p) => [spread([3], -2, 6, p), spread([3], -1, 2, p + 1), spread([3, 8], -5, 15, p + 2)]);
    checkModel(t, fn, points, ['Exp', 'Log', 'Square', 'Sum']);
    points.forEach((p) => tf.dispose(p));
  });

  test.serial(`${backend}: logistic regression (matMul, softplus)`, async (t) => {
    await init({backend});
    const n = 20;
    const d = 3;
    const xData = Array.from({length: n * d}, (_, k) => Math.sin(1.3 * k + 0.2));
    const yData = Array.from({length: n}, (_, k) => (Math.cos(2.1 * k) > 0 ? 1 : 0));
    // w: [chains, d]; log p = sum_i y_i z_i - softplus(z_i) - |w|^2 / 2, z = w X^T.
    const fn: Fn = (w, b) => {
      const z = tf.add(tf.matMul(w, tf.tensor2d(xData, [n, d]), false, true), tf.expandDims(b, 1));
      const lik = tf.sum(tf.sub(tf.mul(tf.tensor1d(yData), z), tf.softplus(z)), 1);
      return tf.sub(lik, tf.add(tf.mul(0.5, tf.sum(tf.square(w), 1)), tf.mul(0.5, tf.square(b))));
    };
    const points = [0, 1].map((p) => [spread([2, d], -1, 1, p), spread([2], -1, 1, p + 1)]);
    checkModel(t, fn, points, ['BatchMatMul', 'Softplus']);
    points.forEach((p) => tf.dispose(p));
  });

  test.serial(`${backend}: varying intercepts (gather, unsortedSegmentSum)`, async (t) => {
    await init({backend});
    const groups = [0, 2, 1, 2, 3, 0, 1, 3, 3, 2];
    const obs = groups.map((g, i) => g - 1 + 0.3 * Math.sin(i));
    const fn: Fn = (alpha, scale) => {
      const idx = tf.tensor1d(groups, 'int32');
      const eta = tf.gather(alpha, idx);
      const resid = tf.sub(tf.tensor1d(obs), eta);
      // Per-group sums of squared residuals, weighted per group.
      const perGroup = tf.unsortedSegmentSum(tf.square(resid), idx, 4);
      const s = tf.softplus(scale);
      return tf.neg(tf.add(tf.sum(tf.div(perGroup, tf.mul(2, tf.square(s)))), tf.add(tf.mul(groups.length, tf.log(s)), tf.sum(tf.square(alpha)))));
    };
    const points = [0, 1].map((p) => [spread([4], -2, 2, p), spread([], 0.2, 1.5, p + 1)]);
    checkModel(t, fn, points, ['GatherV2', 'UnsortedSegmentSum']);
    points.forEach((p) => tf.dispose(p));
  });
}

test.serial('an unsupported kernel is named, with its input shapes, and nothing leaks', async (t) => {
  await init({backend: 'wasm'});
  const before = tf.memory().numTensors;
  const x = spread([1, 4, 4, 1], -1, 1);
  const fn: Fn = (v) => tf.sum(tf.conv2d(v as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid'));
  const error = t.throws(() => compileValueAndGrads(fn, [x]), {instanceOf: CompileError});
  t.regex(error!.message, /kernel 'Conv2D' \(inputs x: \[1, 4, 4, 1\] float32, filter: \[2, 2, 1, 1\] float32\)/);
  t.regex(error!.message, /uncompiled/);
  x.dispose();
  t.is(tf.memory().numTensors, before);
});

test.serial('dead code is dropped, even with kernels that have no float64 implementation', async (t) => {
  await init({backend: 'cpu'});
  const x = spread([1, 4, 4, 1], -1, 1);
  const fn: Fn = (v) => {
    tf.conv2d(v as tf.Tensor4D, tf.ones([2, 2, 1, 1]) as tf.Tensor4D, 1, 'valid');
    tf.exp(v);
    return tf.sum(tf.square(v));
  };
  const compiled = compileValueAndGrads(fn, [x]);
  t.true(compiled.kernelNames.includes('Conv2D'));
  t.true(compiled.numSteps < compiled.numKernels - 2);
  t.true(compiledError(compiled, fn, [x]).error < 1e-6);
  x.dispose();
});

test.serial('a function that branches on x.dataSync() is rejected', async (t) => {
  await init({backend: 'cpu'});
  const before = tf.memory().numTensors;
  const x = spread([3], -1, 1);
  const fn: Fn = (v) => (v.dataSync()[0] > 0 ? tf.sum(tf.square(v)) : tf.sum(tf.exp(v)));
  const error = t.throws(() => compileValueAndGrads(fn, [x]), {instanceOf: CompileError});
  t.regex(error!.message, /reads tensor data in JavaScript \(dataSync\/array\/data\)/);
  const viaArray: Fn = (v) => tf.mul(tf.sum(v), (tf.exp(v).arraySync() as number[])[0]);
  t.throws(() => compileValueAndGrads(viaArray, [x]), {instanceOf: CompileError, message: /reads tensor data/});
  x.dispose();
  t.is(tf.memory().numTensors, before);
});

test.serial('a computation that changes between the two traces is rejected', async (t) => {
  await init({backend: 'cpu'});
  const before = tf.memory().numTensors;
  const x = spread([3], -1, 1);
  let calls = 0;
  const alternating: Fn = (v) => (calls++ % 2 === 0 ? tf.sum(tf.square(v)) : tf.sum(tf.exp(v)));
  t.throws(() => compileValueAndGrads(alternating, [x]), {
    instanceOf: CompileError,
    message: /depends on its input values through JavaScript \(dataSync\/array\/branches\).*first difference/s,
  });
  let scale = 1;
  const changingConstant: Fn = (v) => tf.mul(tf.sum(v), (scale += 1));
  // Traced at the examples (2), perturbed (3), at the examples again (4).
  t.throws(() => compileValueAndGrads(changingConstant, [x]), {
    instanceOf: CompileError,
    message: /first difference:\n  at the examples: constant v\d+ = \[4\]\n  perturbed:       constant v\d+ = \[3\]/,
  });
  x.dispose();
  t.is(tf.memory().numTensors, before);
});

test.serial('one-time work in the first call does not prevent compiling', async (t) => {
  await init({backend: 'cpu'});
  const x = spread([3], -1, 1);
  let warmedUp = false;
  const fn: Fn = (v) => {
    if (!warmedUp) {
      tf.tidy(() => tf.sum(tf.exp(v)));
      warmedUp = true;
    }
    return tf.sum(tf.square(v));
  };
  const compiled = compileValueAndGrads(fn, [x]);
  t.false(compiled.kernelNames.includes('Exp'));
  t.true(compiledError(compiled, fn, [x]).error < 1e-6);
  x.dispose();
});

test.serial('evaluate rejects a wrong number of inputs or a wrong input size', async (t) => {
  await init({backend: 'cpu'});
  const target = eightSchoolsTarget();
  const state = eightSchoolsState(2);
  const compiled = compileValueAndGrads(target.fn, state);
  t.throws(() => compiled.evaluate([]), {message: /expected 3 input array\(s\) of shapes \[2\], \[2\], \[2, 8\], got 0/});
  t.throws(() => compiled.evaluate([[1, 2], [1, 2], [1, 2, 3]]), {
    message: /input 2 has 3 values; expected 16 \(shape \[2, 8\], flat row-major\)/,
  });
  target.dispose();
  tf.dispose(state);
});

test.serial('registerCompiledElementwise: a float64 kernel that disagrees with tfjs is caught', async (t) => {
  for (const backend of BACKENDS) {
    await init({backend});
    const before = tf.memory().numTensors;
    for (const name of ['CompileTestCube', 'CompileTestCubeWrong']) {
      if (tf.getKernel(name, backend) === undefined) {
        tf.registerKernel({
          kernelName: name,
          backendName: backend,
          kernelFunc: ({inputs, backend: b}) => {
            const x = inputs.x as tf.TensorInfo;
            const kb = b as tf.KernelBackend;
            const values = (kb.readSync(x.dataId) as Float32Array).map((v) => v * v * v);
            return {dataId: kb.write(values, x.shape, 'float32'), shape: x.shape, dtype: 'float32'};
          },
        });
      }
      if (tf.getGradient(name) === undefined) {
        tf.registerGradient({kernelName: name, inputsToSave: ['x'], gradFunc: (dy, [x]) => ({x: () => tf.mul(dy as tf.Tensor, tf.mul(3, tf.square(x)))})});
      }
    }
    registerCompiledElementwise('CompileTestCube', (x) => x * x * x, ['x']);
    registerCompiledElementwise('CompileTestCubeWrong', (x) => x * x * x * 1.01, ['x']);
    const x = spread([4], 0.5, 2);
    const cube = (name: string): Fn => (v) => tf.sum(tf.engine().runKernel(name, {x: tf.exp(v)}) as tf.Tensor);
    const compiled = compileValueAndGrads(cube('CompileTestCube'), [x]);
    t.true(compiledError(compiled, cube('CompileTestCube'), [x]).error < 1e-5);
    t.throws(() => compileValueAndGrads(cube('CompileTestCubeWrong'), [x]), {
      instanceOf: CompileError,
      message: /disagrees with tfjs on the value at the examples: element 0 is .*, tfjs gives .* \(rtol 0.001\)/,
    });
    x.dispose();
    t.is(tf.memory().numTensors, before);
  }
});
