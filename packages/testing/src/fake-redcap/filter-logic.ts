/**
 * A tiny subset of REDCap's logic, enough for the fake's `filterLogic`:
 * `[field] op value` with `=`, `<>`, `!=`, `<`, `<=`, `>`, `>=` (a quoted text or a number),
 * combined with `and`, `or` and parentheses. Numbers compare as numbers, anything else as text.
 * No event prefixes (`[event][field]`), functions or smart variables: those throw.
 */

export type LogicRow = Readonly<Record<string, string | undefined>>;
export type Predicate = (row: LogicRow) => boolean;

export class FilterLogicError extends Error {}

type Token = { kind: 'field' | 'text' | 'number' | 'op' | 'word' | 'open' | 'close'; value: string };

function tokenize(logic: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:\[([A-Za-z0-9_]+)\]|'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?)|(<>|!=|<=|>=|=|<|>)|(and|or)\b|(\()|(\)))/iy;
  let index = 0;
  while (index < logic.length) {
    if (/^\s*$/.test(logic.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(logic);
    if (!match) throw new FilterLogicError(`unsupported filterLogic near character ${index}`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'field', value: match[1] });
    else if (match[2] !== undefined || match[3] !== undefined)
      tokens.push({ kind: 'text', value: match[2] ?? match[3]! });
    else if (match[4] !== undefined) tokens.push({ kind: 'number', value: match[4] });
    else if (match[5] !== undefined) tokens.push({ kind: 'op', value: match[5] });
    else if (match[6] !== undefined) tokens.push({ kind: 'word', value: match[6].toLowerCase() });
    else if (match[7] !== undefined) tokens.push({ kind: 'open', value: '(' });
    else tokens.push({ kind: 'close', value: ')' });
  }
  return tokens;
}

function compare(left: string, op: string, right: string): boolean {
  const numeric = left.trim() !== '' && right.trim() !== '' && !isNaN(Number(left)) && !isNaN(Number(right));
  const a: string | number = numeric ? Number(left) : left;
  const b: string | number = numeric ? Number(right) : right;
  switch (op) {
    case '=':
      return a === b;
    case '<>':
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** Parses `logic` into a row predicate; throws `FilterLogicError` outside the subset. */
export function parseFilterLogic(logic: string): Predicate {
  const tokens = tokenize(logic);
  let position = 0;
  const peek = () => tokens[position];
  const take = (kind: Token['kind']): Token => {
    const token = tokens[position];
    if (!token || token.kind !== kind)
      throw new FilterLogicError(`unsupported filterLogic: expected ${kind}`);
    position++;
    return token;
  };
  const factor = (): Predicate => {
    if (peek()?.kind === 'open') {
      take('open');
      const inner = expression();
      take('close');
      return inner;
    }
    const field = take('field').value;
    const op = take('op').value;
    const operand = peek();
    if (!operand || (operand.kind !== 'text' && operand.kind !== 'number')) {
      throw new FilterLogicError('unsupported filterLogic: expected a quoted value or a number');
    }
    position++;
    return (row) => compare(row[field] ?? '', op, operand.value);
  };
  const term = (): Predicate => {
    let left = factor();
    while (peek()?.kind === 'word' && peek()?.value === 'and') {
      position++;
      const [a, b] = [left, factor()];
      left = (row) => a(row) && b(row);
    }
    return left;
  };
  const expression = (): Predicate => {
    let left = term();
    while (peek()?.kind === 'word' && peek()?.value === 'or') {
      position++;
      const [a, b] = [left, term()];
      left = (row) => a(row) || b(row);
    }
    return left;
  };
  const predicate = expression();
  if (position !== tokens.length)
    throw new FilterLogicError('unsupported filterLogic: unexpected trailing input');
  return predicate;
}
