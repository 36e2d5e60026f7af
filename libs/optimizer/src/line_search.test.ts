import test from 'ava';

import type {Evaluation} from './batch_driver';
import {LineSearchResult, strongWolfeLineSearch} from './line_search';

/** Drives the line search on a 1-D function f with derivative df, counting evaluations. */
function search(f: (x: number) => number, df: (x: number) => number, x0: number, d: number, step: number, g0?: number) {
  const program = strongWolfeLineSearch(Float64Array.of(x0), f(x0), Float64Array.of(g0 ?? df(x0)), Float64Array.of(d), step, 30);
  let evaluations = 0;
  let next = program.next();
  while (!next.done) {
    const x = next.value[0];
    evaluations++;
    const e: Evaluation = {value: f(x), gradient: Float64Array.of(df(x))};
    next = program.next(e);
  }
  return {result: next.value as LineSearchResult, evaluations};
}

const C1 = 1e-4;
const C2 = 0.9;

function isStrongWolfe(r: LineSearchResult, f0: number, dphi0: number, x0: number, d: number): boolean {
  const a = (r.position[0] - x0) / d;
  return r.value <= f0 + C1 * a * dphi0 && Math.abs(r.gradient[0] * d) <= C2 * Math.abs(dphi0);
}

test('strongWolfeLineSearch: an overlong first step is zoomed back to a strong-Wolfe point', (t) => {
  const f = (x: number) => (x - 3) ** 2 + Math.sin(3 * x);
  const df = (x: number) => 2 * (x - 3) + 3 * Math.cos(3 * x);
  const {result, evaluations} = search(f, df, 0, 1, 20);
  t.true(result.ok);
  t.true(isStrongWolfe(result, f(0), df(0), 0, 1), `accepted x = ${result.position[0]}`);
  t.true(evaluations <= 10, `evaluations ${evaluations}`);
  t.is(result.value, f(result.position[0]));
});

test('strongWolfeLineSearch: a short first step is extended by doubling', (t) => {
  const f = (x: number) => (x - 10) ** 2;
  const df = (x: number) => 2 * (x - 10);
  const {result} = search(f, df, 0, 1, 0.01);
  t.true(result.ok);
  t.true(isStrongWolfe(result, f(0), df(0), 0, 1), `accepted x = ${result.position[0]}`);
});

test('strongWolfeLineSearch: non-finite values beyond a boundary shrink the step', (t) => {
  const f = (x: number) => (x < 4 ? (x - 3) ** 2 : NaN);
  const df = (x: number) => (x < 4 ? 2 * (x - 3) : NaN);
  const {result} = search(f, df, 0, 1, 100);
  t.true(result.ok);
  t.true(result.position[0] < 4 && isStrongWolfe(result, f(0), df(0), 0, 1), `accepted x = ${result.position[0]}`);
});

test('strongWolfeLineSearch: reports failure when no step decreases f (a wrong gradient)', (t) => {
  const f = (x: number) => x * x;
  const {result} = search(f, x => 2 * x, 1, 1, 1, -1);
  t.false(result.ok);
  t.is(result.position[0], 1, 'the start is returned');
});
