import test from 'ava';
import {functionParameters} from './function_parameters';

type Fn = (...args: never[]) => unknown;
const read = (fn: Fn) => functionParameters(fn);

test('destructured parameters give the object keys', (t) => {
  t.deepEqual(read(({a, b}: {a: number; b: number}) => a + b), {names: ['a', 'b'], destructured: true});
  t.deepEqual(read(({loc: mean, scale = 2}: {loc: number; scale?: number}) => mean * scale), {
    names: ['loc', 'scale'],
    destructured: true,
  });
  // A default holding brackets and commas, and comments, do not confuse the reader.
  t.deepEqual(read(({x = Math.max(1, 2), /* skipped, */ y}: {x?: number; y: number}) => x + y), {
    names: ['x', 'y'],
    destructured: true,
  });
  t.deepEqual(read(function ({w}: {w: number}) { return w; }), {names: ['w'], destructured: true});
});

test('plain parameters give their names in order', (t) => {
  t.deepEqual(read((alpha: number, beta: number) => alpha + beta), {names: ['alpha', 'beta'], destructured: false});
  t.deepEqual(read(((z: number) => z) as Fn), {names: ['z'], destructured: false});
  t.deepEqual(read(new Function('q', 'return q') as Fn), {names: ['q'], destructured: false});
  t.deepEqual(read(function named(u: number, v = 3) { return u + v; }), {names: ['u', 'v'], destructured: false});
  t.deepEqual(read({method(m: number) { return m; }}.method), {names: ['m'], destructured: false});
  t.deepEqual(read(() => 1), {names: [], destructured: false});
  // An unparenthesised single parameter, as written in plain JS.
  t.deepEqual(read(new Function('return s => s * 2')() as Fn), {names: ['s'], destructured: false});
});

test('rest parameters and mixed patterns are refused with the reason', (t) => {
  t.throws(() => read((...xs: number[]) => xs.length), {message: /rest parameter \(\.\.\.xs\) cannot name dependencies/});
  t.throws(() => read(({a, ...others}: {a: number}) => [a, others]), {message: /rest property \(\.\.\.others\)/});
  t.throws(() => read((a: number, {b}: {b: number}) => a + b), {
    message: /only a single destructured object or plain parameters are understood; received \(a,\s*\{\s*b\s*\}\)/,
  });
});
