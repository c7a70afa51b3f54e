import { describeConformance } from './__testUtils__/conformanceSuite';
import { startKubeApiserverTarget } from './__testUtils__/kubeApiserverTarget';

// A real kube-apiserver + etcd needs longer to start on a shared machine.
jest.setTimeout(120_000);

describeConformance('kube-apiserver (testkit)', startKubeApiserverTarget);
