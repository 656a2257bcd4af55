import type { DicomDataset, DicomValue } from '../types.ts';

const NON_ASCII = /[^\u0020-\u007e\t\r\n]/;

function hasNonAscii(value: DicomValue | DicomDataset | undefined): boolean {
  if (typeof value === 'string') return NON_ASCII.test(value);
  if (Array.isArray(value)) return (value as unknown[]).some((item) => hasNonAscii(item as DicomValue));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.values(value as Record<string, DicomValue>).some(hasNonAscii);
  }
  return false;
}

/**
 * The identifier as dcmjs writes it. dcmjs writes text as UTF-8, so an identifier with non-ASCII
 * text and no Specific Character Set is sent declaring ISO_IR 192.
 */
export function requestElements(identifier: DicomDataset): Record<string, unknown> {
  const elements: Record<string, unknown> = { ...identifier };
  if (elements.SpecificCharacterSet === undefined && hasNonAscii(identifier)) {
    elements.SpecificCharacterSet = 'ISO_IR 192';
  }
  return elements;
}
