export { shrinkPhoto } from './shrink-photo';
