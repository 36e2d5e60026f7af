import test from 'ava';
import {SeededRandom} from './seeded_random';

test('SeededRandom: the same seed and salt repeat, uniforms lie in (0, 1) with uniform deciles, normals have unit moments', (t) => {
  const a = new SeededRandom(7, 'test');
  const b = new SeededRandom(7, 'test');
  const first = Array.from({length: 5}, () => a.uniform());
  t.deepEqual(first, Array.from({length: 5}, () => b.uniform()));
  t.notDeepEqual(first, Array.from({length: 5}, () => new SeededRandom(8, 'test').uniform()));
  t.notDeepEqual(first[0], new SeededRandom(7, 'other').uniform());
  const n = 100000;
  const counts = new Array(10).fill(0);
  for (let i = 0; i < n; i++) {
    const u = a.uniform();
    t.true(u > 0 && u < 1);
    counts[Math.floor(u * 10)]++;
  }
  // Pearson chi-square with 9 degrees of freedom: P(X > 27.9) = 0.001.
  const chi2 = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
  t.true(chi2 < 27.9, `chi-square ${chi2}`);
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    const z = a.normal();
    sum += z;
    sumSq += z * z;
  }
  // Mean within 5 standard errors (1/sqrt(n)); variance within 5 (sqrt(2/n)).
  t.true(Math.abs(sum / n) < 5 / Math.sqrt(n));
  t.true(Math.abs(sumSq / n - 1) < 5 * Math.sqrt(2 / n));
});
