import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';

/** One auditor event as a test sees it, with how it was finished. */
export interface CapturedAuditEvent {
  eventId: string;
  severityLevel?: string;
  meta?: JsonObject;
  /** Every finish call, in order: a correct event has exactly one. */
  finishes: Array<
    | { outcome: 'success'; meta?: JsonObject }
    | { outcome: 'fail'; meta?: JsonObject; error: string }
  >;
}

/** An auditor that records every event and every finish of it. */
export function captureAuditor() {
  const events: CapturedAuditEvent[] = [];
  return {
    events,
    factory: createServiceFactory({
      service: coreServices.auditor,
      deps: {},
      factory: () => ({
        createEvent: async options => {
          const event: CapturedAuditEvent = {
            eventId: options.eventId,
            severityLevel: options.severityLevel,
            meta: options.meta,
            finishes: [],
          };
          events.push(event);
          return {
            success: async finish => {
              event.finishes.push({ outcome: 'success', meta: finish?.meta });
            },
            fail: async finish => {
              event.finishes.push({
                outcome: 'fail',
                meta: finish.meta,
                error: `${finish.error.name}: ${finish.error.message}`,
              });
            },
          };
        },
      }),
    }),
  };
}
