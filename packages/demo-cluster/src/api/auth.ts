import { apiErrors } from './apiError';

/** Someone the server knows by a bearer token. */
export interface ApiUser {
  name: string;
  token: string;
  /** Without it, writes are forbidden (403), as under a read-only RBAC role. */
  canWrite: boolean;
}

export const DEFAULT_USERS: ApiUser[] = [
  { name: 'demo-admin', token: 'demo-token', canWrite: true },
  { name: 'demo-viewer', token: 'demo-viewer-token', canWrite: false },
];

/** Bearer-token authentication: no token or an unknown one is a 401. */
export function authenticate(
  users: ApiUser[],
  authorization: string | undefined,
): ApiUser {
  const token = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  const user = token
    ? users.find(candidate => candidate.token === token)
    : undefined;
  if (!user) throw apiErrors.unauthorized();
  return user;
}
