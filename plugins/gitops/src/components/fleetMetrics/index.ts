export { FleetMetricsView } from './FleetMetricsView';
