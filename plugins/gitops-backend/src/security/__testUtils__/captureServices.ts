import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import { signalsServiceRef } from '@backstage/plugin-signals-node';

type Meta = Parameters<LoggerService['child']>[0];

function describeMeta(meta: unknown): string {
  if (meta instanceof Error) {
    const cause = (meta as { cause?: unknown }).cause;
    return `${meta.name}: ${meta.message}\n${meta.stack ?? ''}${
      cause ? `\ncause: ${describeMeta(cause)}` : ''
    }`;
  }
  return meta === undefined ? '' : JSON.stringify(meta);
}

function capturingLogger(lines: string[], context: Meta): LoggerService {
  const log = (level: string) => (message: string, meta?: Error | Meta) => {
    lines.push(
      `${level} ${JSON.stringify(context)} ${message} ${describeMeta(meta)}`,
    );
  };
  return {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: meta => capturingLogger(lines, { ...context, ...meta }),
  };
}

/**
 * A root logger that records every line any plugin or service logs, with
 * its metadata and error stacks, so a test can search all of them.
 */
export function captureLogs() {
  const lines: string[] = [];
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => capturingLogger(lines, {}),
    }),
  };
}

/** A signals service that records every published signal as JSON. */
export function captureSignals() {
  const published: string[] = [];
  return {
    published,
    factory: createServiceFactory({
      service: signalsServiceRef,
      deps: {},
      factory: () => ({
        publish: async (signal: unknown) => {
          published.push(JSON.stringify(signal));
        },
      }),
    }),
  };
}
