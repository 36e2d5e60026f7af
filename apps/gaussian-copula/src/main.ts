#!/usr/bin/env node
/**
 * TFP's Gaussian-copula tutorial, run end to end: a Gaussian copula, a copula with Kumaraswamy and
 * Gumbel marginals, and LogNormal / Kumaraswamy built as TransformedDistributions.
 * Run: npm start -w @tfjs-probability/example-gaussian-copula
 */
import * as tf from '@tensorflow/tfjs';
import {describeBackend, init} from '@tfjs-probability/backend';
import {Exp, GumbelCDF, Invert, KumaraswamyCDF} from '@tfjs-probability/bijectors';
import {Gumbel, Kumaraswamy, LogNormal, Normal, TransformedDistribution, Uniform} from '@tfjs-probability/distributions';
import {bivariateCorrelationTril, GaussianCopulaTriL, sampleCorrelation, WarpedGaussianCopula} from './gaussian_copula';

async function main(): Promise<void> {
  await init();
  console.log(describeBackend());
  const scaleTril = bivariateCorrelationTril(0.7);
  const n = 20000;
  tf.tidy(() => {
    const copula = new GaussianCopulaTriL({scaleTril});
    const u = copula.sample(n, 1);
    const [m0, m1] = Array.from(u.mean(0).dataSync());
    console.log(`Gaussian copula (rho 0.7): marginal means ${m0.toFixed(3)}, ${m1.toFixed(3)} (uniform: 0.5), ` +
      `sample correlation ${sampleCorrelation(u).toFixed(3)} (Spearman of a Gaussian copula: ${((6 / Math.PI) * Math.asin(0.35)).toFixed(3)})`);

    const warped = new WarpedGaussianCopula({
      scaleTril,
      marginalBijectors: [
        new Invert({bijector: new KumaraswamyCDF({concentration1: 2, concentration0: 3})}),
        new Invert({bijector: new GumbelCDF({loc: 1, scale: 2})}),
      ],
    });
    const x = warped.sample(n, 2);
    const [k, g] = [new Kumaraswamy({concentration1: 2, concentration0: 3}), new Gumbel({loc: 1, scale: 2})];
    const means = Array.from(x.mean(0).dataSync());
    console.log(`Kumaraswamy(2, 3) x Gumbel(1, 2) marginals: sample means ${means.map((v) => v.toFixed(3)).join(', ')} ` +
      `(exact ${k.mean().dataSync()[0].toFixed(3)}, ${g.mean().dataSync()[0].toFixed(3)}); log p at the first draw ` +
      `${warped.logProb(x.slice([0, 0], [1, 2])).dataSync()[0].toFixed(4)}`);

    const logNormal = new TransformedDistribution({distribution: new Normal({loc: 0.5, scale: 0.8}), bijector: new Exp()});
    const kumaraswamy = new TransformedDistribution({
      distribution: new Uniform({low: 0, high: 1}),
      bijector: new Invert({bijector: new KumaraswamyCDF({concentration1: 2, concentration0: 3})}),
    });
    const y = [0.3, 1.7, 4];
    const z = [0.1, 0.45, 0.9];
    console.log(`LogNormal as Exp(Normal): log p ${fmt(logNormal.logProb(y))} vs direct ${fmt(new LogNormal({loc: 0.5, scale: 0.8}).logProb(y))}`);
    console.log(`Kumaraswamy as KumaraswamyCDF^-1(Uniform): log p ${fmt(kumaraswamy.logProb(z))} vs direct ${fmt(k.logProb(z))}`);
  });
}

function fmt(t: tf.Tensor): string {
  return Array.from(t.dataSync()).map((v) => v.toFixed(5)).join(', ');
}

main().catch((error: Error) => {
  console.error(`gaussian-copula: ${error.message}`);
  process.exit(1);
});
