import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {onCpuAndWasm, relativeMaxError, seededValues} from './cpu_reference';
import {forceConv2dFilterGradPath, type FilterGradPath} from './conv2d_backprop_filter';

test.before(async () => {
  await init({backend: 'wasm'});
});

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number];
}

const CASES: Case[] = [
  {x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC'},
  {x: [2, 7, 7, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'same', dataFormat: 'NHWC'},
  {x: [3, 8, 9, 2], filter: [3, 2, 2, 5], strides: [2, 2], pad: 'same', dataFormat: 'NHWC'},
  {x: [3, 8, 9, 2], filter: [3, 3, 2, 5], strides: [2, 3], pad: 'valid', dataFormat: 'NHWC'},
  {x: [1, 10, 6, 1], filter: [4, 1, 1, 3], strides: [3, 1], pad: 'valid', dataFormat: 'NHWC'},
  {x: [2, 6, 6, 3], filter: [5, 5, 3, 2], strides: [1, 1], pad: 'same', dataFormat: 'NHWC'},
  {x: [2, 6, 7, 3], filter: [3, 3, 3, 2], strides: [2, 1], pad: [[0, 0], [2, 1], [0, 3], [0, 0]], dataFormat: 'NHWC'},
  {x: [2, 2, 5, 5], filter: [2, 2, 2, 3], strides: [1, 1], pad: [[0, 0], [0, 0], [1, 0], [0, 2]], dataFormat: 'NCHW'},
  {x: [2, 3, 8, 7], filter: [3, 3, 3, 4], strides: [2, 2], pad: 'same', dataFormat: 'NCHW'},
  {x: [1, 1, 9, 9], filter: [1, 1, 1, 2], strides: [2, 2], pad: 'valid', dataFormat: 'NCHW'},
  {x: [4, 28, 28, 1], filter: [3, 3, 1, 8], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC'},
  // One input channel (the im2col path) with padding on every side, strides, and NCHW.
  {x: [3, 9, 8, 1], filter: [3, 3, 1, 4], strides: [1, 1], pad: 'same', dataFormat: 'NHWC'},
  {x: [2, 9, 8, 1], filter: [4, 3, 1, 5], strides: [2, 3], pad: 'same', dataFormat: 'NHWC'},
  {x: [2, 7, 6, 1], filter: [3, 2, 1, 3], strides: [1, 2], pad: [[0, 0], [2, 0], [1, 3], [0, 0]], dataFormat: 'NHWC'},
  {x: [2, 1, 8, 7], filter: [3, 3, 1, 4], strides: [2, 1], pad: 'same', dataFormat: 'NCHW'},
  // One input channel, outChannels a multiple of 4 (the SIMD path: 16 channels at a time, then 4).
  {x: [2, 9, 8, 1], filter: [4, 3, 1, 20], strides: [2, 3], pad: 'same', dataFormat: 'NHWC'},
  {x: [2, 7, 6, 1], filter: [3, 2, 1, 36], strides: [1, 2], pad: [[0, 0], [2, 0], [1, 3], [0, 0]], dataFormat: 'NHWC'},
  {x: [3, 12, 11, 1], filter: [3, 3, 1, 32], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC'},
  {x: [2, 1, 10, 9], filter: [5, 4, 1, 16], strides: [3, 2], pad: 'same', dataFormat: 'NCHW'},
  // The reference CNN's second layer in small (the patches matmul's case), and strides with padding.
  {x: [6, 13, 13, 8], filter: [3, 3, 8, 16], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC'},
  {x: [3, 10, 11, 5], filter: [4, 5, 5, 2], strides: [3, 2], pad: 'same', dataFormat: 'NHWC'},
];

const PATHS: FilterGradPath[] = ['simdOneChannel', 'oneChannel', 'patches', 'conv'];

/** The paths that can take the case (the one-channel paths need one input channel; SIMD, outChannels % 4 = 0). */
function pathsFor(c: Case): FilterGradPath[] {
  const inChannels = c.dataFormat === 'NHWC' ? c.x[3] : c.x[1];
  const outChannels = c.filter[3];
  return PATHS.filter(
    (path) => (path !== 'oneChannel' || inChannels === 1) && (path !== 'simdOneChannel' || (inChannels === 1 && outChannels % 4 === 0)),
  );
}

function describe(c: Case): string {
  return `x ${c.x} filter ${c.filter} strides ${c.strides} pad ${JSON.stringify(c.pad)} ${c.dataFormat}${c.dilations ? ` dilations ${c.dilations}` : ''}`;
}

// Float32 reference: both backends sum the same n*p*q products (at most ~3000 here, of values
// in [-1, 1)) in different orders; rounding differences grow like sqrt(terms) * 6e-8 * |sum|,
// well under the 2e-5 relative bound used.
const TOLERANCE = 2e-5;

for (const [index, c] of CASES.entries()) {
  test.serial(`Conv2DBackpropFilter matches cpu on every path: ${describe(c)}`, async (t) => {
    const format = tf.backend_util.convertConv2DDataFormat(c.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, c.dilations ?? 1, c.pad, undefined, false, format);
    for (const path of pathsFor(c)) {
    forceConv2dFilterGradPath(path);
    const out = await onCpuAndWasm(
      [
        {shape: c.x, values: seededValues(tf.util.sizeFromShape(c.x), index)},
        {shape: info.outShape, values: seededValues(tf.util.sizeFromShape(info.outShape), 100 + index)},
      ],
      (x, dy) =>
        tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, {
          strides: c.strides,
          pad: c.pad,
          dataFormat: c.dataFormat,
          dilations: c.dilations ?? [1, 1],
          filterShape: c.filter,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    );
    forceConv2dFilterGradPath(undefined);
    t.deepEqual(out.shape, c.filter, path);
    t.true(relativeMaxError(out) < TOLERANCE, `${path}: relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0, path);
    }
  });
}

test.serial('the filter gradient of tf.conv2d through tf.grad matches cpu without leaks, on each path', async (t) => {
  // Paths chosen by shape: patches matmul (several channels), SIMD and plain one-channel sums.
  const oneChannel = CASES.filter((c) => c.x[3] === 1 && c.dataFormat === 'NHWC');
  for (const c of [CASES[2], CASES[3], CASES[6], ...oneChannel]) {
    const format = tf.backend_util.convertConv2DDataFormat(c.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, undefined, false, format);
    const out = await onCpuAndWasm(
      [
        {shape: c.x, values: seededValues(tf.util.sizeFromShape(c.x), 7)},
        {shape: c.filter, values: seededValues(tf.util.sizeFromShape(c.filter), 8)},
        {shape: info.outShape, values: seededValues(tf.util.sizeFromShape(info.outShape), 9)},
      ],
      (x, filter, weights) =>
        tf.tidy(() =>
          tf.grad((f: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.strides, c.pad, c.dataFormat), weights)),
          )(filter),
        ),
    );
    t.true(relativeMaxError(out) < TOLERANCE, `${describe(c)}: relative error ${relativeMaxError(out)}`);
    t.is(out.wasmLeaks, 0);
  }
});

// The cpu backend has no dilated filter gradient; the reference is its gradient for the
// dilated (zero-inserted) filter, read at the taps the dilated filter uses.
const DILATED: Case[] = [
  {x: [2, 9, 9, 3], filter: [3, 3, 3, 4], strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [2, 2]},
  {x: [2, 9, 8, 2], filter: [2, 3, 2, 3], strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [2, 1]},
  {x: [2, 10, 9, 2], filter: [3, 2, 2, 3], strides: [1, 1], pad: [[0, 0], [2, 1], [1, 2], [0, 0]], dataFormat: 'NHWC', dilations: [1, 3]},
  {x: [2, 9, 9, 1], filter: [3, 3, 1, 2], strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [2, 2]},
  {x: [2, 11, 10, 1], filter: [3, 2, 1, 24], strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [2, 3]},
];

for (const [index, c] of DILATED.entries()) {
  test.serial(`dilated Conv2DBackpropFilter matches cpu's on the zero-inserted filter, every path: ${describe(c)}`, async (t) => {
    const [dh, dw] = c.dilations!;
    const big: [number, number, number, number] = [(c.filter[0] - 1) * dh + 1, (c.filter[1] - 1) * dw + 1, c.filter[2], c.filter[3]];
    const info = tf.backend_util.computeConv2DInfo(c.x, big, c.strides, 1, c.pad);
    for (const path of pathsFor(c)) {
      forceConv2dFilterGradPath(path);
      const out = await onCpuAndWasm(
        [
          {shape: c.x, values: seededValues(tf.util.sizeFromShape(c.x), 50 + index)},
          {shape: info.outShape, values: seededValues(tf.util.sizeFromShape(info.outShape), 60 + index)},
        ],
        (x, dy) =>
          tf.tidy(() => {
            const attrs = {strides: c.strides, pad: c.pad, dataFormat: c.dataFormat};
            if (tf.getBackend() === 'cpu') {
              const grad = tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, {...attrs, filterShape: big} as unknown as tf.NamedAttrMap) as tf.Tensor;
              return tf.stridedSlice(grad, [0, 0, 0, 0], big, [dh, dw, 1, 1]);
            }
            return tf.engine().runKernel('Conv2DBackpropFilter', {x, dy}, {
              ...attrs,
              dilations: c.dilations,
              filterShape: c.filter,
            } as unknown as tf.NamedAttrMap) as tf.Tensor;
          }),
      );
      forceConv2dFilterGradPath(undefined);
      t.deepEqual(out.shape, c.filter, path);
      t.true(relativeMaxError(out) < TOLERANCE, `${path}: relative error ${relativeMaxError(out)}`);
      t.is(out.wasmLeaks, 0, path);
    }
  });
}
