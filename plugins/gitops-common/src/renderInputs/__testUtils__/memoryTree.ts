import type { RepoTreeReader } from '../types';

/**
 * A repository tree held in memory, for the resolver's pure tests: keys are
 * repository-relative file paths, values their text. Folders are implied by
 * the files under them. Every read is recorded.
 */
export function memoryTree(files: Record<string, string>): RepoTreeReader & {
  reads: string[];
} {
  const reads: string[] = [];
  return {
    reads,
    async readFile(path) {
      reads.push(path);
      return Object.prototype.hasOwnProperty.call(files, path)
        ? files[path]
        : undefined;
    },
    async stat(path) {
      if (Object.prototype.hasOwnProperty.call(files, path)) return 'file';
      const prefix = path === '' ? '' : `${path}/`;
      return Object.keys(files).some(file => file.startsWith(prefix))
        ? 'dir'
        : undefined;
    },
  };
}

/** A kustomization file's text from its lines. */
export function yaml(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
