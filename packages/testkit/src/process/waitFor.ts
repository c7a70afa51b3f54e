/**
 * Polls `probe` until it returns true, failing early when `failure` returns
 * an error (for example because the process being waited for has exited).
 */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  options: {
    timeoutMs: number;
    intervalMs?: number;
    failure?: () => Error | undefined;
  },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'not ready';
  for (;;) {
    const failed = options.failure?.();
    if (failed) throw failed;
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${what} (${lastError})`,
      );
    }
    await new Promise(r => setTimeout(r, options.intervalMs ?? 200));
  }
}
