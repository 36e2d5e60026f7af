/** `tfp.monteCarlo`: Monte Carlo expectations with reparameterised or score-function gradients. */
export {expectation} from './expectation';
export type {ExpectationOptions} from './expectation';
