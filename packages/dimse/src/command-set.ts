/**
 * Checks a received DIMSE command set before dcmjs-dimse parses it, and reads the few fields the
 * framer needs. A command set is Implicit VR Little Endian, group 0000 only, with defined lengths
 * (PS3.7 6.3.1, E.1): anything else is refused, so the library's parser only ever sees a flat list
 * of small elements.
 */

export interface CommandSummary {
  /** (0000,0100) Command Field. */
  commandField: number;
  /** (0000,0110) Message ID, or (0000,0120) Message ID Being Responded To; -1 when neither. */
  messageId: number;
  /** (0000,0800) Command Data Set Type: anything but 0x0101 announces a data set. */
  hasDataset: boolean;
}

export const NO_DATASET = 0x0101;
/** Command Data Set Type of a message with a data set, as dcmjs-dimse writes it. */
export const DATA_SET_PRESENT = 0x0202;
export const C_FIND_RQ = 0x0020;
export const C_FIND_RSP = 0x8020;

/** Returns the summary, or a problem description when the bytes are not a well-formed command set. */
export function readCommandSet(bytes: Buffer): CommandSummary | string {
  let commandField: number | undefined;
  let dataSetType: number | undefined;
  let messageId = -1;
  for (let at = 0; at < bytes.length;) {
    if (at + 8 > bytes.length) return 'command set element header runs past the end';
    const group = bytes.readUInt16LE(at);
    const element = bytes.readUInt16LE(at + 2);
    const length = bytes.readUInt32LE(at + 4);
    if (group !== 0) return `command set holds an element of group ${group.toString(16).padStart(4, '0')}`;
    if (length > bytes.length - at - 8) return 'command set element runs past the end';
    const value = bytes.subarray(at + 8, at + 8 + length);
    const us = value.length === 2 ? value.readUInt16LE(0) : undefined;
    if (element === 0x0100) commandField = us;
    else if (element === 0x0800) dataSetType = us;
    else if ((element === 0x0110 || element === 0x0120) && us !== undefined) messageId = us;
    at += 8 + length;
  }
  if (commandField === undefined) return 'command set without a valid Command Field';
  if (dataSetType === undefined) return 'command set without a valid Command Data Set Type';
  return { commandField, messageId, hasDataset: dataSetType !== NO_DATASET };
}
