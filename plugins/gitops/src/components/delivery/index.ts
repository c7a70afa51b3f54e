export { EntityDeliverySection } from './EntityDeliverySection';
