import test from 'ava';
import {erf, floorMod, roundHalfEven, sigmoid, softplus} from './scalar_math';

test('erf matches reference values to 1e-15 (both branches, odd symmetry)', (t) => {
  // erf(x) to 16 digits (Abramowitz & Stegun table 7.1 / mpmath).
  const reference: [number, number][] = [
    [0, 0],
    [1e-10, 1.1283791670955126e-10],
    [0.1, 0.1124629160182849],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [1.9, 0.9927904292352575],
    [2, 0.9953222650189527],
    [3, 0.9999779095030014],
    [5, 0.9999999999984626],
  ];
  for (const [x, want] of reference) {
    t.true(Math.abs(erf(x) - want) <= 1e-15, `erf(${x}) = ${erf(x)}, want ${want}`);
    t.true(erf(-x) === -erf(x), `erf(-${x})`);
  }
  t.is(erf(Infinity), 1);
  t.true(Number.isNaN(erf(NaN)));
});

test('softplus and sigmoid neither overflow nor lose the tails', (t) => {
  t.is(softplus(1000), 1000);
  t.is(softplus(-1000), 0);
  t.true(Math.abs(softplus(-40) - Math.exp(-40)) < 1e-30);
  t.true(Math.abs(softplus(0) - Math.LN2) < 1e-16);
  t.is(sigmoid(-1000), 0);
  t.is(sigmoid(1000), 1);
  t.true(Math.abs(sigmoid(-40) - Math.exp(-40)) < 1e-30);
});

test('Round is half to even; Mod takes the sign of the divisor (tfjs semantics)', (t) => {
  t.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 2.4, -2.6].map(roundHalfEven), [0, 2, 2, 0, -2, 2, -3]);
  t.deepEqual([floorMod(7, 3), floorMod(-7, 3), floorMod(7, -3), floorMod(-7, -3)], [1, 2, -2, -1]);
});
