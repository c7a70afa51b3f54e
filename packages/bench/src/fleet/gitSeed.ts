import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GitServer, ScriptedRepository } from '@gitops-console/testkit';
import { pick, seededRandom } from './random';
import type { BenchDeployment, FleetShape } from './shape';

/*
 * The repositories' history, written in one `git fast-import` stream per
 * repository: an initial commit with every app path, then the shape's
 * commits spread over the app paths (image bumps, replica changes), dated
 * over the last 120 days. 5,000 commits take a second or two this way.
 */

const PEOPLE = [
  'Mei Tanaka',
  'Carlos Mendes',
  'Aisha Okafor',
  'Jonas Berg',
  'Priya Raman',
  'Lucas Silva',
  'Sofia Rossi',
  'Omar Haddad',
  'Emma Laurent',
  'Kenji Sato',
  'Nadia Petrova',
  'Tom Becker',
];

/** What the seeded history looks like to the custom resources. */
export interface SeededRepository {
  fullName: string;
  repo: ScriptedRepository;
  head: string;
  commitCount: number;
  /** Per app path, the commits that touched it, oldest first. */
  pathCommits: Map<string, string[]>;
}

function deploymentYaml(d: BenchDeployment, version: number, replicas: number) {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${d.service.name}
  labels:
    app.kubernetes.io/name: ${d.service.name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: ${d.service.name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ${d.service.name}
    spec:
      containers:
        - name: app
          image: registry.example.com/${d.service.team}/${d.service.name}:1.${version}.0
`;
}

const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - deployment.yaml
`;

class FastImportStream {
  private readonly parts: Buffer[] = [];
  private mark = 0;

  private data(text: string) {
    const bytes = Buffer.from(text, 'utf8');
    this.parts.push(
      Buffer.from(`data ${bytes.length}\n`),
      bytes,
      Buffer.from('\n'),
    );
  }

  commit(options: {
    author: string;
    time: number;
    message: string;
    files: Record<string, string>;
  }): number {
    this.mark += 1;
    const email = `${options.author
      .toLowerCase()
      .replace(/[^a-z]+/g, '.')}@example.com`;
    const who = `${options.author} <${email}> ${Math.floor(
      options.time / 1000,
    )} +0000`;
    this.parts.push(
      Buffer.from(
        `commit refs/heads/main\nmark :${this.mark}\nauthor ${who}\ncommitter ${who}\n`,
      ),
    );
    this.data(options.message);
    if (this.mark > 1) this.parts.push(Buffer.from(`from :${this.mark - 1}\n`));
    for (const [file, content] of Object.entries(options.files)) {
      this.parts.push(Buffer.from(`M 100644 inline ${file}\n`));
      this.data(content);
    }
    this.parts.push(Buffer.from('\n'));
    return this.mark;
  }

  bytes() {
    return Buffer.concat(this.parts);
  }
}

/** Creates the shape's repositories on the Git server with their history. */
export async function seedRepositories(
  git: GitServer,
  shape: FleetShape,
): Promise<Map<string, SeededRepository>> {
  const random = seededRandom(42);
  const byRepo = new Map<string, BenchDeployment[]>();
  for (const d of shape.deployments) {
    const list = byRepo.get(d.repository.fullName) ?? [];
    list.push(d);
    byRepo.set(d.repository.fullName, list);
  }
  const total = shape.deployments.length;
  const end = Date.now() - 3600_000;
  const start = end - 120 * 86_400_000;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-marks-'));
  const seeded = new Map<string, SeededRepository>();
  try {
    for (const repository of shape.repositories) {
      const deployments = byRepo.get(repository.fullName) ?? [];
      const repo = await git.createRepository(repository.fullName);
      const stream = new FastImportStream();
      const initial: Record<string, string> = {};
      for (const d of deployments) {
        initial[`${d.path}/kustomization.yaml`] = KUSTOMIZATION;
        initial[`${d.path}/deployment.yaml`] = deploymentYaml(d, 0, 2);
      }
      const marksByPath = new Map<string, number[]>();
      const firstMark = stream.commit({
        author: PEOPLE[0],
        time: start,
        message: `Initial layout of ${deployments.length} app paths`,
        files: initial,
      });
      for (const d of deployments) marksByPath.set(d.path, [firstMark]);
      // This repository's share of the commits, by its share of app paths.
      const commits = Math.max(
        5,
        Math.round((shape.commitCount * deployments.length) / total),
      );
      const versions = new Map<string, number>();
      let pr = 100;
      for (let i = 0; i < commits; i++) {
        const d = pick(random, deployments);
        const version = (versions.get(d.path) ?? 0) + 1;
        versions.set(d.path, version);
        const replicas = 2 + Math.floor(random() * 3);
        pr += 1 + Math.floor(random() * 3);
        const mark = stream.commit({
          author: pick(random, PEOPLE),
          time: start + ((end - start) * (i + 1)) / (commits + 1),
          message:
            random() < 0.8
              ? `${d.service.name}: release 1.${version}.0 to ${d.cluster.environment} (#${pr})`
              : `${d.service.name}: ${replicas} replicas in ${d.cluster.environment}`,
          files: {
            [`${d.path}/deployment.yaml`]: deploymentYaml(d, version, replicas),
          },
        });
        marksByPath.get(d.path)!.push(mark);
      }
      const marksFile = path.join(
        tmp,
        `${repository.fullName.replace('/', '_')}.marks`,
      );
      await repo.git(
        ['fast-import', '--quiet', `--export-marks=${marksFile}`],
        {
          input: stream.bytes(),
        },
      );
      const shaOfMark = new Map<number, string>();
      for (const line of fs.readFileSync(marksFile, 'utf8').split('\n')) {
        const match = /^:(\d+) ([0-9a-f]{40})$/.exec(line);
        if (match) shaOfMark.set(Number(match[1]), match[2]);
      }
      const pathCommits = new Map<string, string[]>();
      for (const [p, marks] of marksByPath)
        pathCommits.set(
          p,
          marks.map(m => shaOfMark.get(m)!),
        );
      seeded.set(repository.fullName, {
        fullName: repository.fullName,
        repo,
        head: await repo.resolve('main'),
        commitCount: commits + 1,
        pathCommits,
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return seeded;
}
