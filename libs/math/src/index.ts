export * from './special';
export * from './linalg';
