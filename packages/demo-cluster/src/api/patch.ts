/*
 * The two patch formats a custom resource accepts: JSON merge patch
 * (RFC 7386) and JSON patch (RFC 6902). Strategic merge patch needs Go
 * struct tags that custom resources do not have, so the API server rejects
 * it for them, and so does this server.
 */

import { deepEqual } from '../util/json';

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (value: Json): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7386: objects merge recursively, null deletes, anything else replaces. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

/** A JSON patch that cannot be applied; the server answers 422. */
export class JsonPatchError extends Error {}

interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer
    .slice(1)
    .split('/')
    .map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(array: Json[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token))
    throw new JsonPatchError(`invalid array index ${JSON.stringify(token)}`);
  const index = Number(token);
  if (index > array.length || (!forInsert && index === array.length)) {
    throw new JsonPatchError(`array index ${index} out of bounds`);
  }
  return index;
}

/** The container that holds the pointer's last token, and that token. */
function resolveParent(
  doc: Json,
  tokens: string[],
  path: string,
): { parent: Json; key: string } {
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current))
      current = current[arrayIndex(current, token, false)];
    else if (isObject(current) && token in current) current = current[token];
    else throw new JsonPatchError(`doc is missing path: ${path}`);
  }
  return { parent: current, key: tokens[tokens.length - 1] };
}

function getAt(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return doc;
  const { parent, key } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) return parent[arrayIndex(parent, key, false)];
  if (isObject(parent) && key in parent) return parent[key];
  throw new JsonPatchError(`doc is missing path: ${path}`);
}

function removeAt(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0)
    throw new JsonPatchError('cannot remove the whole document');
  const { parent, key } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent))
    return parent.splice(arrayIndex(parent, key, false), 1)[0];
  if (isObject(parent) && key in parent) {
    const removed = parent[key];
    delete parent[key];
    return removed;
  }
  throw new JsonPatchError(
    `unable to remove nonexistent key: ${key}: missing value`,
  );
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens, path);
  if (Array.isArray(parent)) {
    const index = arrayIndex(parent, key, !replace);
    parent.splice(index, replace ? 1 : 0, value);
  } else if (isObject(parent)) {
    if (replace && !(key in parent)) {
      throw new JsonPatchError(
        `replace operation does not apply: doc is missing key: ${path}: missing value`,
      );
    }
    parent[key] = value;
  } else {
    throw new JsonPatchError(`doc is missing path: ${path}`);
  }
  return doc;
}

export function applyJsonPatch(document: Json, operations: Json): Json {
  if (!Array.isArray(operations))
    throw new JsonPatchError('a JSON patch must be an array of operations');
  let doc = structuredClone(document);
  for (const raw of operations as Operation[]) {
    if (!isObject(raw) || typeof raw.path !== 'string') {
      throw new JsonPatchError(`invalid operation ${JSON.stringify(raw)}`);
    }
    switch (raw.op) {
      case 'add':
        doc = addAt(doc, raw.path, structuredClone(raw.value), false);
        break;
      case 'replace':
        doc = addAt(doc, raw.path, structuredClone(raw.value), true);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'move': {
        const value = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, raw.path, value, false);
        break;
      }
      case 'copy':
        doc = addAt(
          doc,
          raw.path,
          structuredClone(getAt(doc, raw.from ?? '')),
          false,
        );
        break;
      case 'test':
        if (!deepEqual(getAt(doc, raw.path), raw.value)) {
          throw new JsonPatchError(
            `testing value ${raw.path} failed: test failed`,
          );
        }
        break;
      default:
        throw new JsonPatchError(
          `unexpected kind of operation: ${JSON.stringify(
            (raw as Operation).op,
          )}`,
        );
    }
  }
  return doc;
}
