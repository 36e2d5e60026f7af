import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {DatasetName, imagesTensor, loadDataset} from '@tfjs-probability/datasets';
import {
  accuracy,
  brierScore,
  calibrationBins,
  expectedCalibrationError,
  maximumCalibrationError,
  mcClassify,
  negativeLogLikelihood,
  oodAuroc,
  reliabilityDiagram,
  uncertaintyHistogram,
} from '@tfjs-probability/stats';
import {restoreGlobalRandom, seedGlobalRandom} from './global_random';
import {loadTrainedModel, ModelMetadata, normalize} from './saved_model';

export interface EvaluateOptions {
  modelDir: string;
  dataset: DatasetName;
  dataDir?: string;
  /** A second data set, scored as out-of-distribution inputs. */
  oodDataset?: DatasetName;
  oodDataDir?: string;
  mcSamples: number;
  batchSize: number;
  bins: number;
  seed: number;
  /** Where the JSON and PNG files go (default: <modelDir>/../evaluation). */
  out?: string;
  limit?: number;
  log?: (line: string) => void;
}

export interface Evaluation {
  dataset: string;
  examples: number;
  mcSamples: number;
  accuracy: number;
  nll: number;
  brier: number;
  ece: number;
  mce: number;
  bins: number;
  meanTotalEntropy: number;
  meanExpectedEntropy: number;
  meanMutualInformation: number;
  ood?: {
    dataset: string;
    examples: number;
    aurocEntropy: number;
    aurocMutualInformation: number;
    meanTotalEntropy: number;
    meanMutualInformation: number;
  };
  files: string[];
}

interface Scored {
  probs: Float32Array;
  totalEntropy: Float32Array;
  mutualInformation: Float32Array;
  expectedEntropy: Float32Array;
  labels: Int32Array;
  count: number;
}

function testSplit(name: DatasetName, dataDir: string | undefined, metadata: ModelMetadata, limit: number | undefined) {
  const {test} = loadDataset(name, {dataDir, limit: {train: 1, test: limit}});
  const expected = metadata.imageShape.join('x');
  if (test.imageShape.join('x') !== expected) {
    throw new Error(
      `data set '${name}' has images of shape ${test.imageShape.join('x')}, but the model was trained on ${expected} (${metadata.dataset})`,
    );
  }
  return test;
}

async function score(model: tf.LayersModel, set: ReturnType<typeof testSplit>, metadata: ModelMetadata, options: EvaluateOptions): Promise<Scored> {
  const images = imagesTensor(set);
  const inputs = normalize(images, metadata);
  images.dispose();
  const u = mcClassify(model, inputs, {numSamples: options.mcSamples, batchSize: options.batchSize, fromLogits: true});
  inputs.dispose();
  const scored = {
    probs: (await u.meanProbs.data()) as Float32Array,
    totalEntropy: (await u.totalEntropy.data()) as Float32Array,
    expectedEntropy: (await u.expectedEntropy.data()) as Float32Array,
    mutualInformation: (await u.mutualInformation.data()) as Float32Array,
    labels: set.labels,
    count: set.count,
  };
  tf.dispose([u.meanProbs, u.totalEntropy, u.expectedEntropy, u.mutualInformation]);
  return scored;
}

const mean = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0) / values.length;

/**
 * Evaluates a saved Bayesian CNN with T Monte Carlo passes on a data set's test split: accuracy,
 * NLL, Brier score, expected and maximum calibration error, the entropy decomposition, and for an
 * out-of-distribution data set the AUROC of predictive entropy and of mutual information for
 * telling the two apart. Writes evaluation.json, reliability.png and histograms of both scores.
 */
