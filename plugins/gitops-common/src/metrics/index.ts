export * from './deliveryMetrics';
