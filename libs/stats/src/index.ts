export * from './mc_predict';
export * from './classifier_uncertainty';
export * from './regressor_uncertainty';
