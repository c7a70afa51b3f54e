import path from 'node:path';
import { RECOMMENDED_HEAP_GROWING_PERCENT } from './infra/nodeFlags';
import { REPO_ROOT } from './paths';

export interface BenchArgs {
  scale: number;
  /** Seconds per load run (one route at one concurrency). */
  durationS: number;
  /** Upper bound for "every view built" after start. */
  coldTimeoutS: number;
  /** Status changes for cluster freshness. */
  changes: number;
  /** Pushes for Git freshness. */
  pushes: number;
  outputDir: string;
  /** Run the backend with plugins/ as committed at this revision. */
  gitopsAt?: string;
  /**
   * How the backend runs: `built`, our packages compiled ahead of time and
   * plain node, as in production; `dev`, from TypeScript through Backstage's
   * development transform, as `yarn start`.
   */
  backendMode: 'built' | 'dev';
  /** Stop after the restart's cold start (for profiling it). */
  coldOnly: boolean;
  /** Write a heap snapshot of the backend after the restart's cold start. */
  heapSnapshot: boolean;
  /** Backstage's cache service on Redis (shared, outlives a restart). */
  redis: boolean;
  /** V8's --heap-growing-percent for the backend; 0 leaves V8's own. */
  heapGrowingPercent: number;
}

const USAGE = `usage: yarn bench [--scale 0.1] [--duration 8] [--cold-timeout 300] [--changes 100] [--pushes 10] [--out bench-output] [--gitops-at <rev>] [--built | --dev] [--cold-only] [--heap-snapshot] [--redis] [--heap-growing-percent 50]
  --scale         fraction of the full fleet (10,000 Argo CD Applications, 2,000 Flux
                  Kustomizations, 2,000 entities, 5,000 commits); default 1
  --duration      seconds per load run; default 8
  --cold-timeout  seconds to wait for every view after start; default 300
  --changes       status changes for cluster freshness; default 100
  --pushes        Git pushes for push freshness; default 10
  --out           output folder (latest.json, backend.log); default bench-output (paths relative to the repository root)
  --gitops-at     run the backend with plugins/ as committed at a Git revision
                  (e.g. HEAD~3), for before/after figures; default: the working tree
  --built         run the backend as production does: our packages compiled to JavaScript
                  ahead of time, config schemas precompiled, plain node; the default
  --dev           run the backend from TypeScript through Backstage's development transform
                  (as yarn start)
  --cold-only     stop after the two cold starts and the memory figures (writes cold-only.json)
  --heap-snapshot write a heap snapshot of the backend once the restart's views are built
                  (into the output folder; for Chrome DevTools' Memory tab)
  --redis         run Backstage's cache service on Redis (testkit), as replicas do: the
                  GitHub client's immutable answers then outlive the restart
  --heap-growing-percent
                  V8's heap growing factor for the backend, as production runs it
                  (node --heap-growing-percent=50, README Scale); 0 leaves V8's own
                  adaptive factor; default ${RECOMMENDED_HEAP_GROWING_PERCENT}`;

export function parseArgs(argv: string[], defaultOut: string): BenchArgs {
  const args: BenchArgs = {
    scale: 1,
    durationS: 8,
    coldTimeoutS: 300,
    changes: 100,
    pushes: 10,
    outputDir: defaultOut,
    backendMode: 'built',
    coldOnly: false,
    heapSnapshot: false,
    redis: false,
    heapGrowingPercent: RECOMMENDED_HEAP_GROWING_PERCENT,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    const number = (name: string, min: number) => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < min)
        throw new Error(`${name} must be a number ≥ ${min}\n${USAGE}`);
      return n;
    };
    switch (flag) {
      case '--scale':
        args.scale = number('--scale', 0.001);
        if (args.scale > 1)
          throw new Error(`--scale must be at most 1\n${USAGE}`);
        break;
      case '--duration':
        args.durationS = number('--duration', 1);
        break;
      case '--cold-timeout':
        args.coldTimeoutS = number('--cold-timeout', 10);
        break;
      case '--changes':
        args.changes = Math.round(number('--changes', 1));
        break;
      case '--pushes':
        args.pushes = Math.round(number('--pushes', 1));
        break;
      case '--out':
        // Relative to the repository root, wherever yarn ran.
        args.outputDir = path.resolve(REPO_ROOT, value());
        break;
      case '--gitops-at':
        args.gitopsAt = value();
        break;
      case '--built':
        args.backendMode = 'built';
        break;
      case '--dev':
        args.backendMode = 'dev';
        break;
      case '--cold-only':
        args.coldOnly = true;
        break;
      case '--heap-snapshot':
        args.heapSnapshot = true;
        break;
      case '--redis':
        args.redis = true;
        break;
      case '--heap-growing-percent':
        args.heapGrowingPercent = Math.round(
          number('--heap-growing-percent', 0),
        );
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return args;
}
