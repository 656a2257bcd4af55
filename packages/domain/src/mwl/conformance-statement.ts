import { HIDDEN_BY_DEFAULT_STATUSES } from '../sps-status.ts';
import { MWL_ATTRIBUTES, flattenAttributes, formatTag, type MwlAttribute } from './mwl-attributes.ts';

/**
 * The worklist part of the DICOM conformance statement (PS3.2 Annex N layout), generated from the
 * attribute table so the document and the code cannot disagree. A script writes it to
 * docs/CONFORMANCE.md.
 */

export interface ConformanceOptions {
  /** Whether PN matching ignores case (the gateway's configured default). */
  pnCaseInsensitive?: boolean;
}

export const SUPPORTED_SOP_CLASSES = [
  { name: 'Verification', uid: '1.2.840.10008.1.1', role: 'SCP' },
  { name: 'Modality Worklist Information Model - FIND', uid: '1.2.840.10008.5.1.4.31', role: 'SCP' },
  { name: 'Modality Performed Procedure Step', uid: '1.2.840.10008.3.1.2.3.3', role: 'SCP' },
] as const;

export const SUPPORTED_TRANSFER_SYNTAXES = [
  { name: 'Implicit VR Little Endian', uid: '1.2.840.10008.1.2' },
  { name: 'Explicit VR Little Endian', uid: '1.2.840.10008.1.2.1' },
] as const;

const MATCHING_LABEL: Record<string, string> = {
  single: 'SINGLE_VALUE',
  wildcard: 'WILDCARD',
  list: 'LIST',
  range: 'RANGE',
  sequence: 'SEQUENCE',
};

function indent(path: readonly string[]): string {
  return '>'.repeat(path.length - 1);
}

function matchingCell(attribute: MwlAttribute): string {
  if (attribute.matchingKey === null) return 'never matched';
  if (attribute.matching.length === 0) return 'UNIVERSAL only (a value is ignored, 0xFF01)';
  const labels = attribute.matching.map((kind) => {
    const label = kind === 'list' && attribute.vr === 'UI' ? 'UID' : MATCHING_LABEL[kind];
    return attribute.extensions.includes(kind) ? `${label} (extension)` : label;
  });
  return ['UNIVERSAL', ...labels].join(', ');
}

function sourceCell(attribute: MwlAttribute): string {
  switch (attribute.source) {
    case 'column':
      return `stored (\`${attribute.column}\`)`;
    case 'extra':
      return 'configured additional attribute, else zero-length';
    case 'computed':
      return 'computed';
    case 'empty':
      return attribute.vr === 'SQ' ? 'zero items' : 'zero-length';
  }
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function attributeTable(): string[] {
  const lines = [
    row(['Attribute (keyword)', 'Tag', 'VR', 'Matching key', 'Return key', 'Matching', 'Value']),
    row(['---', '---', '---', '---', '---', '---', '---']),
  ];
  for (const { path, attribute } of flattenAttributes(MWL_ATTRIBUTES)) {
    const name = `${indent(path)}${attribute.keyword}${attribute.inModel ? '' : ' (not in Table K.6-1)'}`;
    lines.push(
      row([
        name,
        formatTag(attribute.tag),
        attribute.vr,
        attribute.matchingKey ?? '-',
        attribute.returnKeyType,
        matchingCell(attribute),
        sourceCell(attribute),
      ]),
    );
  }
  return lines;
}

/** Renders the Markdown section. */
export function renderConformanceStatement(options: ConformanceOptions = {}): string {
  const pnCaseInsensitive = options.pnCaseInsensitive ?? true;
  const hidden = HIDDEN_BY_DEFAULT_STATUSES.join(', ');
  return [
    '## Modality Worklist SCP',
    '',
    '### SOP classes',
    '',
    row(['SOP class', 'UID', 'Role']),
    row(['---', '---', '---']),
    ...SUPPORTED_SOP_CLASSES.map((sop) => row([sop.name, sop.uid, sop.role])),
    '',
    'Transfer syntaxes, one accepted per presentation context: ' +
      SUPPORTED_TRANSFER_SYNTAXES.map((ts) => `${ts.name} (${ts.uid})`).join(', ') +
      '.',
    '',
    '### Keys (PS3.4 Table K.6-1)',
    '',
    ...attributeTable(),
    '',
    '### Matching',
    '',
    '- Universal Matching: a zero-length key or a lone `*`; the attribute is returned.',
    `- Person names: Single Value Matching is literal on the whole value${
      pnCaseInsensitive ? ', ignoring case' : ', case-sensitive'
    }; \`DOE\` does not match \`DOE^JOHN\` (use \`DOE*\`). Trailing empty components are ignored. ` +
      `Wild Card Matching on names ${pnCaseInsensitive ? 'also ignores case' : 'is case-sensitive'}.`,
    '- Wild Card Matching (`*`, `?`) on the keys marked WILDCARD. Patient ID, Scheduled Station AE Title ' +
      'and Modality allow Single Value Matching only: `*` and `?` in them are matched literally.',
    '- Study Instance UID accepts a list of UIDs (backslash-separated); Scheduled Procedure Step Status ' +
      'accepts a list of statuses (extension).',
    '- DA and TM keys accept single values and ranges (`A-B`, `-B`, `A-`). A TM bound with reduced ' +
      'precision covers its precision (`-12` ends at 12:59:59); fractions of a second are ignored.',
    '- When both Scheduled Procedure Step Start Date and Start Time are given they are one period: ' +
      '`20260310-20260312` with `0900-1700` is 10 March 09:00 to 12 March 17:00. A time alone is a ' +
      'window within any day; ranges crossing midnight are refused (0xA900).',
    '- With Timezone Offset From UTC in the query, dates and times are in that offset; otherwise in ' +
      "each item's local time.",
    '- A stored zero-length value never matches a non-universal key.',
    `- Items whose status is ${hidden} (\`gateway.hide_statuses\`), and items cancelled at their source ` +
      'while CANCELED is among them, are returned only when the query asks for them by Scheduled ' +
      'Procedure Step Status. STARTED stays visible by default (unlike dcm4chee-arc): a modality that ' +
      'restarts in the middle of an examination must still find its step.',
    '- Keys the gateway does not match on are returned like return keys; the responses then carry ' +
      'Pending 0xFF01. Query/Retrieve Level is ignored and not returned (0xFF01).',
    '- An identifier with a malformed value (DA, TM, UID), several items in a sequence key or ' +
      'several values in a single-value key is refused with 0xA900.',
    '',
    '### Responses',
    '',
    '- One Pending response per match, then Success 0x0000; Cancel 0xFE00 after C-CANCEL; 0xA700 when ' +
      'the configured result limit is exceeded; 0xC000 when the store cannot be read.',
    '- Exactly the requested attributes plus Specific Character Set; type 2 attributes without a value ' +
      'are zero-length; an empty sequence key returns the entire sequence.',
    '- Specific Character Set `ISO_IR 192` (UTF-8); per calling AE `ISO_IR 100` with characters outside ' +
      'Latin-1 transliterated (accents dropped, other scripts as `?`).',
    '',
  ].join('\n');
}
