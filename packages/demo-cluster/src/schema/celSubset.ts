/*
 * The slice of CEL that the official Argo CD and Flux CRDs use in their
 * `x-kubernetes-validations` rules: `has(self.a.b)`, `self.a == 'x'`, `!=`,
 * `!`, `&&`, `||` and parentheses. A rule outside that slice is not
 * enforced (compileRule returns undefined), so a future CRD cannot make the
 * demo reject what a real server accepts.
 */

type Value = unknown;
type Node =
  | { op: 'or' | 'and' | 'eq' | 'ne'; left: Node; right: Node }
  | { op: 'not'; operand: Node }
  | { op: 'has'; path: string[] }
  | { op: 'path'; path: string[] }
  | { op: 'literal'; value: Value };

const TOKEN =
  /\s*(\|\||&&|==|!=|!|\(|\)|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|true|false|[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*)/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(source);
    if (!match) throw new Error(`unsupported CEL at ${TOKEN.lastIndex}`);
    tokens.push(match[1]);
  }
  return tokens;
}

function parse(tokens: string[]): Node {
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (expected !== undefined && token !== expected)
      throw new Error(`expected ${expected}`);
    if (token === undefined) throw new Error('unexpected end');
    return token;
  };
  const selfPath = (token: string): string[] => {
    const parts = token.split('.');
    if (parts[0] !== 'self') throw new Error(`unsupported identifier ${token}`);
    return parts.slice(1);
  };
  const primary = (): Node => {
    const token = take();
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token === 'has') {
      take('(');
      const path = selfPath(take());
      take(')');
      return { op: 'has', path };
    }
    if (token === 'true' || token === 'false')
      return { op: 'literal', value: token === 'true' };
    if (token.startsWith("'") || token.startsWith('"')) {
      return {
        op: 'literal',
        value: token.slice(1, -1).replace(/\\(.)/g, '$1'),
      };
    }
    return { op: 'path', path: selfPath(token) };
  };
  const comparison = (): Node => {
    const left = primary();
    if (peek() === '==' || peek() === '!=') {
      const op = take() === '==' ? 'eq' : 'ne';
      return { op, left, right: primary() };
    }
    return left;
  };
  const unary = (): Node =>
    peek() === '!' ? (take(), { op: 'not', operand: unary() }) : comparison();
  const and = (): Node => {
    let node = unary();
    while (peek() === '&&')
      node = (take(), { op: 'and', left: node, right: unary() });
    return node;
  };
  function or(): Node {
    let node = and();
    while (peek() === '||')
      node = (take(), { op: 'or', left: node, right: and() });
    return node;
  }
  const root = or();
  if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]}`);
  return root;
}

function lookup(
  self: Value,
  path: string[],
): { found: boolean; value?: Value } {
  let current: Value = self;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !(key in current))
      return { found: false };
    current = (current as Record<string, Value>)[key];
  }
  return { found: true, value: current };
}

function evaluate(node: Node, self: Value): Value {
  switch (node.op) {
    case 'or':
      return (
        Boolean(evaluate(node.left, self)) ||
        Boolean(evaluate(node.right, self))
      );
    case 'and':
      return (
        Boolean(evaluate(node.left, self)) &&
        Boolean(evaluate(node.right, self))
      );
    case 'not':
      return !evaluate(node.operand, self);
    case 'eq':
      return evaluate(node.left, self) === evaluate(node.right, self);
    case 'ne':
      return evaluate(node.left, self) !== evaluate(node.right, self);
    case 'has':
      return lookup(self, node.path).found;
    case 'path':
      return lookup(self, node.path).value;
    default:
      return node.value;
  }
}

const compiled = new Map<string, ((self: Value) => boolean) | undefined>();

/** A predicate for the rule, or undefined when the rule is outside the slice. */
export function compileRule(
  rule: string,
): ((self: Value) => boolean) | undefined {
  if (!compiled.has(rule)) {
    try {
      const ast = parse(tokenize(rule));
      compiled.set(rule, self => Boolean(evaluate(ast, self)));
    } catch {
      compiled.set(rule, undefined);
    }
  }
  return compiled.get(rule);
}
