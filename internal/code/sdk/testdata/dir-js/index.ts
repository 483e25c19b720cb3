export { default as sender } from './lib/sender';
export { other } from './lib/other';
