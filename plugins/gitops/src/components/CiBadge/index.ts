export { CiBadge, ciLabel } from './CiBadge';
export { CiFailedNote } from './CiFailedNote';
