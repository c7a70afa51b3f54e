import { ResourceType, qualifiedResource } from '../crd/resourceType';
import { FieldError, formatFieldError } from '../schema/fieldError';

/** A `metav1.Status` body, as every failed Kubernetes API call returns. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    causes?: Array<{ reason: string; message: string; field?: string }>;
    retryAfterSeconds?: number;
  };
  code: number;
}

/** An API failure that knows its HTTP code and its Status body. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusBody['details'],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toStatus(): StatusBody {
    const body: StatusBody = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (this.details) body.details = this.details;
    return body;
  }
}

const resourceDetails = (type: ResourceType, name?: string) => ({
  ...(name !== undefined ? { name } : {}),
  group: type.group,
  kind: type.plural,
});

/** Constructors for the errors a real API server returns, with its words. */
export const apiErrors = {
  notFound: (type: ResourceType, name: string) =>
    new ApiError(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${name}" not found`,
      resourceDetails(type, name),
    ),

  unknownResource: () =>
    new ApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    ),

  alreadyExists: (type: ResourceType, name: string) =>
    new ApiError(
      409,
      'AlreadyExists',
      `${qualifiedResource(type)} "${name}" already exists`,
      resourceDetails(type, name),
    ),

  conflict: (type: ResourceType, name: string) =>
    new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(
        type,
      )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      resourceDetails(type, name),
    ),

  invalid: (type: ResourceType, name: string, errors: FieldError[]) => {
    const rendered = errors.map(formatFieldError);
    const summary =
      rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
    return new ApiError(
      422,
      'Invalid',
      `${type.kind}.${type.group} "${name}" is invalid: ${summary}`,
      {
        name,
        group: type.group,
        kind: type.kind,
        causes: errors.map(e => ({
          reason: e.reason,
          message: e.message,
          field: e.field,
        })),
      },
    );
  },

  /** A PUT without metadata.resourceVersion; named by resource, unlike schema errors. */
  resourceVersionRequired: (type: ResourceType, name: string) =>
    new ApiError(
      422,
      'Invalid',
      `${qualifiedResource(
        type,
      )} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update`,
      {
        ...resourceDetails(type, name),
        causes: [
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: 0: must be specified for an update',
            field: 'metadata.resourceVersion',
          },
        ],
      },
    ),

  unauthorized: () => new ApiError(401, 'Unauthorized', 'Unauthorized', {}),

  forbidden: (
    user: string,
    verb: string,
    type: ResourceType | undefined,
    namespace?: string,
    name?: string,
  ) => {
    const resource = type ? qualifiedResource(type) : 'the requested resource';
    const scope = namespace
      ? ` in the namespace "${namespace}"`
      : ' at the cluster scope';
    const subject = name ? `${resource} "${name}"` : resource;
    return new ApiError(
      403,
      'Forbidden',
      `${subject} is forbidden: User "${user}" cannot ${verb} resource "${
        type?.plural ?? ''
      }" in API group "${type?.group ?? ''}"${scope}`,
      type ? resourceDetails(type, name) : {},
    );
  },

  expired: (requested: number, oldest: number) =>
    new ApiError(
      410,
      'Expired',
      `too old resource version: ${requested} (${oldest})`,
    ),

  badRequest: (message: string) => new ApiError(400, 'BadRequest', message),

  methodNotAllowed: () =>
    new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
      {},
    ),

  unsupportedMediaType: (contentType: string) =>
    new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (got ${JSON.stringify(
        contentType,
      )})`,
    ),

  notAcceptable: () =>
    new ApiError(
      406,
      'NotAcceptable',
      'only the following media types are accepted: application/json',
    ),
};
