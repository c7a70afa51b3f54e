/** An API or connection error, reduced to what users and policies need. */
export interface KubeError {
  /** HTTP status, when the server answered. */
  code?: number;
  message: string;
  /** The server did not answer in time (a hung or overloaded API server). */
  timeout?: boolean;
}

const STATUS_LABELS: Record<number, string> = {
  401: 'unauthorized (check the token)',
  403: 'forbidden',
  404: 'not found',
};

/** Connection failures in words, by Node's error code. */
const CONNECTION_ERRORS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection lost',
  ERR_STREAM_PREMATURE_CLOSE: 'connection lost',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS: untrusted certificate (set caData)',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS: untrusted certificate (set caData)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS: untrusted certificate (set caData)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS: the certificate does not name this host',
  CERT_HAS_EXPIRED: 'TLS: the certificate has expired',
};

function statusMessage(body: unknown): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof parsed?.message === 'string' ? parsed.message : undefined;
  } catch {
    return typeof body === 'string' ? body.slice(0, 200) : undefined;
  }
}

/**
 * Describes errors from @kubernetes/client-node (ApiException, watch errors
 * with `statusCode`, fetch and TLS failures) in one line naming the cause.
 * Never includes request headers, so tokens cannot leak into logs.
 */
export function describeKubeError(error: unknown): KubeError {
  const e = error as any;
  if (e?.name === 'KubeTimeoutError' || e?.timeout === true) {
    return { message: String(e.message), timeout: true };
  }
  let code: number | undefined;
  if (typeof e?.code === 'number') code = e.code;
  else if (typeof e?.statusCode === 'number') code = e.statusCode;
  if (code !== undefined) {
    const detail = statusMessage(e.body) ?? e.message ?? '';
    const label = STATUS_LABELS[code]
      ? `${code} ${STATUS_LABELS[code]}`
      : `HTTP ${code}`;
    return {
      code,
      message: `${label}${
        detail ? `: ${detail.split('\n')[0].slice(0, 300)}` : ''
      }`,
    };
  }
  const cause = e?.cause ?? e;
  const sysCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = String(cause?.message ?? e?.message ?? error);
  const meaning = sysCode ? CONNECTION_ERRORS[sysCode] : undefined;
  if (meaning) return { message: `${meaning} (${sysCode}: ${message})` };
  return {
    message:
      sysCode && !message.includes(sysCode)
        ? `${sysCode}: ${message}`
        : message,
  };
}
