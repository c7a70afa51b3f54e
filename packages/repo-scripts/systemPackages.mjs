// Installs the Debian packages that tests need (Chromium, PostgreSQL, Redis)
// when they are missing. Only Debian's package registry is used.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const PACKAGES = {
  chromium: {
    present: () =>
      fs.existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  },
  postgresql: {
    present: () =>
      fs.existsSync('/usr/lib/postgresql') &&
      fs
        .readdirSync('/usr/lib/postgresql')
        .some(v => fs.existsSync(`/usr/lib/postgresql/${v}/bin/postgres`)),
  },
  // The key names what tests need; `apt` the Debian package that brings it.
  redis: {
    apt: 'redis-server',
    present: () => fs.existsSync('/usr/bin/redis-server'),
  },
};

function apt(args) {
  const result = spawnSync('apt-get', args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) {
    throw new Error(`apt-get ${args.join(' ')} exited ${result.status}`);
  }
}

export async function ensureSystemPackages(names) {
  const missing = names.filter(name => !PACKAGES[name].present());
  if (missing.length === 0) return;
  const canInstall =
    process.getuid?.() === 0 &&
    spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    throw new Error(
      `missing system packages: ${missing.join(
        ', ',
      )}. Install them with: sudo apt-get install ${missing
        .map(name => PACKAGES[name].apt ?? name)
        .join(' ')}`,
    );
  }
  console.log(`[test] installing Debian packages: ${missing.join(', ')}`);
  apt(['update', '-qq']);
  apt([
    'install',
    '-y',
    '-qq',
    '--no-install-recommends',
    ...missing.map(name => PACKAGES[name].apt ?? name),
  ]);
}
