import { spsStatusForMpps } from '../sps-status.ts';
import {
  CREATE_STEP_TYPE1,
  CREATE_STEP_TYPE2,
  CREATE_TYPE1,
  CREATE_TYPE2,
  FINAL_SERIES_TYPE1,
  FINAL_TYPE1,
  SET_ALLOWED,
} from './mpps-attributes.ts';
import { MAX_LINKED_STEP_ITEMS } from './mpps-link.ts';
import { MPPS_NO_LONGER_UPDATABLE_COMMENT } from './mpps-status.ts';

/**
 * The MPPS SCP part of the DICOM conformance statement (PS3.2 Annex N.5 layout), generated from
 * the attribute tables `decideCreate` / `decideSet` check, so the document and the code agree.
 */

const list = (keywords: readonly string[]) => keywords.map((k) => `\`${k}\``).join(', ');
const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

export function renderMppsConformanceStatement(): string {
  return [
    '## Modality Performed Procedure Step SCP',
    '',
    'SOP class 1.2.840.10008.3.1.2.3.3, role SCP: N-CREATE and N-SET (N-GET is not offered). Instances ' +
      'are keyed by their SOP Instance UID and stored in the worklist database before the answer is ' +
      'sent: any gateway instance on the same database takes the next message of a procedure step.',
    '',
    '### N-CREATE',
    '',
    '- Performed Procedure Step Status must be `IN PROGRESS`; anything else is refused with 0x0106.',
    `- Type 1 (present with a value): ${list(CREATE_TYPE1)}; in each Scheduled Step Attributes ` +
      `Sequence item: ${list(CREATE_STEP_TYPE1)}.`,
    `- Type 2 (present, may be zero-length): ${list(CREATE_TYPE2)}; in each item: ${list(CREATE_STEP_TYPE2)}.`,
    '- A missing attribute is refused with 0x0120, a type 1 attribute without a value with 0x0121, a ' +
      'start date or time that is not a valid DA/TM with 0x0106; the response lists the attributes in ' +
      'Attribute Identifier List (0000,1005) and names them in Error Comment.',
    '- Without an Affected SOP Instance UID the SCP assigns one (`2.25.…`) and returns it.',
    '- Other attributes, sequences included, are stored as received; binary values (OB/OW/UN, ' +
      'private elements) are not kept.',
    '',
    '### N-SET',
    '',
    `- Accepted only while the instance is IN PROGRESS; on a COMPLETED or DISCONTINUED instance: 0x0110 with ` +
      `Error ID (0000,0903) A710 and Error Comment "${MPPS_NO_LONGER_UPDATABLE_COMMENT}".`,
    `- Attributes an N-SET may change: ${list([...SET_ALLOWED])}. Each replaces the stored value (a ` +
      'sequence as a whole); attributes not sent are kept, so the Performed Series Sequence of an ' +
      'earlier N-SET stays.',
    '- Attributes an N-SET may not change (patient, scheduled step, PPS ID, station, location, start, ' +
      'modality, study ID) are ignored: the N-CREATE values are kept, the request is not refused (some ' +
      'modalities resend them unchanged), and their keywords are logged.',
    '- Specific Character Set: text is decoded with each message\u2019s own character set; when an ' +
      'N-SET declares another set than the instance, the instance declares ISO_IR 192.',
    `- To COMPLETED or DISCONTINUED the instance must then hold ${list(FINAL_TYPE1)} with values and a ` +
      `Performed Series Sequence with at least one item, each with ${list(FINAL_SERIES_TYPE1)}: ` +
      'otherwise 0x0120 (absent) or 0x0121 (zero-length, no item), and the instance stays IN PROGRESS.',
    '- An unknown SOP Instance UID: 0x0112.',
    '',
    '### Status codes',
    '',
    row(['Status', 'Meaning', 'When']),
    row(['---', '---', '---']),
    row(['0x0000', 'Success', 'stored']),
    row(['0x0106', 'Invalid attribute value', 'N-CREATE status not IN PROGRESS; bad status, DA or TM']),
    row(['0x0110', 'Processing failure', 'N-SET on a final instance (Error ID A710); the store failed']),
    row(['0x0111', 'Duplicate SOP instance', 'N-CREATE of a UID already stored']),
    row(['0x0112', 'No such object instance', 'N-SET of an unknown UID']),
    row(['0x0117', 'Invalid object instance', 'the Affected SOP Instance UID is not a valid UID']),
    row(['0x0120', 'Missing attribute', 'a required attribute is absent']),
    row(['0x0121', 'Missing attribute value', 'a type 1 attribute or final-state attribute has no value']),
    '',
    '### Worklist items',
    '',
    '- Each Scheduled Step Attributes Sequence item is linked to the worklist item with its Study ' +
      'Instance UID and Scheduled Procedure Step ID, else its Accession Number and Requested Procedure ' +
      `ID (the first ${MAX_LINKED_STEP_ITEMS} items). One MPPS may link several items (grouped procedures); ` +
      'one item may have several MPPS.',
    '- Only when no item links: the item is found by Patient ID if exactly one active (not started, ' +
      'completed, discontinued or cancelled) step of that patient is scheduled on the PPS start date ' +
      'for the Performed Station AE Title. An MPPS that links nothing is stored unlinked (an ' +
      'unscheduled procedure) and listed by `mwl-bridge query`. Each link records how it was made.',
    `- The linked items' Scheduled Procedure Step Status follows, in the same database transaction: ` +
      `IN PROGRESS \u2192 ${spsStatusForMpps('IN PROGRESS')}, COMPLETED \u2192 ${spsStatusForMpps('COMPLETED')}, ` +
      `DISCONTINUED \u2192 ${spsStatusForMpps('DISCONTINUED')}. A later update from the item's source ` +
      'never moves these back.',
    '',
  ].join('\n');
}