export async function evaluateBayesianCnn(options: EvaluateOptions): Promise<Evaluation> {
  const log = options.log ?? ((line: string) => console.log(line));
  seedGlobalRandom(options.seed);
  const {model, metadata} = await loadTrainedModel(options.modelDir);
  try {
    const out = options.out ?? path.join(path.dirname(path.resolve(options.modelDir)), 'evaluation');
    fs.mkdirSync(out, {recursive: true});
    const set = testSplit(options.dataset, options.dataDir, metadata, options.limit);
    const k = metadata.numClasses;
    const inDist = await score(model, set, metadata, options);
    const probsMatrix = tf.tensor2d(inDist.probs, [inDist.count, k]);
    const labels = Array.from(inDist.labels);
    const bins = calibrationBins(probsMatrix, labels, {numBins: options.bins});
    const evaluation: Evaluation = {
      dataset: options.dataset,
      examples: inDist.count,
      mcSamples: options.mcSamples,
      accuracy: accuracy(probsMatrix, labels),
      nll: negativeLogLikelihood(probsMatrix, labels),
      brier: brierScore(probsMatrix, labels),
      ece: expectedCalibrationError(probsMatrix, labels, {numBins: options.bins}),
      mce: maximumCalibrationError(probsMatrix, labels, {numBins: options.bins}),
      bins: options.bins,
      meanTotalEntropy: mean(inDist.totalEntropy),
      meanExpectedEntropy: mean(inDist.expectedEntropy),
      meanMutualInformation: mean(inDist.mutualInformation),
      files: [],
    };
    probsMatrix.dispose();
    const reliabilityPath = path.join(out, 'reliability.png');
    reliabilityDiagram(bins, {path: reliabilityPath, title: `Reliability, ${options.dataset}`});
    evaluation.files.push(reliabilityPath);
    const entropySeries = [{label: `${options.dataset} (in-distribution)`, values: inDist.totalEntropy}];
    const miSeries = [{label: `${options.dataset} (in-distribution)`, values: inDist.mutualInformation}];
    if (options.oodDataset !== undefined) {
      const oodSet = testSplit(options.oodDataset, options.oodDataDir, metadata, options.limit);
      const ood = await score(model, oodSet, metadata, options);
      evaluation.ood = {
        dataset: options.oodDataset,
        examples: ood.count,
        aurocEntropy: oodAuroc(inDist.totalEntropy, ood.totalEntropy),
        aurocMutualInformation: oodAuroc(inDist.mutualInformation, ood.mutualInformation),
        meanTotalEntropy: mean(ood.totalEntropy),
        meanMutualInformation: mean(ood.mutualInformation),
      };
      entropySeries.push({label: `${options.oodDataset} (out-of-distribution)`, values: ood.totalEntropy});
      miSeries.push({label: `${options.oodDataset} (out-of-distribution)`, values: ood.mutualInformation});
    }
    const entropyPath = path.join(out, 'entropy_histogram.png');
    uncertaintyHistogram(entropySeries, {path: entropyPath, title: 'Predictive entropy', xLabel: 'Predictive entropy (nats)'});
    const miPath = path.join(out, 'mutual_information_histogram.png');
    uncertaintyHistogram(miSeries, {path: miPath, title: 'Mutual information (epistemic)', xLabel: 'Mutual information (nats)'});
    evaluation.files.push(entropyPath, miPath);
    const jsonPath = path.join(out, 'evaluation.json');
    evaluation.files.push(jsonPath);
    fs.writeFileSync(jsonPath, JSON.stringify({...evaluation, calibration: bins}, null, 1));
    log(
      `${options.dataset}: accuracy ${(100 * evaluation.accuracy).toFixed(2)}%, NLL ${evaluation.nll.toFixed(4)}, ` +
        `Brier ${evaluation.brier.toFixed(4)}, ECE ${(100 * evaluation.ece).toFixed(2)}% (${options.bins} bins), ` +
        `${evaluation.examples} examples x ${options.mcSamples} MC samples`,
    );
    log(
      `uncertainty (nats, mean over examples): predictive entropy ${evaluation.meanTotalEntropy.toFixed(4)} = ` +
        `aleatoric ${evaluation.meanExpectedEntropy.toFixed(4)} + epistemic (mutual information) ${evaluation.meanMutualInformation.toFixed(4)}`,
    );
    if (evaluation.ood) {
      log(
        `out-of-distribution ${evaluation.ood.dataset}: AUROC of predictive entropy ${evaluation.ood.aurocEntropy.toFixed(4)}, ` +
          `of mutual information ${evaluation.ood.aurocMutualInformation.toFixed(4)}`,
      );
    }
    log(`wrote ${evaluation.files.join(', ')}`);
    return evaluation;
  } finally {
    model.dispose();
    restoreGlobalRandom();
  }
}
