/*
 * The JSONPath forms CRDs use in additionalPrinterColumns: `.a.b`, `.a[0]`,
 * `.a[*].b` and filters like `.conditions[?(@.type=="Ready")].status`.
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: string[]; value: string };

function parse(expression: string): Step[] {
  const steps: Step[] = [];
  const pattern =
    /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\*\]|\[\?\(@\.([\w.]+)\s*==\s*["']([^"']*)["']\)\]/gy;
  for (
    let match = pattern.exec(expression);
    match !== null;
    match = pattern.exec(expression)
  ) {
    if (match[1] !== undefined) steps.push({ kind: 'field', name: match[1] });
    else if (match[2] !== undefined)
      steps.push({ kind: 'index', index: Number(match[2]) });
    else if (match[3] !== undefined)
      steps.push({
        kind: 'filter',
        path: match[3].split('.'),
        value: match[4],
      });
    else steps.push({ kind: 'all' });
    if (pattern.lastIndex === expression.length) break;
  }
  return steps;
}

const get = (value: unknown, key: string | number): unknown =>
  value !== null && typeof value === 'object'
    ? (value as Record<string, unknown>)[key]
    : undefined;

/** Every value the expression selects from `root`. */
export function evaluateJsonPath(expression: string, root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of parse(expression)) {
    current = current.flatMap(value => {
      switch (step.kind) {
        case 'field':
          return [get(value, step.name)];
        case 'index':
          return [get(value, step.index)];
        case 'all':
          return Array.isArray(value) ? value : [];
        default:
          return Array.isArray(value)
            ? value.filter(
                item =>
                  String(step.path.reduce<unknown>(get, item)) === step.value,
              )
            : [];
      }
    });
    current = current.filter(value => value !== undefined);
  }
  return current;
}
