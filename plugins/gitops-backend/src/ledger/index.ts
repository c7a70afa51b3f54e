/**
 * The deployment ledger: every observed change of a deployment's deployed
 * revision or drift state, kept in the plugin's database (issue 14).
 */
export { DeploymentLedger } from './DeploymentLedger';
export type { DeploymentLedgerOptions } from './DeploymentLedger';
export { LedgerStore } from './LedgerStore';
export { isLedgerWorthy, ledgerEventsFor } from './ledgerEventsFor';
export { ledgerEventKey } from './ledgerEventKey';
export {
  DEFAULT_LEDGER_RETENTION_DAYS,
  scheduleLedgerRetention,
} from './ledgerRetention';
export type { LedgerEventInput, ListLedgerOptions } from './types';
