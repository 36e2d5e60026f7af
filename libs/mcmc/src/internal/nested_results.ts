/**
 * Reading and replacing a field of the innermost kernel results that has it, through the wrapper
 * fields `innerResults` (adaptation, TransformedTransitionKernel) and `acceptedResults`
 * (MetropolisHastings): TFP's `unnest.get_innermost` / `unnest.replace_innermost`, used by the
 * step-size adaptation kernels to find `stepSize` and `logAcceptRatio` however kernels are nested.
 */
import * as tf from '@tensorflow/tfjs';

type Record_ = {[key: string]: tf.TensorContainer};

const WRAPPER_FIELDS = ['innerResults', 'acceptedResults'];

function isRecord(x: unknown): x is Record_ {
  return x !== null && typeof x === 'object' && !(x instanceof tf.Tensor) && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

/** The chain of nested result objects, outermost first. */
function levels(results: tf.TensorContainer): Record_[] {
  const out: Record_[] = [];
  let level: unknown = results;
  while (isRecord(level)) {
    out.push(level);
    const field: string | undefined = WRAPPER_FIELDS.find((k) => isRecord((level as Record_)[k]));
    if (field === undefined) break;
    level = level[field];
  }
  return out;
}

/** The value of `key` at the innermost level that has it, or undefined. */
export function getInnermost(results: tf.TensorContainer, key: string): tf.TensorContainer | undefined {
  const found = levels(results).filter((l) => key in l);
  return found.length === 0 ? undefined : found[found.length - 1][key];
}

/** A copy of `results` (sharing untouched leaves) with `key` replaced at the innermost level that has it. */
export function replaceInnermost<T extends tf.TensorContainer>(results: T, key: string, value: tf.TensorContainer): T {
  const chain = levels(results);
  let depth = -1;
  chain.forEach((l, i) => {
    if (key in l) depth = i;
  });
  if (depth < 0) throw new Error(`replaceInnermost: no level of the kernel results has the field '${key}'`);
  let rebuilt: Record_ = {...chain[depth], [key]: value};
  for (let i = depth - 1; i >= 0; i--) {
    const field = WRAPPER_FIELDS.find((k) => chain[i][k] === chain[i + 1]) as string;
    rebuilt = {...chain[i], [field]: rebuilt};
  }
  return rebuilt as T;
}
