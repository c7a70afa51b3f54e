import { execFile } from 'node:child_process';
import path from 'node:path';
import { findPostgres } from '@gitops-console/testkit';

/**
 * Runs one statement with the psql of the PostgreSQL installation and
 * answers its rows, each a list of column values as text.
 */
export async function psqlRows(url: string, sql: string): Promise<string[][]> {
  const binary = path.join(findPostgres().binDir, 'psql');
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      binary,
      [url, '-v', 'ON_ERROR_STOP=1', '-q', '-At', '-F', '\t', '-c', sql],
      { timeout: 30_000 },
      (error, out, stderr) =>
        error
          ? reject(new Error(`psql failed: ${stderr || error.message}`))
          : resolve(out),
    );
  });
  return stdout
    .split('\n')
    .filter(line => line.length > 0)
    .map(line => line.split('\t'));
}

/** The URL of one database on the server `url` points at. */
export function databaseUrl(url: string, database: string): string {
  const result = new URL(url);
  result.pathname = `/${database}`;
  return result.toString();
}
