import { GitHubError } from './errors';

export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest<Ctx> {
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
  /** The request URL, for building pagination links. */
  url: URL;
  context: Ctx;
}

export interface Route<Ctx> {
  method: string;
  /** The path exactly as GitHub's OpenAPI description names it. */
  template: string;
  handle(request: RouteRequest<Ctx>): Promise<RouteResult>;
}

interface CompiledRoute<Ctx> extends Route<Ctx> {
  pattern: RegExp;
  names: string[];
}

/** Parameters that may contain slashes when they end a template. */
const MULTI_SEGMENT = new Set(['ref', 'path', 'basehead', 'tree_sha']);

/**
 * Matches request paths against OpenAPI path templates. A final ref, path
 * or basehead parameter may contain slashes (heads/feature/x, apps/a/b.yaml).
 */
export class Router<Ctx> {
  private readonly routes: CompiledRoute<Ctx>[] = [];

  add(...routes: Route<Ctx>[]) {
    for (const route of routes) {
      const names: string[] = [];
      const parts = route.template.split(/(\{[^}]+\})/);
      const source = parts
        .map((part, index) => {
          if (!part.startsWith('{'))
            return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          const name = part.slice(1, -1);
          names.push(name);
          const endsTemplate =
            index === parts.length - 2 && parts[parts.length - 1] === '';
          return endsTemplate && MULTI_SEGMENT.has(name) ? '(.+)' : '([^/]+)';
        })
        .join('');
      this.routes.push({ ...route, pattern: new RegExp(`^${source}$`), names });
    }
    return this;
  }

  /** Finds the route for a request; 404 or 405 in GitHub's shape when none fits. */
  match(
    method: string,
    path: string,
  ): { route: Route<Ctx>; params: Record<string, string> } {
    let pathMatched = false;
    for (const route of this.routes) {
      const found = route.pattern.exec(path);
      if (!found) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]);
      });
      return { route, params };
    }
    if (pathMatched) throw new GitHubError(405, 'Method Not Allowed');
    throw new GitHubError(404, 'Not Found');
  }
}
