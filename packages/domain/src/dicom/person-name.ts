/**
 * DICOM PN values (PS3.5 6.2): up to three component groups (alphabetic, ideographic, phonetic)
 * separated by `=`, each of up to five `^`-separated components (family, given, middle, prefix,
 * suffix) and at most 64 characters.
 */

export interface PersonNameParts {
  family?: string | undefined;
  given?: string | undefined;
  middle?: string | undefined;
  prefix?: string | undefined;
  suffix?: string | undefined;
}

export const PN_GROUP_MAX_LENGTH = 64;

// eslint-disable-next-line no-control-regex
const FORBIDDEN_IN_PN = /[\\\u0000-\u001f\u007f]/;

/** Why `value` is not a valid PN, or undefined when it is. */
export function personNameProblem(value: string): string | undefined {
  if (FORBIDDEN_IN_PN.test(value)) return 'PN must not contain backslash or control characters';
  const groups = value.split('=');
  if (groups.length > 3) return 'PN has more than three component groups';
  for (const group of groups) {
    if ([...group].length > PN_GROUP_MAX_LENGTH)
      return `PN component group longer than ${PN_GROUP_MAX_LENGTH}`;
    if (group.split('^').length > 5) return 'PN component group has more than five components';
  }
  return undefined;
}

export function isValidPersonName(value: string): boolean {
  return personNameProblem(value) === undefined;
}

/**
 * Builds the alphabetic group from parts: components are trimmed, `^` and `=` inside a part become
 * spaces (they would shift the components), and trailing empty components are dropped.
 */
export function formatPersonName(parts: PersonNameParts): string {
  const components = [parts.family, parts.given, parts.middle, parts.prefix, parts.suffix].map((part) =>
    (part ?? '')
      .replace(/[\^=\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  while (components.length > 0 && components[components.length - 1] === '') components.pop();
  return components.join('^');
}

export function parsePersonName(value: string): PersonNameParts {
  const [family, given, middle, prefix, suffix] = (value.split('=')[0] ?? '').split('^');
  return { family, given, middle, prefix, suffix };
}
