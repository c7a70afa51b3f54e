import type { ScaffolderConfig } from '../config';
import { parseImage } from './image';

/** Kubernetes object names: RFC 1123 DNS labels. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** What the template asks for, before validation. */
export interface AppInput {
  name: string;
  owner: string;
  system?: string;
  description?: string;
  cdTool: 'argocd' | 'flux';
  environments: string[];
  image: string;
  port: number;
  replicas?: Record<string, number>;
  imageTags?: Record<string, string>;
  ingressHost?: string;
  repoUrl: string;
  branch: string;
  namespace?: string;
}

export interface EnvironmentSpec {
  name: string;
  replicas: number;
  /** The tag (or digest) this environment runs. */
  tag?: string;
  digest?: string;
}

/** A validated app: every field has its final value. */
export interface AppSpec {
  name: string;
  owner: string;
  system?: string;
  description?: string;
  cdTool: 'argocd' | 'flux';
  environments: EnvironmentSpec[];
  imageName: string;
  /** The image as the base's Deployment names it. */
  imageReference: string;
  port: number;
  ingressHost?: string;
  repoUrl: string;
  branch: string;
  namespace: string;
}

/** A bad input; the message names the input field. */
export class InvalidAppInputError extends Error {
  readonly name = 'InvalidAppInputError';
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

function dnsLabel(field: string, value: string, maxLength = 63) {
  if (value.length > maxLength) {
    throw new InvalidAppInputError(
      field,
      `'${value}' is ${value.length} characters; at most ${maxLength} are allowed`,
    );
  }
  if (!DNS_LABEL.test(value)) {
    throw new InvalidAppInputError(
      field,
      `'${value}' is not a DNS label (lowercase letters, digits and '-', starting and ending with a letter or digit)`,
    );
  }
}

function checkEnvironmentKeys(
  field: string,
  map: Record<string, unknown> | undefined,
  chosen: string[],
) {
  for (const key of Object.keys(map ?? {})) {
    if (!chosen.includes(key)) {
      throw new InvalidAppInputError(
        field,
        `'${key}' is not one of the chosen environments (${chosen.join(', ')})`,
      );
    }
  }
}

/** Validates the input against the rules and the configured environments. */
export function toAppSpec(input: AppInput, config: ScaffolderConfig): AppSpec {
  dnsLabel('name', input.name);
  const environments = input.environments;
  if (!environments.length) {
    throw new InvalidAppInputError('environments', 'choose at least one');
  }
  if (new Set(environments).size !== environments.length) {
    throw new InvalidAppInputError('environments', 'lists one twice');
  }
  for (const env of environments) {
    if (config.environments.length && !config.environments.includes(env)) {
      throw new InvalidAppInputError(
        'environments',
        `unknown environment '${env}'; the known ones are ${config.environments.join(
          ', ',
        )}`,
      );
    }
    dnsLabel('environments', env);
    // Argo CD Applications are named <name>-<environment>.
    dnsLabel('name', `${input.name}-${env}`);
  }
  if (!Number.isInteger(input.port) || input.port < 1 || input.port > 65535) {
    throw new InvalidAppInputError(
      'port',
      `${input.port} is out of range; a port is an integer from 1 to 65535`,
    );
  }
  let image;
  try {
    image = parseImage(input.image);
  } catch (error) {
    throw new InvalidAppInputError('image', (error as Error).message);
  }
  checkEnvironmentKeys('replicas', input.replicas, environments);
  checkEnvironmentKeys('imageTags', input.imageTags, environments);
  for (const [env, count] of Object.entries(input.replicas ?? {})) {
    if (!Number.isInteger(count) || count < 0 || count > 1000) {
      throw new InvalidAppInputError(
        'replicas',
        `${env}: ${count} is not an integer from 0 to 1000`,
      );
    }
  }
  for (const [env, tag] of Object.entries(input.imageTags ?? {})) {
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) {
      throw new InvalidAppInputError(
        'imageTags',
        `${env}: '${tag}' is not a valid tag`,
      );
    }
  }
  const namespace = input.namespace ?? input.name;
  dnsLabel('namespace', namespace);
  if (input.system) dnsLabel('system', input.system.replace(/^.*[:/]/, ''));
  if (
    input.ingressHost !== undefined &&
    !/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(
      input.ingressHost,
    )
  ) {
    throw new InvalidAppInputError(
      'ingressHost',
      `'${input.ingressHost}' is not a DNS host name`,
    );
  }
  return {
    name: input.name,
    owner: input.owner,
    system: input.system,
    description: input.description,
    cdTool: input.cdTool,
    environments: environments.map(env => ({
      name: env,
      replicas: input.replicas?.[env] ?? 1,
      ...(input.imageTags?.[env]
        ? { tag: input.imageTags[env] }
        : { tag: image.tag, digest: image.digest }),
    })),
    imageName: image.name,
    imageReference: input.image.trim(),
    port: input.port,
    ingressHost: input.ingressHost,
    repoUrl: input.repoUrl,
    branch: input.branch,
    namespace,
  };
}
