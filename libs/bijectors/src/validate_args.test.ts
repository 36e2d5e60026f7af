import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Chain} from './chain';
import {CholeskyOuterProduct} from './cholesky_outer_product';
import {Exp} from './exp';
import {GumbelCDF} from './gumbel_cdf';
import {KumaraswamyCDF} from './kumaraswamy_cdf';
import {Log} from './log';
import {NormalCDF} from './normal_cdf';
import {Power} from './power';
import {Sigmoid} from './sigmoid';
import {SoftmaxCentered} from './softmax_centered';
import {Softplus} from './softplus';
import {Tanh} from './tanh';
import {WeibullCDF} from './weibull_cdf';
import {assertNoLeak} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('validateArgs: inputs outside the domain or range get an error naming bijector, method, value and expectation', (t) => {
  const v = {validateArgs: true};
  t.throws(() => new Exp(v).inverse([1, -2]), {message: 'exp.inverse: y must be positive, got -2 (element 1 of shape [2])'});
  t.throws(() => new Exp(v).inverseLogDetJacobian([0]), {message: /exp.inverseLogDetJacobian: y must be positive, got 0/});
  t.throws(() => new Log(v).forward([-1]), {message: /log.forward: x must be positive, got -1/});
  t.throws(() => new Tanh(v).inverse([0.5, 1]), {message: /tanh.inverse: y must be in \(-1, 1\), got 1 \(element 1/});
  t.throws(() => new Sigmoid({low: [0, 1], high: 2, validateArgs: true}).inverse([0.5, 0.5]), {message: /sigmoid.inverse: y must be strictly between low and high, got 0.5 \(element 1 of shape \[2\]\)/});
  t.throws(() => new Softplus({low: 1, validateArgs: true}).inverse([0.5]), {message: /softplus.inverse: y must be on the side of low/});
  t.notThrows(() => new Softplus({hingeSoftness: -1, validateArgs: true}).inverse([-0.5]).dispose());
  t.throws(() => new Power({power: 0.5, validateArgs: true}).forward([-1]), {message: /power.forward: x must be non-negative \(power is not an odd integer\), got -1/});
  t.notThrows(() => new Power({power: 3, validateArgs: true}).forward([-1]).dispose());
  t.throws(() => new KumaraswamyCDF(v).forward([1.5]), {message: /kumaraswamy_cdf.forward: x must be in \[0, 1\], got 1.5/});
  t.throws(() => new WeibullCDF(v).inverse([1]), {message: /weibull_cdf.inverse: y must be in \[0, 1\), got 1/});
  t.throws(() => new GumbelCDF(v).inverse([0]), {message: /gumbel_cdf.inverse: y must be in \(0, 1\), got 0/});
  t.throws(() => new NormalCDF(v).inverse([1.2]), {message: /normal_cdf.inverse: y must be in \(0, 1\), got 1.2/});
  t.throws(() => new SoftmaxCentered(v).inverse([0.5, 0.6]), {message: /softmax_centered.inverse: sum of y over the last axis must be 1, got 1.1/});
  t.throws(() => new CholeskyOuterProduct(v).forward([[-1, 0], [1, 1]]), {message: /cholesky_outer_product.forward: the diagonal of x must be positive/});
  // Checks reach constituents of a composite.
  t.throws(() => new Chain([new Exp(v), new Log(v)]).forward([-1]), {message: /log.forward: x must be positive, got -1/});
});

test('without validateArgs, out-of-domain inputs give NaN, not errors; checks leak nothing', (t) => {
  const y = new Log().forward([-1]);
  t.true(Number.isNaN(y.dataSync()[0]));
  y.dispose();
  const b = new Sigmoid({low: 0, high: 2, validateArgs: true});
  assertNoLeak(t, () => tf.dispose([b.inverse([1]), b.inverseLogDetJacobian([1]), b.forward([3])]));
  assertNoLeak(t, () => t.throws(() => b.inverse([3])));
});
