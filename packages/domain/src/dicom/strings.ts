/**
 * Length and character rules of the string VRs the worklist stores (PS3.5 Table 6.2-1).
 * Lengths are in characters, which is what PS3.5 specifies for these VRs.
 */

export interface StringVrRule {
  maxLength: number;
  pattern: RegExp;
  description: string;
}

// Backslash is the value delimiter and control characters (other than ESC, which we never emit)
// are not allowed in SH/LO/PN; CS is limited to upper case, digits, space and underscore.
// eslint-disable-next-line no-control-regex
const NO_BACKSLASH_OR_CONTROL = /^[^\\\u0000-\u001f\u007f]*$/;

export const STRING_VR_RULES = {
  CS: { maxLength: 16, pattern: /^[A-Z0-9 _]*$/, description: 'upper case letters, digits, space, _' },
  SH: { maxLength: 16, pattern: NO_BACKSLASH_OR_CONTROL, description: 'no backslash or control characters' },
  LO: { maxLength: 64, pattern: NO_BACKSLASH_OR_CONTROL, description: 'no backslash or control characters' },
  // AE: no backslash, no control characters, and not only spaces.
  AE: {
    maxLength: 16,
    pattern: /^(?=.*[^ ])[\x20-\x5b\x5d-\x7e]*$/,
    description: 'printable ASCII, not all spaces',
  },
} as const satisfies Record<string, StringVrRule>;

export type StringVr = keyof typeof STRING_VR_RULES;

/** Why `value` is not a valid `vr`, or undefined when it is. */
export function stringVrProblem(vr: StringVr, value: string): string | undefined {
  const rule = STRING_VR_RULES[vr];
  if ([...value].length > rule.maxLength) return `${vr} longer than ${rule.maxLength} characters`;
  if (!rule.pattern.test(value)) return `${vr} must hold ${rule.description}`;
  return undefined;
}

export function isValidStringVr(vr: StringVr, value: string): boolean {
  return stringVrProblem(vr, value) === undefined;
}

/** Upper-cases and trims a code string; the caller still validates it. */
export function toCodeString(value: string): string {
  return value.trim().toUpperCase();
}
