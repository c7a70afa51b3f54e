/** A V8 CPU profile's call frame, as `node --cpu-prof` writes it. */
export interface CallFrame {
  functionName: string;
  url: string;
}

/**
 * Who a sample's own time belongs to. Ordered: the first rule that matches
 * wins, so the project's compiled code (`plugins/<p>/dist`,
 * `packages/<p>/dist`) is told apart from the packages it depends on.
 */
const RULES: Array<[string, (frame: CallFrame) => boolean]> = [
  ['idle', f => f.functionName === '(idle)'],
  ['garbage collection', f => f.functionName === '(garbage collector)'],
  [
    'GitOps Console',
    f =>
      !f.url.includes('/node_modules/') &&
      /\/(plugins|packages)\/[^/]+\/(dist|src)\//.test(f.url),
  ],
  [
    'OpenAPI request validation',
    f =>
      /\/node_modules\/(express-openapi-validator|path-to-regexp|ajv[^/]*)\//.test(
        f.url,
      ),
  ],
  [
    'Backstage auth and services',
    f => /\/node_modules\/(jose|@backstage\/backend-defaults)\//.test(f.url),
  ],
  [
    'Express, middleware, logging',
    f =>
      /\/node_modules\/(express|express-promise-router|router|body-parser|compression|helmet|cors|on-headers|on-finished|content-type|negotiator|accepts|type-is|qs|etag|fresh|send|morgan|winston|logform|readable-stream|triple-beam)\//.test(
        f.url,
      ),
  ],
  ['Node core and native', f => f.url === '' || f.url.startsWith('node:')],
];

export const CPU_CATEGORIES = [
  ...RULES.map(([name]) => name),
  'other packages',
];

export function cpuCategoryOf(frame: CallFrame): string {
  for (const [name, test] of RULES) if (test(frame)) return name;
  return 'other packages';
}
