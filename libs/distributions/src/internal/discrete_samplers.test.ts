import test from 'ava';
import {SeededRandom} from '@tfjs-probability/math';
import {logFactorial, sampleBinomial, samplePoisson} from './discrete_samplers';
import {assertFrequencies} from './discrete_testing';

test('logFactorial matches direct summation on both sides of the Stirling switch', (t) => {
  let direct = 0;
  for (let k = 0; k <= 5000; k++) {
    if (k >= 2) direct += Math.log(k);
    // Summation accumulates ~k ulps of rounding: relative 1e-13 of the value.
    t.true(Math.abs(logFactorial(k) - direct) <= 1e-13 * Math.max(1, direct) + 1e-14, `k=${k}: ${logFactorial(k)} vs ${direct}`);
  }
  // 170! = 7.257415615307994e306.
  t.true(Math.abs(logFactorial(170) - Math.log(7.257415615307994e306)) < 1e-12);
});

test('degenerate and invalid parameters', (t) => {
  const u = new SeededRandom(1, 'test');
  t.is(samplePoisson(0, u), 0);
  t.is(samplePoisson(Infinity, u), Infinity);
  t.true(Number.isNaN(samplePoisson(-1, u)));
  t.true(Number.isNaN(samplePoisson(NaN, u)));
  t.is(sampleBinomial(0, 0.3, u), 0);
  t.is(sampleBinomial(12, 0, u), 0);
  t.is(sampleBinomial(12, 1, u), 12);
  t.true(Number.isNaN(sampleBinomial(5, 1.5, u)));
  t.true(Number.isNaN(sampleBinomial(-5, 0.5, u)));
});
