export type { RepoTreeReader, ArgoSourceLike } from './types';
export {
  resolveRenderInputs,
  KUSTOMIZATION_FILE_NAMES,
} from './resolveRenderInputs';
export { argoHelmValueFileInputs } from './argoHelmValueFiles';
