import type { ExternalRenderInput, RenderInputs } from '../model/deployment';
import { addUncovered } from './repoPaths';

/**
 * Gathers render inputs in the order they are found: deduplicated, with
 * entries already covered by a listed parent folder left out. The first
 * entry, the deployment's own path, always stays first.
 */
export class InputCollector {
  private readonly paths: string[];
  private readonly external: ExternalRenderInput[] = [];
  private readonly externalKeys = new Set<string>();

  constructor(path: string) {
    this.paths = [path];
  }

  addPath(path: string): void {
    // The deployment's own path stays first even when a base covers it.
    addUncovered(this.paths, path, 1);
  }

  addExternal(input: ExternalRenderInput): void {
    const key = JSON.stringify([input.reference, input.from, input.reason]);
    if (this.externalKeys.has(key)) return;
    this.externalKeys.add(key);
    this.external.push(input);
  }

  result(): RenderInputs {
    return { paths: [...this.paths], external: [...this.external] };
  }
}
