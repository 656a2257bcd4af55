import { MWL_ATTRIBUTES, type MwlAttribute, type ResponseDataset } from '@mwl/domain';

/** An attribute in the DICOM JSON Model (PS3.18 F.2). */
export interface DicomJsonAttribute {
  vr: string;
  Value?: unknown[];
}
export type DicomJsonDataset = Record<string, DicomJsonAttribute>;

const NUMBER_VRS = new Set(['US', 'DS', 'IS']);

/** A response data set of the C-FIND response builder in the DICOM JSON Model. */
export function toDicomJson(
  dataset: ResponseDataset,
  attributes: readonly MwlAttribute[] = MWL_ATTRIBUTES,
): DicomJsonDataset {
  const json: DicomJsonDataset = {};
  for (const [keyword, value] of Object.entries(dataset)) {
    if (keyword === 'SpecificCharacterSet') continue; // JSON is always UTF-8 (F.2.1.1)
    const attribute = attributes.find((a) => a.keyword === keyword);
    if (!attribute) continue;
    json[attribute.tag] = element(attribute, value);
  }
  return Object.fromEntries(Object.entries(json).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function element(attribute: MwlAttribute, value: ResponseDataset[keyof ResponseDataset]): DicomJsonAttribute {
  if (attribute.vr === 'SQ') {
    const items = Array.isArray(value) ? value : [];
    return items.length === 0
      ? { vr: 'SQ' }
      : { vr: 'SQ', Value: items.map((item) => toDicomJson(item, attribute.items)) };
  }
  if (typeof value !== 'string' || value === '') return { vr: attribute.vr };
  const values = value.split('\\');
  if (attribute.vr === 'PN') return { vr: 'PN', Value: values.map((v) => ({ Alphabetic: v })) };
  if (NUMBER_VRS.has(attribute.vr)) return { vr: attribute.vr, Value: values.map(Number) };
  return { vr: attribute.vr, Value: values };
}
