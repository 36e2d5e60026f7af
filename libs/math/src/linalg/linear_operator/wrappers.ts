/** Fills in LinearOperator.factories: the operators the base class builds for adjoint(), inverse(), cholesky() and operator products. */
import * as tf from '@tensorflow/tfjs';
import {LinearOperator, LinearOperatorHints} from './linear_operator';
import {LinearOperatorAdjoint} from './linear_operator_adjoint';
import {LinearOperatorComposition} from './linear_operator_composition';
import {LinearOperatorInversion} from './linear_operator_inversion';
import {LinearOperatorLowerTriangular} from './linear_operator_lower_triangular';

LinearOperator.factories = {
  adjoint: (operator) => new LinearOperatorAdjoint({operator}),
  inversion: (operator) => new LinearOperatorInversion({operator}),
  composition: (operators) => new LinearOperatorComposition({operators}),
  lowerTriangular: (tril: tf.Tensor, hints: LinearOperatorHints) => {
    const op = new LinearOperatorLowerTriangular({...hints, tril});
    op.ownTensors(tril);
    return op;
  },
};
