import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { validate } from 'jsonschema';

export interface ActionRun {
  workspacePath: string;
  outputs: Record<string, unknown>;
  /** Every line the action logged. */
  logs: string[];
}

export interface RunOptions {
  workspacePath?: string;
  isDryRun?: boolean;
  taskId?: string;
  /** Checkpoint values by key, shared between runs to model a retried task. */
  checkpoints?: Map<string, unknown>;
}

/**
 * Runs an action as the scaffolder's workflow runner does: the input is
 * validated against the action's JSON schema (no defaults are applied),
 * then the handler runs with checkpoints kept in `checkpoints`.
 */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  options: RunOptions = {},
): Promise<ActionRun> {
  const result = validate(input, action.schema?.input ?? {});
  if (!result.valid) {
    throw new Error(
      `Invalid input passed to action ${action.id}, ${result.errors.join(
        ', ',
      )}`,
    );
  }
  const workspacePath =
    options.workspacePath ??
    (await fs.mkdtemp(path.join(os.tmpdir(), 'gitops-scaffolder-test-')));
  const outputs: Record<string, unknown> = {};
  const logs: string[] = [];
  const checkpoints = options.checkpoints ?? new Map<string, unknown>();
  const ctx = createMockActionContext({
    input: input as JsonObject,
    workspacePath,
    task: { id: options.taskId ?? 'c0ffee00-0000-4000-8000-000000000001' },
  });
  const log = (line: unknown) => {
    logs.push(String(line));
  };
  await action.handler({
    ...ctx,
    isDryRun: options.isDryRun,
    logger: {
      ...ctx.logger,
      info: log,
      warn: log,
      error: log,
      debug: () => {},
      child: () => ctx.logger,
    } as any,
    output: (name: string, value: unknown) => {
      outputs[name] = value;
    },
    async checkpoint({ key, fn }: { key: string; fn: () => any }) {
      if (checkpoints.has(key)) return checkpoints.get(key);
      const value = await fn();
      checkpoints.set(key, value);
      return value;
    },
  } as any);
  return { workspacePath, outputs, logs };
}

/** Every file under a folder, relative to it, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter(entry => entry.isFile())
    .map(entry =>
      path.relative(
        root,
        path.join(entry.parentPath ?? (entry as any).path, entry.name),
      ),
    )
    .sort();
}
