export { StatusLabel, type StatusTone } from './StatusLabel';
export { DriftStateLabel } from './DriftStateLabel';
export { HealthLabel } from './HealthLabel';
export { SyncStatusLabel } from './SyncStatusLabel';
export {
  ATTENTION_STATES,
  DRIFT_STATE_PRESENTATION,
  HEALTH_PRESENTATION,
  SYNC_STATUS_PRESENTATION,
} from './presentation';
