import { parse } from 'yaml';

/** The entity ref of a catalog-info.yaml's first entity, e.g. `component:default/shop`. */
export function entityRefOf(content: string, file: string): string {
  const entity = parse(content) as {
    kind?: string;
    metadata?: { name?: string; namespace?: string };
  } | null;
  if (!entity?.kind || !entity.metadata?.name) {
    throw new Error(`${file} holds no entity with a kind and metadata.name`);
  }
  return `${entity.kind.toLowerCase()}:${
    entity.metadata.namespace ?? 'default'
  }/${entity.metadata.name}`;
}
