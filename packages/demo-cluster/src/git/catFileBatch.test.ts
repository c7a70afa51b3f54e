import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatFileBatch } from './catFileBatch';
import { runGit } from './runGit';

describe('CatFileBatch', () => {
  let dir: string;
  let reader: CatFileBatch;
  const commit = async (files: Record<string, string>, message: string) => {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    await runGit(['add', '-A'], { cwd: dir });
    await runGit(
      [
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@example.com',
        'commit',
        '-qm',
        message,
      ],
      { cwd: dir },
    );
    return (await runGit(['rev-parse', 'HEAD'], { cwd: dir })).stdout.trim();
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cat-file-batch-'));
    await runGit(['init', '-q', '--initial-branch=main', '.'], { cwd: dir });
    reader = new CatFileBatch(dir);
  });
  afterEach(() => {
    reader.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads files, including empty ones and ones with blank lines, in request order', async () => {
    const sha = await commit(
      {
        'apps/a/kustomization.yaml': 'resources:\n- ../base\n',
        'apps/base/deploy.yaml': 'kind: Deployment\n\n\nmetadata: {}\n',
        'empty.txt': '',
        'unicode.txt': 'café ✓\n',
      },
      'first',
    );
    const reads = await Promise.all([
      reader.read(sha, 'apps/a/kustomization.yaml'),
      reader.read(sha, 'apps/missing.yaml'),
      reader.read(sha, 'apps/base/deploy.yaml'),
      reader.read(sha, 'empty.txt'),
      reader.read(sha, 'apps'),
      reader.read('0'.repeat(40), 'apps/a/kustomization.yaml'),
      reader.read(sha, 'unicode.txt'),
    ]);
    expect(reads.map(r => r?.toString('utf8'))).toEqual([
      'resources:\n- ../base\n',
      undefined,
      'kind: Deployment\n\n\nmetadata: {}\n',
      '',
      undefined,
      undefined,
      'café ✓\n',
    ]);
  });

  it('sees commits made after it started, by SHA and by branch', async () => {
    const first = await commit({ 'v.txt': 'one\n' }, 'first');
    expect((await reader.read(first, 'v.txt'))?.toString()).toBe('one\n');
    expect(await reader.commit('refs/heads/main')).toBe(first);
    const second = await commit({ 'v.txt': 'two\n' }, 'second');
    expect((await reader.read(second, 'v.txt'))?.toString()).toBe('two\n');
    expect((await reader.read('main', 'v.txt'))?.toString()).toBe('two\n');
    expect(await reader.commit('refs/heads/main')).toBe(second);
  });

  it('resolves branches, annotated tags and SHAs to commits', async () => {
    const sha = await commit({ 'v.txt': 'one\n' }, 'first');
    await runGit(
      [
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@example.com',
        'tag',
        '-a',
        'v1',
        '-m',
        'v1',
      ],
      { cwd: dir },
    );
    expect(await reader.commit('refs/tags/v1')).toBe(sha);
    expect(await reader.commit(sha)).toBe(sha);
    expect(await reader.commit('HEAD')).toBe(sha);
    expect(await reader.commit('refs/heads/nope')).toBeUndefined();
    expect(await reader.commit('refs/tags/nope')).toBeUndefined();
  });

  it('reads a file larger than a pipe buffer whole', async () => {
    const big = `${'x'.repeat(199)}\n`.repeat(2000);
    const sha = await commit({ 'big.txt': big }, 'big');
    const [a, b] = await Promise.all([
      reader.read(sha, 'big.txt'),
      reader.read(sha, 'big.txt'),
    ]);
    expect(a?.toString()).toBe(big);
    expect(b?.toString()).toBe(big);
  });

  it('fails pending and later reads once closed', async () => {
    const sha = await commit({ 'v.txt': 'one\n' }, 'first');
    const pending = reader.read(sha, 'v.txt');
    reader.close();
    await expect(pending).rejects.toThrow('closed');
    await expect(reader.read(sha, 'v.txt')).rejects.toThrow('closed');
  });

  it('fails reads with the reason when git cannot run there', async () => {
    const broken = new CatFileBatch(path.join(dir, 'no-such-folder'));
    await expect(broken.read('HEAD', 'x')).rejects.toThrow(
      /git cat-file --batch/,
    );
    broken.close();
  });
});
