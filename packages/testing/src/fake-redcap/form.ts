/**
 * Form-encoded request bodies as REDCap (PHP) reads them: `name[0]=a&name[1]=b` and `name[]=a`
 * are lists, in index order; a plain value of a list parameter may also be comma-separated.
 */

export type FormFields = Map<string, string | string[]>;

const LIST_PARAMS = new Set(['fields', 'forms', 'events', 'records', 'arms']);

export function parseForm(body: string): FormFields {
  const fields: FormFields = new Map();
  const indexed = new Map<string, { index: number; order: number; value: string }[]>();
  let order = 0;
  for (const [rawName, value] of new URLSearchParams(body)) {
    const list = /^([^[\]]+)\[(\d*)\]$/.exec(rawName);
    if (list) {
      const name = list[1]!;
      const items = indexed.get(name) ?? [];
      items.push({
        index: list[2] === '' ? Number.MAX_SAFE_INTEGER : Number(list[2]),
        order: order++,
        value,
      });
      indexed.set(name, items);
    } else if (LIST_PARAMS.has(rawName)) {
      fields.set(
        rawName,
        value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== ''),
      );
    } else {
      fields.set(rawName, value);
    }
  }
  for (const [name, items] of indexed) {
    items.sort((a, b) => a.index - b.index || a.order - b.order);
    fields.set(
      name,
      items.map((item) => item.value),
    );
  }
  return fields;
}

export function formText(fields: FormFields, name: string): string | undefined {
  const value = fields.get(name);
  return typeof value === 'string' ? value : undefined;
}

export function formList(fields: FormFields, name: string): string[] | undefined {
  const value = fields.get(name);
  if (value === undefined) return undefined;
  const list = typeof value === 'string' ? [value] : value;
  return list.length > 0 ? list : undefined;
}
