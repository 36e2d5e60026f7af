/** Validation of step sizes and proposal scales (numbers, tensors, or one per state part). */
import * as tf from '@tensorflow/tfjs';

/** A positive step size: a number, a tensor (broadcast against the chains), or one per state part. */
export type StepSize = number | tf.Tensor | Array<number | tf.Tensor>;

function checkPositive(kernelName: string, parameter: string, value: number | tf.Tensor, where: string): void {
  if (typeof value === 'number') {
    if (!(Number.isFinite(value) && value > 0)) {
      throw new Error(`${kernelName}: ${parameter}${where} must be a finite positive number; received ${value}`);
    }
    return;
  }
  if (!(value instanceof tf.Tensor)) {
    throw new Error(`${kernelName}: ${parameter}${where} must be a number or a tf.Tensor; received ${typeof value}`);
  }
  const v = value.dataSync();
  for (let k = 0; k < v.length; k++) {
    if (!(Number.isFinite(v[k]) && v[k] > 0)) {
      throw new Error(
        `${kernelName}: ${parameter}${where} must be finite and positive; received ${Number(v[k].toPrecision(7))} at flat index ${k}`,
      );
    }
  }
}

/** Checks a step size / scale and returns one value per state part (a single value is shared). */
export function validateStepSize(
  kernelName: string,
  parameter: string,
  value: StepSize,
): Array<number | tf.Tensor> {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) throw new Error(`${kernelName}: ${parameter} is an empty array`);
  list.forEach((v, i) => checkPositive(kernelName, parameter, v, Array.isArray(value) ? `[${i}]` : ''));
  return list;
}

/** Fresh float32 tensors, one per state part, for the kernel results. */
export function stepSizeTensors(
  kernelName: string,
  parameter: string,
  values: Array<number | tf.Tensor>,
  numParts: number,
): tf.Tensor[] {
  if (values.length !== 1 && values.length !== numParts) {
    throw new Error(
      `${kernelName}: ${parameter} has ${values.length} entries but the state has ${numParts} parts; ` +
        `expected one value, or one per state part`,
    );
  }
  const out: tf.Tensor[] = [];
  for (let i = 0; i < numParts; i++) {
    const v = values.length === 1 ? values[0] : values[i];
    out.push(typeof v === 'number' ? tf.scalar(v) : tf.cast(v, 'float32'));
  }
  return out;
}
