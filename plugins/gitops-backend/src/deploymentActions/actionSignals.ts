import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { ActionChangedSignal } from '@gitops-console/plugin-gitops-common';
import type { ActionRecord } from '../actionRecords';

export type RecordChangedListener = (record: ActionRecord) => void;

/**
 * Tells open pages that an action record changed status, on the entity's
 * own opaque channel (the one its deployments answer names). The message
 * names the record and its status only; pages read the record with their
 * own credentials. Listeners (tests, the progress tracker) hear every
 * change made through it.
 */
export class ActionSignals {
  private readonly listeners = new Set<RecordChangedListener>();

  constructor(
    private readonly options: {
      signals?: SignalsService;
      channelFor: (entityRef: string) => string;
      logger: LoggerService;
    },
  ) {}

  /** Publishes one change; never throws (signals are a hint, pages also poll). */
  recordChanged(record: Pick<ActionRecord, 'id' | 'status' | 'entityRef'>) {
    const message: ActionChangedSignal = {
      type: 'action-changed',
      actionId: record.id,
      status: record.status,
    };
    this.options.signals
      ?.publish({
        recipients: { type: 'broadcast' },
        channel: this.options.channelFor(record.entityRef),
        message: message as any,
      })
      .catch(error =>
        this.options.logger.debug(`GitOps: action signal not sent: ${error}`),
      );
    for (const listener of this.listeners) {
      try {
        listener(record as ActionRecord);
      } catch (error) {
        this.options.logger.warn(
          `GitOps: an action-change listener failed: ${error}`,
        );
      }
    }
  }

  onRecordChanged(listener: RecordChangedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
