export {referenceCnn} from './model';
export type {ReferenceCnnOptions} from './model';
export {trainReferenceCnn} from './train';
export type {TrainOptions, TrainResult} from './train';
