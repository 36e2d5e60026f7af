import * as tf from '@tensorflow/tfjs';

/** The URL scheme handled here, as tfjs-node spells it: `model.save('file://dir')`. */
export const FILE_SCHEME = 'file://';
export const MODEL_JSON_NAME = 'model.json';
export const WEIGHTS_BIN_NAME = 'weights.bin';

type NodeFs = typeof import('node:fs');
type NodePath = typeof import('node:path');

/**
 * Node's `fs` and `path`, required lazily so that importing the backend package in a browser
 * bundle does not pull them in. Properties are read at call time (`nodeFs().promises.open`).
 */
function nodeFs(): NodeFs {
  return require('node:fs') as NodeFs;
}

function nodePath(): NodePath {
  return require('node:path') as NodePath;
}

function isNode(): boolean {
  return typeof process !== 'undefined' && process.versions?.node !== undefined;
}

/** Bytes per element of a stored weight, after quantization when the manifest says so. */
function storedBytesPerElement(entry: tf.io.WeightsManifestEntry): number | undefined {
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  switch (dtype) {
    case 'float32':
    case 'int32':
      return 4;
    case 'complex64':
      return 8;
    case 'bool':
    case 'uint8':
      return 1;
    case 'uint16':
    case 'float16':
      return 2;
    default:
      return undefined; // strings have a per-element length prefix: no fixed size
  }
}

/** The byte count a weights group must have, or undefined when it holds strings. */
function expectedGroupBytes(weights: tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const entry of weights) {
    const bytes = storedBytesPerElement(entry);
    if (bytes === undefined) {
      return undefined;
    }
    total += entry.shape.reduce((a, b) => a * b, 1) * bytes;
  }
  return total;
}

let temporaryCounter = 0;

/**
 * Writes `data` to a fresh temporary file beside `finalPath` and returns the temporary's path.
 * The name comes from the process id and a counter, not Math.random: saving a model must not
 * advance the caller's random stream (a seeded run resumed from a checkpoint depends on it).
 */
async function writeTemporary(finalPath: string, data: Uint8Array | string): Promise<string> {
  const path = nodePath();
  temporaryCounter += 1;
  const suffix = `${process.pid}-${Date.now().toString(36)}-${temporaryCounter}`;
  const temporary = path.join(path.dirname(finalPath), `.${path.basename(finalPath)}.${suffix}.tmp`);
  const handle = await nodeFs().promises.open(temporary, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await removeQuietly([temporary]);
    throw error;
  }
  await handle.close();
  return temporary;
}

async function removeQuietly(paths: string[]): Promise<void> {
  await Promise.all(paths.map((p) => nodeFs().promises.rm(p, {force: true}).catch(() => undefined)));
}

/** Flushes a directory's entries (the renames) to disk where the platform allows it. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: import('node:fs').promises.FileHandle | undefined;
  try {
    handle = await nodeFs().promises.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the renames still happened.
  } finally {
    await handle?.close();
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException)?.code;
}

/** An IOHandler that saves to and loads from the local file system, in tfjs-node's layout. */
export class FileSystemIO implements tf.io.IOHandler {
  /** The directory given to `save`, or the `model.json` file (or its directory) given to `load`. */
  readonly path: string;

  constructor(path: string) {
    if (typeof path !== 'string' || path.length === 0) {
      throw new Error(`fileSystemIO: path must be a non-empty string, got ${JSON.stringify(path)}`);
    }
    if (!isNode()) {
      throw new Error('fileSystemIO: file:// model IO needs Node (node:fs); in a browser use tf.io.browserFiles');
    }
    this.path = path.startsWith(FILE_SCHEME) ? path.slice(FILE_SCHEME.length) : path;
  }

  /**
   * Writes `model.json` and `weights.bin` into the directory `this.path` (created if needed).
   * Both are written to temporary files in that directory, flushed, then renamed over the old
   * ones, so a failure part-way leaves any previously saved model as it was.
   */
  async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
    const fs = nodeFs();
    const path = nodePath();
    const dir = this.path;
    if (artifacts.modelTopology instanceof ArrayBuffer) {
      throw new Error(
        `fileSystemIO: cannot save to ${dir}: the model topology is a binary GraphDef; ` +
          'only JSON topologies (tf.LayersModel) are supported',
      );
    }
    const existing = await fs.promises.stat(dir).catch((error) => {
      if (errorCode(error) === 'ENOENT') {
        return undefined;
      }
      throw error;
    });
    if (existing !== undefined && !existing.isDirectory()) {
      throw new Error(`fileSystemIO: cannot save to ${dir}: it exists and is not a directory`);
    }
    await fs.promises.mkdir(dir, {recursive: true});

