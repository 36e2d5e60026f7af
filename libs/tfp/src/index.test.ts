import test from 'ava';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import * as tfp from './index';

const root = path.resolve(__dirname, '../../..');

test('the umbrella exposes the namespaces with TFP names', async (t) => {
  t.is(typeof tfp.backend.init, 'function');
  t.is(tfp.tfd, tfp.distributions);
  t.is(tfp.tfb, tfp.bijectors);
  for (const [namespace, names] of Object.entries({
    distributions: ['Normal', 'MultivariateNormalTriL', 'TransformedDistribution', 'klDivergence', 'registerKL'],
    bijectors: ['Exp', 'Softplus', 'Chain', 'MaskedAutoregressiveFlow'],
    layers: ['DenseFlipout', 'denseFlipout', 'Conv2DFlipout', 'conv2dFlipout'],
    math: ['lgamma', 'igamma', 'cholesky', 'LinearOperatorDiag'],
    stats: ['mcClassify', 'expectedCalibrationError', 'auroc'],
    optimizer: ['lbfgsMinimize', 'nelderMeadMinimize'],
    mcmc: ['HamiltonianMonteCarlo', 'NoUTurnSampler', 'TransformedTransitionKernel', 'DualAveragingStepSizeAdaptation', 'DiagonalMassMatrixAdaptation', 'sampleChain', 'effectiveSampleSize', 'potentialScaleReduction'],
    vi: ['fitSurrogatePosterior', 'monteCarloVariationalLoss', 'klReverse', 'buildAffineSurrogatePosterior'],
    monteCarlo: ['expectation'],
    edward2: ['Normal', 'makeLogJointFn', 'trace'],
  })) {
    for (const name of names) {
      t.not((tfp as unknown as Record<string, Record<string, unknown>>)[namespace][name], undefined, `tfp.${namespace}.${name}`);
    }
  }
});

// The built package, as a user loads it with plain node: CommonJS require and ESM import.
test('require and import of the built package both work', (t) => {
  const run = (args: string[]) => execFileSync(process.execPath, args, {cwd: root, encoding: 'utf8'});
  const required = run([
    '-e',
    "const tfp = require('tfjs-probability'); tfp.backend.init().then(() => " +
      "console.log(Object.keys(tfp).join(',') + ' ' + new tfp.tfd.Normal({loc: 0, scale: 1}).logProb(0).dataSync()[0]))",
  ]);
  t.regex(required, /backend,bijectors,distributions,layers,math,mcmc,optimizer,stats,vi,tfb,tfd,monteCarlo,edward2 -0\.918938/);
  const imported = run([
    '--input-type=module',
    '-e',
    "import * as tfp from 'tfjs-probability'; console.log(Object.keys(tfp).join(',') + ' ' + typeof tfp.backend.init)",
  ]);
  t.regex(imported, /backend.*function/);
});
