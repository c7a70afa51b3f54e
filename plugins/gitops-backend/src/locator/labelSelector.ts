/**
 * Kubernetes label selectors: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a` and `!a`, joined by commas (AND).
 */
export type LabelRequirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

export class LabelSelectorSyntaxError extends Error {
  constructor(readonly selector: string, problem: string) {
    super(`invalid label selector '${selector}': ${problem}`);
    this.name = 'LabelSelectorSyntaxError';
  }
}

// What Kubernetes allows in label keys: an optional DNS-1123 subdomain
// prefix (at most 253 characters), `/`, and a name of at most 63.
const KEY_PREFIX =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KEY_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** Splits on commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth += 1;
    if (ch === ')') depth -= 1;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(t => t.trim());
}

function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return (
    KEY_NAME.test(name) &&
    name.length <= 63 &&
    (prefix === undefined || (KEY_PREFIX.test(prefix) && prefix.length <= 253))
  );
}

function checkKey(selector: string, key: string) {
  if (!validKey(key)) {
    throw new LabelSelectorSyntaxError(
      selector,
      `'${key}' is not a valid label key`,
    );
  }
}

/** Whether a string can be a label's value (empty included). */
export function isLabelValue(value: string): boolean {
  return VALUE.test(value) && value.length <= 63;
}

function checkValue(selector: string, value: string) {
  if (!isLabelValue(value)) {
    throw new LabelSelectorSyntaxError(
      selector,
      `'${value}' is not a valid label value`,
    );
  }
}

function parseTerm(selector: string, term: string): LabelRequirement {
  if (!term) throw new LabelSelectorSyntaxError(selector, 'empty requirement');

  const set = term.match(/^(\S+)\s+(in|notin)\s*\((.*)\)$/);
  if (set) {
    const [, key, op, list] = set;
    checkKey(selector, key);
    const values = list.split(',').map(v => v.trim());
    if (values.length === 1 && values[0] === '') {
      throw new LabelSelectorSyntaxError(
        selector,
        `'${key} ${op} ()' needs at least one value`,
      );
    }
    values.forEach(v => checkValue(selector, v));
    return { key, op: op as 'in' | 'notin', values };
  }
  const equality = term.match(/^([^=!]*?)\s*(==|=|!=)\s*(.*)$/);
  if (equality) {
    const [, key, op, value] = equality;
    checkKey(selector, key);
    checkValue(selector, value);
    return { key, op: op === '!=' ? 'notin' : 'in', values: [value] };
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    checkKey(selector, key);
    return { key, op: 'doesnotexist' };
  }
  checkKey(selector, term);
  return { key: term, op: 'exists' };
}

/** Parses a selector; throws {@link LabelSelectorSyntaxError} when malformed. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (!selector.trim()) {
    throw new LabelSelectorSyntaxError(selector, 'the selector is empty');
  }
  return splitTerms(selector).map(term => parseTerm(selector, term));
}

/** Whether labels satisfy every requirement. */
export function matchesLabels(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const all = labels ?? {};
  return requirements.every(r => {
    const has = Object.prototype.hasOwnProperty.call(all, r.key);
    switch (r.op) {
      case 'exists':
        return has;
      case 'doesnotexist':
        return !has;
      case 'in':
        return has && r.values.includes(all[r.key]);
      case 'notin':
        return !has || !r.values.includes(all[r.key]);
      default:
        return false;
    }
  });
}
