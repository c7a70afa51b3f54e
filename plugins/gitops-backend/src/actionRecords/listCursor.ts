import { InputError } from '@backstage/errors';

/** Where a page ended: the last record's creation time and id. */
export interface ListPosition {
  createdAt: string;
  id: string;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(
    JSON.stringify({ c: position.createdAt, i: position.id }),
  ).toString('base64url');
}

/** Reads a cursor from a request; anything else is a clear 400. */
export function decodeCursor(cursor: string): ListPosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const { c, i } = (value ?? {}) as { c?: unknown; i?: unknown };
  if (typeof c !== 'string' || !ISO_TIME.test(c) || typeof i !== 'string') {
    throw new InputError(
      'cursor is not one this server gave out; pass the nextCursor of the previous page',
    );
  }
  return { createdAt: c, id: i };
}
