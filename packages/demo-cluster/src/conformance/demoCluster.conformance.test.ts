import { describeConformance } from './__testUtils__/conformanceSuite';
import { startDemoClusterTarget } from './__testUtils__/demoClusterTarget';

jest.setTimeout(30_000);

describeConformance('demo cluster', startDemoClusterTarget);
