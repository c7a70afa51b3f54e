export { ActionRecordStore } from './ActionRecordStore';
export type { ActionRecordStoreOptions } from './ActionRecordStore';
export {
  ALLOWED_TRANSITIONS,
  OPEN_STATUSES,
  isOpenStatus,
  isSameAction,
  openKeyFor,
} from './actionStates';
export {
  ACTION_RECORD_MIGRATIONS_DIR,
  migrateActionRecords,
} from './migrateActionRecords';
export { ACTION_STATUSES, ACTION_TYPES } from './types';
export type {
  ActionRecord,
  ActionRecordPage,
  ActionRecordTransitionFields,
  ActionRecordWarning,
  ActionStatus,
  ActionType,
  CreateActionRecordInput,
  ListActionRecordsOptions,
} from './types';
