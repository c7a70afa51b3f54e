import { apiErrors } from './apiError';

/**
 * Kubernetes label selectors in their string form:
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, joined by commas.
 */
export type Requirement =
  | { key: string; op: 'eq' | 'ne'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type LabelSelector = Requirement[];

/** Splits at commas that are not inside parentheses. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else current += char;
  }
  terms.push(current);
  return terms.map(term => term.trim()).filter(Boolean);
}

const KEY = String.raw`[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;

export function parseLabelSelector(
  selector: string | undefined,
): LabelSelector {
  if (!selector) return [];
  return splitTerms(selector).map(term => {
    let match = term.match(new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`));
    if (match) {
      return {
        key: match[1],
        op: match[3] === '!=' ? 'ne' : 'eq',
        value: match[4],
      };
    }
    match = term.match(new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`));
    if (match) {
      const values = match[4]
        .split(',')
        .map(v => v.trim())
        .filter(Boolean);
      return { key: match[1], op: match[3] as 'in' | 'notin', values };
    }
    match = term.match(new RegExp(`^(!?)\\s*(${KEY})$`));
    if (match) return { key: match[2], op: match[1] ? 'notexists' : 'exists' };
    throw apiErrors.badRequest(
      `unable to parse requirement: found '${term}', expected: valid label selector`,
    );
  });
}

export function matchesLabels(
  selector: LabelSelector,
  labels: Record<string, string> = {},
): boolean {
  return selector.every(req => {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = labels[req.key];
    switch (req.op) {
      case 'eq':
        return has && value === req.value;
      case 'ne':
        return !has || value !== req.value;
      case 'in':
        return has && req.values.includes(value);
      case 'notin':
        return !has || !req.values.includes(value);
      case 'exists':
        return has;
      default:
        return !has;
    }
  });
}
