import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {NormalCDF} from './normal_cdf';
import {assertClose, assertNoLeak, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('NormalCDF: y = Phi(x) against known values, round trip and log-det', (t) => {
  const b = new NormalCDF();
  // Phi(1), Phi(-2), Phi(0) (scipy.stats.norm.cdf).
  const y = b.forward([1, -2, 0]);
  assertClose(t, y, [0.8413447460685429, 0.022750131948179195, 0.5], 1e-6, 1e-5);
  y.dispose();
  checkElementwise(t, b, [-3, -1, -0.2, 0, 0.7, 2.5], {atol: 1e-4, rtol: 1e-4});
  assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]));
});
