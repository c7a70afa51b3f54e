import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startGitHttpServer, GitHttpServer } from './gitHttpServer';
import { runGit } from './runGit';

let root: string;
let server: GitHttpServer;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-raw-'));
  const work = path.join(root, 'work');
  fs.mkdirSync(path.join(work, 'apps/shop'), { recursive: true });
  fs.writeFileSync(
    path.join(work, 'apps/shop/catalog-info.yaml'),
    'kind: Component\n',
  );
  await runGit(['init', '-q', '-b', 'main'], { cwd: work });
  await runGit(['add', '.'], { cwd: work });
  await runGit(
    ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'shop'],
    { cwd: work },
  );
  await runGit(['clone', '-q', '--bare', work, path.join(root, 'fleet.git')], {
    cwd: root,
  });
  server = await startGitHttpServer({ root });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const get = (p: string) => fetch(`${server.url}${p}`);

describe('raw files of the demo Git server', () => {
  it('serves a file of a branch', async () => {
    const res = await get('/fleet.git/raw/main/apps/shop/catalog-info.yaml');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('kind: Component\n');
  });

  it.each([
    '/fleet.git/raw/main/apps/shop/missing.yaml',
    '/fleet.git/raw/other/apps/shop/catalog-info.yaml',
    '/nothere.git/raw/main/apps/shop/catalog-info.yaml',
    '/fleet.git/raw/main/apps/../../etc/passwd',
  ])('answers 404 for %s', async p => {
    expect((await get(p)).status).toBe(404);
  });

  it('still serves clones', async () => {
    const res = await get('/fleet.git/info/refs?service=git-upload-pack');
    expect(res.status).toBe(200);
  });
});
