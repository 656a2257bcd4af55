import type { MwlBridgeConfig, MwlBridgeConfigInput } from './config-schema.ts';
import { orderKeys } from './known-paths.ts';

const INLINE_ARRAY_LIMIT = 72;

/**
 * The config as a file: keys in schema order, 2-space JSON, short arrays of plain values on one
 * line (`"start_time": [8, 0]`), trailing newline. Accepts the file form (`convertLegacyConfig`'s
 * output) or a parsed config (then every default is written out).
 */
export function serializeConfig(
  config: MwlBridgeConfigInput | MwlBridgeConfig | Record<string, unknown>,
): string {
  return `${stringify(orderKeys(config), '')}\n`;
}

function stringify(value: unknown, indent: string): string {
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const plain = value.every((item) => item === null || typeof item !== 'object');
    const inline = `[${value.map((item) => JSON.stringify(item ?? null)).join(', ')}]`;
    if (plain && inline.length <= INLINE_ARRAY_LIMIT) return inline;
    return `[\n${value.map((item) => `${inner}${stringify(item, inner)}`).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    const lines = entries.map(([key, v]) => `${inner}${JSON.stringify(key)}: ${stringify(v, inner)}`);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
