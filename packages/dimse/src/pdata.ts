/**
 * P-DATA-TF PDUs for one DIMSE message (PS3.8 9.3.5, E.2), as one buffer for one socket write: the
 * command set in a PDU of its own, then the data set in fragments, each PDU no longer than the
 * maximum length the peer accepts. The same PDUs dcmjs-dimse writes for a response, without its
 * per-PDU objects and buffers.
 */

const PDU_HEADER_BYTES = 6;
/** Item length (4) + presentation context ID (1) + message control header (1). */
const PDV_HEADER_BYTES = 6;
const P_DATA_TF = 0x04;
const COMMAND = 0x01;
const LAST_FRAGMENT = 0x02;
/** dcmjs-dimse's ceiling when the peer sets no maximum (0 = unlimited): the same PDUs as before. */
const UNLIMITED_PDU_BYTES = 4 * 1024 * 1024;

interface Fragment {
  value: Buffer;
  control: number;
}

function fragmentsOf(value: Buffer, command: boolean, maxValueBytes: number): Fragment[] {
  const kind = command ? COMMAND : 0;
  if (value.length === 0) return [{ value, control: kind | LAST_FRAGMENT }];
  const fragments: Fragment[] = [];
  for (let at = 0; at < value.length; at += maxValueBytes) {
    const end = Math.min(value.length, at + maxValueBytes);
    fragments.push({
      value: value.subarray(at, end),
      control: kind | (end === value.length ? LAST_FRAGMENT : 0),
    });
  }
  return fragments;
}

/** One PDU of one PDV per part: what nearly every response is (a worklist item is far below a PDU). */
function wholeParts(contextId: number, command: Buffer, dataset: Buffer | undefined): Buffer {
  const overhead = PDU_HEADER_BYTES + PDV_HEADER_BYTES;
  const bytes = Buffer.allocUnsafe(overhead + command.length + (dataset ? overhead + dataset.length : 0));
  const at = writePdv(bytes, 0, contextId, COMMAND | LAST_FRAGMENT, command);
  if (dataset) writePdv(bytes, at, contextId, LAST_FRAGMENT, dataset);
  return bytes;
}

/** Writes a P-DATA-TF PDU holding one PDV at `at`; returns where the next begins. */
function writePdv(bytes: Buffer, at: number, contextId: number, control: number, value: Buffer): number {
  bytes.writeUInt8(P_DATA_TF, at);
  bytes.writeUInt8(0, at + 1);
  bytes.writeUInt32BE(PDV_HEADER_BYTES + value.length, at + 2);
  bytes.writeUInt32BE(2 + value.length, at + 6);
  bytes.writeUInt8(contextId, at + 10);
  bytes.writeUInt8(control, at + 11);
  value.copy(bytes, at + 12);
  return at + PDU_HEADER_BYTES + PDV_HEADER_BYTES + value.length;
}

/**
 * The PDUs of a message on presentation context `contextId`. `maxPduLength` is the negotiated
 * maximum length of a PDU's variable part (0: no maximum).
 */
export function encodePData(
  contextId: number,
  command: Buffer,
  dataset: Buffer | undefined,
  maxPduLength: number,
): Buffer {
  const max = maxPduLength === 0 ? UNLIMITED_PDU_BYTES : Math.min(maxPduLength, UNLIMITED_PDU_BYTES);
  const maxValueBytes = max - PDV_HEADER_BYTES;
  if (command.length <= maxValueBytes && (dataset === undefined || dataset.length <= maxValueBytes)) {
    return wholeParts(contextId, command, dataset);
  }
  const fragments = [
    ...fragmentsOf(command, true, maxValueBytes),
    ...(dataset === undefined ? [] : fragmentsOf(dataset, false, maxValueBytes)),
  ];
  let total = 0;
  for (const fragment of fragments) total += PDU_HEADER_BYTES + PDV_HEADER_BYTES + fragment.value.length;
  const bytes = Buffer.allocUnsafe(total);
  let at = 0;
  for (const { value, control } of fragments) at = writePdv(bytes, at, contextId, control, value);
  return bytes;
}
