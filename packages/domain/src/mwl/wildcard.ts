/**
 * DICOM Wild Card Matching (PS3.4 C.2.2.2.4): `*` matches any sequence of characters, including
 * none, and `?` exactly one character. Plans keep patterns raw; these helpers translate them.
 */

export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/**
 * The SQL `LIKE` pattern of a DICOM wild card pattern, with `%`, `_` and the escape character
 * itself escaped so they match literally. Use with `LIKE $1 ESCAPE '\'` (the default escape).
 * `_` matches one character (not byte) in PostgreSQL, so `?` works for any script.
 */
export function toSqlLikePattern(pattern: string, escape = '\\'): string {
  if ([...escape].length !== 1 || escape === '*' || escape === '?') {
    throw new RangeError('the LIKE escape must be one character other than * and ?');
  }
  let out = '';
  for (const char of pattern) {
    if (char === '*') out += '%';
    else if (char === '?') out += '_';
    else if (char === '%' || char === '_' || char === escape) out += escape + char;
    else out += char;
  }
  return out;
}

/** In-memory evaluation of a DICOM wild card pattern (tests, and callers without SQL). */
export function matchesWildcard(pattern: string, value: string, caseInsensitive = false): boolean {
  const fold = (text: string) => (caseInsensitive ? text.toLowerCase() : text);
  const source = [...fold(pattern)]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su').test(fold(value));
}
