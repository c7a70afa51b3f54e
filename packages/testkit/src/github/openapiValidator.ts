import fs from 'node:fs';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The outcome of checking one response against GitHub's OpenAPI description. */
export interface ValidationResult {
  /** False when the description documents no such operation or status. */
  documented: boolean;
  valid: boolean;
  /** Readable problems, e.g. "/0 must have required property 'sha'". */
  errors: string[];
}

const SCHEMA_ID = 'https://api.github.com/openapi';

/**
 * OpenAPI 3.0 schemas are almost JSON Schema. The difference that matters
 * here is `nullable: true`, which becomes a "null" type (or an anyOf with
 * null when there is no type to extend), and refs into components, which
 * are re-pointed into one registered document.
 */
function toJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace(
        '#/components/schemas/',
        `${SCHEMA_ID}#/definitions/`,
      );
    } else if (!(key === 'nullable' && typeof value === 'boolean')) {
      // (A *property* named "nullable" would be an object; it is kept.)
      out[key] = toJsonSchema(value);
    }
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null))
      out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

/**
 * Validates responses against GitHub's published REST description (npm
 * @octokit/openapi, api.github.com). Compiled schemas are cached per
 * operation and status.
 */
export class GitHubOpenApiValidator {
  private readonly ajv: Ajv;
  private readonly spec: any;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  private constructor(spec: any) {
    this.spec = spec;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const format of [
      'int32',
      'int64',
      'float',
      'double',
      'byte',
      'binary',
      'password',
      'uri-template',
      'repo.nwo',
      'ssh-key',
      'ssh-key fingerprint',
    ]) {
      this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({
      $id: SCHEMA_ID,
      definitions: toJsonSchema(spec.components.schemas),
    });
  }

  /** Loads the api.github.com description from @octokit/openapi. */
  static load(): GitHubOpenApiValidator {
    const file = require.resolve(
      '@octokit/openapi/generated/api.github.com.json',
    );
    return new GitHubOpenApiValidator(
      JSON.parse(fs.readFileSync(file, 'utf8')),
    );
  }

  /** The OpenAPI version of the loaded description, e.g. "3.0.3". */
  get openapiVersion(): string {
    return this.spec.openapi;
  }

  private responseSpec(method: string, template: string, status: number) {
    const operation = this.spec.paths[template]?.[method.toLowerCase()];
    if (!operation) return undefined;
    let response =
      operation.responses[String(status)] ?? operation.responses.default;
    if (response?.$ref) {
      response = this.spec.components.responses[response.$ref.split('/').pop()];
    }
    return response;
  }

  private validatorFor(
    method: string,
    template: string,
    status: number,
    response: any,
  ) {
    const key = `${method} ${template} ${status}`;
    if (!this.compiled.has(key)) {
      const schema = response.content?.['application/json']?.schema;
      this.compiled.set(
        key,
        schema ? this.ajv.compile(toJsonSchema(schema)) : null,
      );
    }
    return this.compiled.get(key);
  }

  /** Checks one response; `template` is the OpenAPI path, e.g. /repos/{owner}/{repo}/commits. */
  validate(response: {
    method: string;
    template?: string;
    status: number;
    body: unknown;
  }): ValidationResult {
    const where = `${response.method} ${response.template} → ${response.status}`;
    if (!response.template) {
      return {
        documented: false,
        valid: false,
        errors: [`${where}: no operation matched`],
      };
    }
    const spec = this.responseSpec(
      response.method,
      response.template,
      response.status,
    );
    if (!spec) {
      return {
        documented: false,
        valid: false,
        errors: [`${where}: not documented by GitHub`],
      };
    }
    const validate = this.validatorFor(
      response.method,
      response.template,
      response.status,
      spec,
    );
    if (!validate) {
      // The description documents no body (e.g. 204, 304): there must be none.
      const empty = response.body === undefined || response.body === '';
      return {
        documented: true,
        valid: empty,
        errors: empty ? [] : [`${where}: expected no body`],
      };
    }
    const valid = validate(response.body) as boolean;
    return {
      documented: true,
      valid,
      errors: (validate.errors ?? []).map(
        error => `${where}: ${error.instancePath || '(root)'} ${error.message}`,
      ),
    };
  }
}