    const weightData =
      artifacts.weightData === undefined
        ? new Uint8Array(0)
        : new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
    const weightsManifest: tf.io.WeightsManifestConfig = [
      {paths: [`./${WEIGHTS_BIN_NAME}`], weights: artifacts.weightSpecs ?? []},
    ];
    const modelJSON: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology ?? {},
      weightsManifest,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      trainingConfig: artifacts.trainingConfig,
      signature: artifacts.signature,
      userDefinedMetadata: artifacts.userDefinedMetadata,
      modelInitializer: artifacts.modelInitializer,
      initializerSignature: artifacts.initializerSignature,
    };
    for (const key of Object.keys(modelJSON) as Array<keyof tf.io.ModelJSON>) {
      if (modelJSON[key] === undefined) {
        delete modelJSON[key];
      }
    }

    const weightsPath = path.join(dir, WEIGHTS_BIN_NAME);
    const modelPath = path.join(dir, MODEL_JSON_NAME);
    const temporaries: string[] = [];
    try {
      temporaries.push(await writeTemporary(weightsPath, weightData));
      temporaries.push(await writeTemporary(modelPath, JSON.stringify(modelJSON)));
      // model.json goes last: it is what a loader opens first.
      await fs.promises.rename(temporaries[0], weightsPath);
      await fs.promises.rename(temporaries[1], modelPath);
    } catch (error) {
      await removeQuietly(temporaries);
      throw new Error(
        `fileSystemIO: saving the model to ${dir} failed (${(error as Error).message}); ` +
          'any model previously saved there is unchanged',
      );
    }
    await syncDirectory(dir);
    return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts)};
  }

  /** Reads `model.json` (this.path, or this.path/model.json for a directory) and its weights. */
  async load(): Promise<tf.io.ModelArtifacts> {
    const fs = nodeFs();
    const path = nodePath();
    const stat = await fs.promises.stat(this.path).catch((error) => {
      if (errorCode(error) === 'ENOENT') {
        throw new Error(
          `fileSystemIO: cannot load a model from ${this.path}: no such file or directory ` +
            `(expected a ${MODEL_JSON_NAME} written by model.save('file://DIR'))`,
        );
      }
      throw error;
    });
    const modelPath = stat.isDirectory() ? path.join(this.path, MODEL_JSON_NAME) : this.path;
    let text: string;
    try {
      text = await fs.promises.readFile(modelPath, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') {
        throw new Error(`fileSystemIO: ${modelPath} does not exist (the directory holds no saved model)`);
      }
      throw error;
    }
    let modelJSON: tf.io.ModelJSON;
    try {
      modelJSON = JSON.parse(text) as tf.io.ModelJSON;
    } catch (error) {
      throw new Error(`fileSystemIO: ${modelPath} is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof modelJSON !== 'object' || modelJSON === null || modelJSON.modelTopology === undefined) {
      throw new Error(`fileSystemIO: ${modelPath} has no modelTopology; it is not a tfjs model.json`);
    }
    const baseDir = path.dirname(modelPath);
    return tf.io.getModelArtifactsForJSON(modelJSON, (manifest) => readWeights(manifest, baseDir, modelPath));
  }
}

/** Reads the weight files a manifest names, checking each group's size against its specs. */
async function readWeights(
  manifest: tf.io.WeightsManifestConfig,
  baseDir: string,
  modelPath: string,
): Promise<[tf.io.WeightsManifestEntry[], ArrayBuffer]> {
  if (!Array.isArray(manifest)) {
    throw new Error(`fileSystemIO: ${modelPath} has no weightsManifest array`);
  }
  const fs = nodeFs();
  const path = nodePath();
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const [index, group] of manifest.entries()) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group?.weights)) {
      throw new Error(`fileSystemIO: weightsManifest[${index}] in ${modelPath} lacks a paths or weights array`);
    }
    let groupBytes = 0;
    const files: string[] = [];
    for (const relative of group.paths) {
      const file = path.resolve(baseDir, relative);
      files.push(file);
      let data: Buffer;
      try {
        data = await fs.promises.readFile(file);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          throw new Error(`fileSystemIO: weights file ${file} named in ${modelPath} does not exist`);
        }
        throw error;
      }
      buffers.push(data);
      groupBytes += data.byteLength;
    }
    const expected = expectedGroupBytes(group.weights);
    if (expected !== undefined && expected !== groupBytes) {
      throw new Error(
        `fileSystemIO: ${files.join(' + ')} holds ${groupBytes} bytes, but the weightsManifest in ` +
          `${modelPath} describes ${expected} bytes (${group.weights.length} weights); ` +
          'the weights and model.json do not belong together or the file is truncated',
      );
    }
    specs.push(...group.weights);
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    joined.set(b, offset);
    offset += b.byteLength;
  }
  return [specs, joined.buffer];
}

/** An IOHandler for a local directory (save) or model.json (load); a `file://` prefix is allowed. */
export function fileSystemIO(path: string): tf.io.IOHandler {
  return new FileSystemIO(path);
}

type IORouter = Parameters<typeof tf.io.registerSaveRouter>[0];

/** Claims `file://` URLs; like tfjs's own routers it answers null for any other URL. */
const fileRouter = ((url: string | string[]): tf.io.IOHandler | null =>
  typeof url === 'string' && url.startsWith(FILE_SCHEME) ? new FileSystemIO(url) : null) as IORouter;

let registeredHere = false;

/**
 * Registers `fileSystemIO` for `file://` URLs with `tf.io.registerSaveRouter` and
 * `registerLoadRouter`, unless a handler for `file://` already exists (tfjs-node brings its own)
 * or this is not Node. Idempotent; returns true when this call or an earlier one registered
 * at least one of the two routers.
 */
export function registerFileIO(): boolean {
  if (registeredHere) {
    return true;
  }
  if (!isNode()) {
    return false;
  }
  const probe = `${FILE_SCHEME}${nodePath().resolve('tfp-file-io-probe')}`;
  const haveSave = tf.io.getSaveHandlers(probe).length > 0;
  const haveLoad = tf.io.getLoadHandlers(probe).length > 0;
  if (!haveSave) {
    tf.io.registerSaveRouter(fileRouter);
  }
  if (!haveLoad) {
    tf.io.registerLoadRouter(fileRouter);
  }
  registeredHere = !haveSave || !haveLoad;
  return registeredHere;
}
