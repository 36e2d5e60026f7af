/**
 * Times the wasm backend's broadcasting ops on 1e6-element outputs against an Add of the same
 * size (ms per op, median of repeated runs). Run from libs/backend:
 *   npx tsx scripts/time_broadcast_kernels.ts            (with tfjs-probability's kernels)
 *   npx tsx scripts/time_broadcast_kernels.ts --stock    (tfjs 4.22's own wasm kernels)
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import {init} from '../src/backend';

const stock = process.argv.includes('--stock');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ms of `op` after two warm-up calls (wasm kernels run synchronously: no read-back needed). */
function time(op: () => tf.Tensor, repeats = 15): number {
  const runs: number[] = [];
  for (let i = 0; i < repeats + 2; i++) {
    const start = performance.now();
    const out = op();
    const ms = performance.now() - start;
    out.dispose();
    if (i >= 2) runs.push(ms);
  }
  return median(runs);
}

async function main(): Promise<void> {
  if (stock) {
    await tf.setBackend('wasm');
  } else {
    await init({backend: 'wasm'});
  }
  await tf.ready();
  const n = 1000;
  const big = tf.randomUniform([n, n]);
  const column = tf.randomUniform([n, 1]);
  const row = tf.randomUniform([1, n]);
  const scalar = tf.scalar(0.5);
  const bigBool = tf.greater(big, 0.5);
  const columnBool = tf.greater(column, 0.5);
  const rowBool = tf.greater(row, 0.5);
  const scalarBool = tf.scalar(true, 'bool');
  const cubeInt = tf.range(0, 1000, 1, 'int32').reshape([10, 10, 10]);
  const positive = tf.add(big, 0.5);
  const cases: [string, () => tf.Tensor][] = [
    ['Add [1000,1000]+[1000,1000]', () => tf.add(big, big)],
    ['Add [1000,1000]+[1000,1]', () => tf.add(big, column)],
    ['Tile [1000,1]x[1,1000] float32', () => tf.tile(column, [1, n])],
    ['Tile [1,1000]x[1000,1] float32', () => tf.tile(row, [n, 1])],
    ['Tile [1000,1000]x[1,1] float32', () => tf.tile(big, [1, 1])],
    ['Tile [1000,1]x[1,1000] bool', () => tf.tile(columnBool, [1, n])],
    ['Tile [10,10,10]x[10,10,10] int32', () => tf.tile(cubeInt, [10, 10, 10])],
    ['broadcastTo [1000,1]->[1000,1000]', () => tf.broadcastTo(column, [n, n])],
    ['broadcastTo scalar->[1000,1000]', () => tf.broadcastTo(scalar, [n, n])],
    ['where same shapes [1000,1000]', () => tf.where(bigBool, big, big)],
    ['where cond [1000,1000], t [1000,1], e scalar', () => tf.where(bigBool, column, scalar)],
    ['where cond [1000,1], t [1000,1000], e [1,1000]', () => tf.where(columnBool, big, row)],
    ['Select kernel same shapes', () => tf.engine().runKernel('Select', {condition: bigBool, t: big, e: big}) as tf.Tensor],
    ['LogicalAnd [1000,1000]&[1000,1000]', () => tf.logicalAnd(bigBool, bigBool)],
    ['LogicalAnd [1000,1000]&[1000,1]', () => tf.logicalAnd(bigBool, columnBool)],
    ['LogicalAnd [1000,1000]&[1,1000]', () => tf.logicalAnd(bigBool, rowBool)],
    ['LogicalAnd [1000,1000]&scalar', () => tf.logicalAnd(bigBool, scalarBool)],
    ['LogicalOr [1000,1000]|[1000,1]', () => tf.logicalOr(bigBool, columnBool)],
    ['LogicalOr [1000,1000]|scalar', () => tf.logicalOr(bigBool, scalarBool)],
    ['Greater [1000,1000]>[1000,1]', () => tf.greater(big, column)],
    ['Greater [1000,1000]>[1000,1000]', () => tf.greater(big, big)],
    ['Less [1000,1000]<[1,1000]', () => tf.less(big, row)],
    ['Equal [1000,1000]==[1000,1]', () => tf.equal(big, column)],
    ['Maximum [1000,1000],[1000,1]', () => tf.maximum(big, column)],
    ['Minimum [1000,1],[1,1000]', () => tf.minimum(column, row)],
    ['Pow [1000,1000]^[1000,1000]', () => tf.pow(positive, big)],
    ['Pow [1000,1000]^[1000,1]', () => tf.pow(positive, column)],
    ['FloorDiv [1000,1000],[1000,1]', () => tf.floorDiv(big, column)],
    ['Mod [1000,1000],[1,1000]', () => tf.mod(big, row)],
    ['Atan2 [1000,1000],[1000,1]', () => tf.atan2(big, column)],
  ];
  console.log(`backend ${tf.getBackend()}, ${stock ? "tfjs 4.22's stock wasm kernels" : "tfjs-probability's wasm kernels"}`);
  for (const [name, op] of cases) {
    const before = tf.memory().numTensors;
    const ms = tf.tidy(() => time(op));
    if (tf.memory().numTensors !== before) throw new Error(`${name} leaked`);
    console.log(`${name.padEnd(48)} ${ms.toFixed(2).padStart(8)} ms`);
  }
  tf.dispose([big, column, row, scalar, bigBool, columnBool, rowBool, scalarBool, cubeInt, positive]);
}

void main();
