import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {onCpuAndWasm, relativeMaxError, seededInput} from './cpu_reference';

test.before(async () => {
  await init({backend: 'wasm'});
});

const CASES: {equation: string; shapes: number[][]}[] = [
  {equation: 'ij,jk->ik', shapes: [[3, 4], [4, 5]]},
  {equation: 'bij,bjk->bik', shapes: [[2, 3, 4], [2, 4, 5]]},
  {equation: 'ij->ji', shapes: [[3, 4]]},
  {equation: 'ij->ij', shapes: [[3, 4]]},
  {equation: 'ij->i', shapes: [[3, 4]]},
  {equation: 'ij->', shapes: [[3, 4]]},
  {equation: 'i,i->', shapes: [[6], [6]]},
  {equation: 'i,j->ij', shapes: [[3], [4]]},
  {equation: 'ij,ij->ij', shapes: [[3, 4], [3, 4]]},
  {equation: 'ijk,kj->i', shapes: [[2, 3, 4], [4, 3]]},
];

// Float32: sums of at most 12 products of values in [-1, 1); order differences are ~1e-7.
const TOLERANCE = 1e-5;

for (const [index, c] of CASES.entries()) {
  test.serial(`Einsum matches cpu: ${c.equation}`, async (t) => {
    const out = await onCpuAndWasm(
      c.shapes.map((shape, k) => seededInput(shape, 10 * index + k)),
      (...operands) => tf.einsum(c.equation, ...operands),
    );
    t.true(relativeMaxError(out) < TOLERANCE, `relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  });
}

test.serial('Einsum leaves its inputs intact when the result is an input unchanged', async (t) => {
  await tf.setBackend('wasm');
  const x = tf.tensor2d([[1, 2], [3, 4]]);
  const y = tf.einsum('ij->ij', x);
  y.dispose();
  t.deepEqual(await x.array(), [[1, 2], [3, 4]]);
  x.dispose();
});
