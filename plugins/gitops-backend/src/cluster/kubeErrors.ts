/** An API or connection error, reduced to what users and policies need. */
export interface KubeError {
  /** HTTP status, when the server answered. */
  code?: number;
  message: string;
}

const STATUS_LABELS: Record<number, string> = {
  401: 'unauthorized (check the token)',
  403: 'forbidden',
  404: 'not found',
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
  let code: number | undefined;
  if (typeof e?.code === 'number') code = e.code;
  else if (typeof e?.statusCode === 'number') code = e.statusCode;
  if (code !== undefined) {
    const detail = statusMessage(e.body) ?? e.message ?? '';
    const label = STATUS_LABELS[code] ?? `HTTP ${code}`;
    return {
      code,
      message: `${code} ${label}${
        detail ? `: ${detail.split('\n')[0].slice(0, 300)}` : ''
      }`,
    };
  }
  const cause = e?.cause ?? e;
  const sysCode = typeof cause?.code === 'string' ? cause.code : undefined;
  const message = String(cause?.message ?? e?.message ?? error);
  return {
    message:
      sysCode && !message.includes(sysCode)
        ? `${sysCode}: ${message}`
        : message,
  };
}
