import path from 'node:path';

// This package runs from source (yarn bench), never from a bundle, so its
// own folder is where this file is.
// eslint-disable-next-line no-restricted-syntax
export const PACKAGE_ROOT = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(PACKAGE_ROOT, '..', '..');
export const BACKEND_ENTRY = path.join(
  PACKAGE_ROOT,
  'src',
  'backend',
  'index.ts',
);
