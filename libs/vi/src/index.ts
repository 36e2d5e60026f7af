/**
 * @tfjs-probability/vi (`tfp.vi`, `tfp.monteCarlo`): variational inference.
 */
export {};
