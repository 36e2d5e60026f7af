import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {AdamPowers, adamPowers, restoreAdamPowers} from './adam_powers';
import type {RandomState} from './global_random';

/** What a run needs, besides the model, to continue exactly where it stopped. */
export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Global optimizer steps completed. */
  step: number;
  randomState: RandomState;
  history: EpochRecord[];
  /** The training arguments, so `--resume` can check it continues the same run. */
  config: Record<string, unknown>;
}

export interface EpochRecord {
  epoch: number;
  train: {loss: number; nll: number; kl: number; accuracy: number};
  validation: {nll: number; accuracy: number};
  seconds: number;
}

/** Optimizer state that `getWeights` does not return. */
export interface OptimizerExtras {
  adamPowers?: AdamPowers;
}

export interface LoadedCheckpoint {
  dir: string;
  model: tf.LayersModel;
  optimizerWeights: {name: string; tensor: tf.Tensor}[];
  optimizerExtras: OptimizerExtras;
  state: TrainingState;
}

const LATEST = 'latest.json';

function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    if (typeof data === 'string') {
      fs.writeSync(fd, data);
    } else {
      fs.writeSync(fd, data);
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/**
 * Checkpoints of a run under `<out>/checkpoints`: each is a directory `epoch-NNNN` with the model
 * (model.json, weights.bin), the optimizer's state (optimizer.bin + optimizer.json, and
 * optimizer_extras.json for what getWeights omits) and state.json. A checkpoint is assembled in a temporary directory and renamed into place, and only
 * then does `latest.json` (itself replaced by rename) point at it: a crash at any moment leaves the
 * last good checkpoint intact and pointed to.
 */
export class CheckpointStore {
  readonly dir: string;

  constructor(outDir: string, private readonly keep = 2) {
    this.dir = path.join(outDir, 'checkpoints');
  }

  async save(model: tf.LayersModel, optimizer: tf.Optimizer, state: TrainingState): Promise<string> {
    fs.mkdirSync(this.dir, {recursive: true});
    const name = `epoch-${String(state.epoch).padStart(4, '0')}`;
    const tmp = path.join(this.dir, `.tmp-${name}-${process.pid}`);
    fs.rmSync(tmp, {recursive: true, force: true});
    fs.mkdirSync(tmp);
    await model.save(`file://${tmp}`);
    const optimizerWeights = await optimizer.getWeights();
    const {data, specs} = await tf.io.encodeWeights(optimizerWeights);
    // getWeights returns the optimizer's variables plus a new tensor holding the step count.
    tf.dispose(optimizerWeights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
    writeFileAtomic(path.join(tmp, 'optimizer.bin'), new Uint8Array(data));
    writeFileAtomic(path.join(tmp, 'optimizer.json'), JSON.stringify(specs));
    // What getWeights leaves out but an exact resume needs (Adam's beta powers).
    const extra: OptimizerExtras = optimizer instanceof tf.AdamOptimizer ? {adamPowers: adamPowers(optimizer)} : {};
    writeFileAtomic(path.join(tmp, 'optimizer_extras.json'), JSON.stringify(extra));
    writeFileAtomic(path.join(tmp, 'state.json'), JSON.stringify(state, null, 1));
    const target = path.join(this.dir, name);
    fs.rmSync(target, {recursive: true, force: true});
    fs.renameSync(tmp, target);
    writeFileAtomic(path.join(this.dir, LATEST), JSON.stringify({checkpoint: name}));
    this.prune(name);
    return target;
  }

  /** Removes older checkpoints, keeping the newest `keep`, and leftovers of interrupted saves. */
  private prune(latest: string): void {
    const entries = fs.readdirSync(this.dir);
    const checkpoints = entries.filter((e) => /^epoch-\d{4}$/.test(e)).sort();
    for (const old of checkpoints.slice(0, Math.max(0, checkpoints.length - this.keep))) {
      if (old !== latest) fs.rmSync(path.join(this.dir, old), {recursive: true, force: true});
    }
    for (const leftover of entries.filter((e) => e.startsWith('.tmp-'))) {
      fs.rmSync(path.join(this.dir, leftover), {recursive: true, force: true});
    }
  }

  /** The newest complete checkpoint's directory, or undefined when there is none. */
  latest(): string | undefined {
    const pointer = path.join(this.dir, LATEST);
    if (!fs.existsSync(pointer)) return undefined;
    let name: string;
    try {
      name = (JSON.parse(fs.readFileSync(pointer, 'utf8')) as {checkpoint: string}).checkpoint;
    } catch (error) {
      throw new Error(`Checkpoint pointer ${pointer} is corrupt: ${(error as Error).message}`);
    }
    const dir = path.join(this.dir, name);
    if (!fs.existsSync(path.join(dir, 'state.json'))) {
      throw new Error(`Checkpoint ${dir} named by ${pointer} is missing or incomplete`);
    }
    return dir;
  }

  /**
   * Puts a loaded checkpoint's optimizer state into `optimizer` (its variables in the order of the
   * model's trainable weights, and for Adam its beta powers, which tfjs's setWeights recomputes
   * inexactly) and frees the loaded tensors.
   */
  static async restoreOptimizer(optimizer: tf.Optimizer, loaded: LoadedCheckpoint): Promise<void> {
    await optimizer.setWeights(loaded.optimizerWeights);
    tf.dispose(loaded.optimizerWeights.map((w) => w.tensor));
    if (optimizer instanceof tf.AdamOptimizer) {
      if (loaded.optimizerExtras.adamPowers === undefined) {
        throw new Error(`Checkpoint ${loaded.dir} holds no Adam state (optimizer_extras.json); it was written for another optimizer`);
      }
      restoreAdamPowers(optimizer, loaded.optimizerExtras.adamPowers);
    }
  }

  /** Loads a checkpoint: the model, the optimizer's state and the training state. */
  static async load(dir: string): Promise<LoadedCheckpoint> {
    const model = await tf.loadLayersModel(`file://${path.join(dir, 'model.json')}`);
    const specs = JSON.parse(fs.readFileSync(path.join(dir, 'optimizer.json'), 'utf8')) as tf.io.WeightsManifestEntry[];
    const bytes = fs.readFileSync(path.join(dir, 'optimizer.bin'));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const decoded = tf.io.decodeWeights(buffer, specs);
    const optimizerWeights = specs.map((s) => ({name: s.name, tensor: decoded[s.name]}));
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')) as TrainingState;
    const extrasFile = path.join(dir, 'optimizer_extras.json');
    const optimizerExtras = fs.existsSync(extrasFile) ? (JSON.parse(fs.readFileSync(extrasFile, 'utf8')) as OptimizerExtras) : {};
    return {dir, model, optimizerWeights, optimizerExtras, state};
  }
}
