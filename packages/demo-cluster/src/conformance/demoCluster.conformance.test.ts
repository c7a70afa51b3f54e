import { describeConformance } from './conformanceSuite';
import { startDemoClusterTarget } from './demoClusterTarget';

jest.setTimeout(30_000);

describeConformance('demo cluster', startDemoClusterTarget);
