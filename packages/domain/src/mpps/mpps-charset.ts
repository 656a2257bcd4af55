/**
 * The Specific Character Set of a stored MPPS after an N-SET. Text is decoded to Unicode when it
 * arrives (each message with its own character set), so the stored values are always right; what
 * is merged is the declaration, which must cover every value the instance now holds:
 * - the same declaration, or the N-SET declares none (its text is then ASCII): unchanged;
 * - the stored instance declares none (ASCII): the N-SET's;
 * - two different declarations: ISO_IR 192 (UTF-8 represents every value of both).
 * Returns the attribute value to store (undefined: leave it out).
 */
export function mergeCharacterSets(stored: unknown, incoming: unknown): unknown {
  const a = declaration(stored);
  const b = declaration(incoming);
  if (b === undefined || a === b) return a === undefined ? undefined : stored;
  if (a === undefined) return incoming;
  return 'ISO_IR 192';
}

/** A comparable form of a declaration; undefined for none or the default repertoire. */
function declaration(value: unknown): string | undefined {
  const values = (Array.isArray(value) ? (value as unknown[]) : [value])
    .filter((v): v is string => typeof v === 'string')
    .map((v) => v.trim());
  const named = values.filter((v) => v !== '');
  if (named.length === 0 || (named.length === 1 && named[0] === 'ISO_IR 6')) return undefined;
  return values.join('\\');
}
