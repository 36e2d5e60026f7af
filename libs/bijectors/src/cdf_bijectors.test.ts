import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {GumbelCDF} from './gumbel_cdf';
import {KumaraswamyCDF} from './kumaraswamy_cdf';
import {SinhArcsinh} from './sinh_arcsinh';
import {WeibullCDF} from './weibull_cdf';
import {assertClose, assertNoLeak, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Closed-form values are computed here in float64 from the CDF formulas; float32 results agree to
// ~1e-6 relative. Round trips through pow/log1p/expm1 are held to 2e-5; log-dets to 1e-4.

test('KumaraswamyCDF: y = 1 - (1 - x^a)^b', (t) => {
  const b = new KumaraswamyCDF({concentration1: 2, concentration0: 3});
  checkElementwise(t, b, [0.05, 0.2, 0.4, 0.5, 0.7, 0.9], {atol: 2e-5});
  checkElementwise(t, new KumaraswamyCDF({concentration1: [0.5, 1, 4], concentration0: 0.7}), [0.05, 0.2, 0.4, 0.5, 0.7, 0.9], {atol: 2e-5});
  const y = b.forward([0.3]);
  assertClose(t, y, [1 - Math.pow(1 - 0.09, 3)], 1e-6, 1e-5);
  y.dispose();
  t.throws(() => new KumaraswamyCDF({concentration0: -1}), {message: /KumaraswamyCDF: parameter 'concentration0' must be positive and finite, got -1/});
});

test('WeibullCDF: y = 1 - exp(-(x/s)^k)', (t) => {
  const b = new WeibullCDF({scale: 2, concentration: 1.5});
  checkElementwise(t, b, [0.05, 0.3, 1, 1.7, 2.5, 4], {atol: 2e-5, rtol: 2e-5});
  checkElementwise(t, new WeibullCDF({scale: [1, 2, 0.5], concentration: [[0.7], [3]]}), [0.05, 0.3, 1, 0.5, 0.8, 0.9], {atol: 2e-5, rtol: 2e-5});
  const y = b.forward([1]);
  assertClose(t, y, [1 - Math.exp(-Math.pow(0.5, 1.5))], 1e-6, 1e-5);
  y.dispose();
  t.throws(() => new WeibullCDF({scale: 0}), {message: /WeibullCDF: parameter 'scale' must be positive and finite, got 0/});
});

test('GumbelCDF: y = exp(-exp(-(x - loc)/scale))', (t) => {
  const b = new GumbelCDF({loc: 1, scale: 2});
  checkElementwise(t, b, [-2, -0.5, 0, 1, 2.5, 5], {atol: 2e-5, rtol: 2e-5});
  checkElementwise(t, new GumbelCDF({loc: [0, 1, -1], scale: 0.5}), [-0.5, 0, 0.3, 0.7, 1.5, 2], {atol: 2e-5, rtol: 2e-5});
  const y = b.forward([1]);
  assertClose(t, y, [Math.exp(-1)], 1e-6);
  // Near y = 1 (float32 1 - 2^-20): x = loc - scale log(-log y) in float64.
  const top = 1 - 2 ** -20;
  const x = b.inverse([top]);
  assertClose(t, x, [1 - 2 * Math.log(-Math.log(top))], 0, 1e-5);
  tf.dispose([y, x]);
});

test('SinhArcsinh: y = sinh((asinh x + skewness) tailweight), stable for large |x|', (t) => {
  const b = new SinhArcsinh({skewness: 0.5, tailweight: 1.5});
  checkElementwise(t, b, [-3, -0.5, 0, 0.3, 1, 2], {atol: 2e-5, rtol: 2e-5});
  checkElementwise(t, new SinhArcsinh({skewness: [-1, 0, 1], tailweight: [[0.5], [2]]}), [-3, -0.5, 0, 0.3, 1, 2], {atol: 2e-5, rtol: 2e-5});
  const y = b.forward([2]);
  assertClose(t, y, [Math.sinh((Math.asinh(2) + 0.5) * 1.5)], 1e-5, 1e-5);
  // Large negative x: asinh must not cancel (tfjs's log(x + sqrt(x^2 + 1)) gives -inf here).
  const big = new SinhArcsinh({tailweight: 0.5}).forward([-1e6]);
  assertClose(t, big, [Math.sinh(Math.asinh(-1e6) * 0.5)], 0, 1e-5);
  const l = new SinhArcsinh({tailweight: 0.5}).forwardLogDetJacobian([-1e6]);
  const z = Math.asinh(-1e6) * 0.5;
  assertClose(t, l, [Math.log(0.5) + Math.log(Math.cosh(z)) - 0.5 * Math.log1p(1e12)], 1e-4, 1e-5);
  tf.dispose([y, big, l]);
  t.throws(() => new SinhArcsinh({tailweight: 0}), {message: /SinhArcsinh: parameter 'tailweight' must be positive and finite, got 0/});
});

test('leak checks', (t) => {
  for (const b of [new KumaraswamyCDF(), new WeibullCDF(), new GumbelCDF(), new SinhArcsinh()]) {
    assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]), b.name);
  }
});
