/** One epoch of a VAE run: negative ELBO per example (nats) and its parts. */
export interface EpochRecord {
  epoch: number;
  /** Averages over the epoch's steps, each a one-sample estimate at the weights of that step. */
  train: {negativeElbo: number; reconstruction: number; kl: number};
  /** One-sample estimate on the held-out validation images at the end of the epoch. */
  validation: {negativeElbo: number; reconstruction: number; kl: number};
  seconds: number;
}
