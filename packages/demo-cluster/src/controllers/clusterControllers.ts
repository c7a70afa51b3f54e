import { BranchMoved } from '../git/branchWatcher';
import { ApplicationController } from './argo/applicationController';
import { ControllerContext } from './controllerContext';
import { GitRepositoryController } from './flux/gitRepositoryController';
import { HelmChartController } from './flux/helmChartController';
import { HelmReleaseController } from './flux/helmReleaseController';
import { KustomizationController } from './flux/kustomizationController';

/** The simulated Argo CD and Flux controllers of one cluster. */
export class ClusterControllers {
  readonly applications: ApplicationController;
  readonly gitRepositories: GitRepositoryController;
  readonly kustomizations: KustomizationController;
  readonly helmCharts: HelmChartController;
  readonly helmReleases: HelmReleaseController;
  private stops: Array<() => void> = [];

  constructor(ctx: ControllerContext) {
    this.applications = new ApplicationController(ctx);
    this.gitRepositories = new GitRepositoryController(ctx);
    this.kustomizations = new KustomizationController(ctx);
    this.helmCharts = new HelmChartController(ctx);
    this.helmReleases = new HelmReleaseController(ctx);
  }

  start(): void {
    this.stops = [
      this.applications.start(),
      this.gitRepositories.start(),
      this.kustomizations.start(),
      this.helmCharts.start(),
      this.helmReleases.start(),
    ];
  }

  stop(): void {
    this.stops.forEach(stop => stop());
    this.stops = [];
  }

  onBranchMoved(moved: BranchMoved): void {
    this.applications.onBranchMoved(moved);
    this.gitRepositories.onBranchMoved(moved);
  }

  /** Resolves once no controller has work queued or running. */
  async idle(): Promise<void> {
    const all = [
      this.applications,
      this.gitRepositories,
      this.kustomizations,
      this.helmCharts,
      this.helmReleases,
    ];
    await Promise.all(all.map(c => c.idle()));
  }
}
