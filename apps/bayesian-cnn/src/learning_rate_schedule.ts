import * as tf from '@tensorflow/tfjs';

/** How the learning rate moves over training: fixed, or cosine decay to zero. */
export const LEARNING_RATE_SCHEDULES = ['constant', 'cosine'] as const;
export type LearningRateSchedule = (typeof LEARNING_RATE_SCHEDULES)[number];

/**
 * The learning rate at `step` (0-based) of `totalSteps`: lr for 'constant', and for 'cosine'
 * (Loshchilov & Hutter's SGDR without restarts, tf.keras's CosineDecay)
 *   lr_t = lr * (1 + cos(pi * t / T)) / 2.
 */
export function scheduledLearningRate(schedule: LearningRateSchedule, learningRate: number, step: number, totalSteps: number): number {
  switch (schedule) {
    case 'constant':
      return learningRate;
    case 'cosine':
      return (learningRate * (1 + Math.cos((Math.PI * Math.min(step, totalSteps)) / totalSteps))) / 2;
    default:
      throw new Error(`Unknown learning-rate schedule '${String(schedule)}'; valid: ${LEARNING_RATE_SCHEDULES.join(', ')}`);
  }
}

/**
 * Sets the rate a tfjs Adam optimizer uses from its next step on (tfjs reads the field at every
 * `applyGradients`; its typings mark it protected).
 */
export function setLearningRate(optimizer: tf.AdamOptimizer, learningRate: number): void {
  (optimizer as unknown as {learningRate: number}).learningRate = learningRate;
}
