import { EventEmitter } from 'node:events';
import { stdSerializers } from 'pino';
import { isPhiKey, REDACTED } from './phi-keys.ts';

/** Deeper than this, a value is replaced rather than walked (guards the stack, not privacy). */
const MAX_DEPTH = 32;
const CIRCULAR = '[Circular]';
const TRUNCATED = '[Truncated]';

/**
 * Returns `value` with the value of every PHI key (see `isPhiKey`) replaced by "[REDACTED]", at any
 * depth, inside plain objects, arrays, class instances, errors and `toJSON()` results.
 *
 * Copy-on-write: the caller's objects are never mutated, and a branch without PHI is returned as
 * the same reference, so logging a clean object costs one walk and no allocation. Cycles become
 * "[Circular]" (returning the original there would smuggle its PHI past the copy), binary data
 * becomes "[Binary: n bytes]" (a DICOM buffer is full of PHI), event emitters (sockets, requests,
 * clients) are left as they are, and so are strings: a message cannot be scrubbed, only kept free
 * of patient data by whoever writes it.
 */
export function scrubPhi<T>(value: T): T {
  return scrub(value, 0, new WeakMap()) as T;
}

type Seen = WeakMap<object, unknown>;
const IN_PROGRESS = Symbol('in-progress');

function scrub(value: unknown, depth: number, seen: Seen): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return TRUNCATED;
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return `[Binary: ${value.byteLength} bytes]`;
  }
  const known = seen.get(value);
  if (known === IN_PROGRESS) return CIRCULAR;
  if (known !== undefined) return known;

  seen.set(value, IN_PROGRESS);
  const result = scrubObject(value, depth, seen);
  seen.set(value, result);
  return result;
}

function scrubObject(value: object, depth: number, seen: Seen): unknown {
  if (Array.isArray(value)) return scrubArray(value, depth, seen);
  if (value instanceof Error) return scrub(stdSerializers.err(value), depth, seen);
  if (value instanceof Map || value instanceof Set) return value; // JSON renders them as {}
  // Sockets, requests, clients: machinery, not data, and walking their graphs is costly.
  if (value instanceof EventEmitter) return value;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const json: unknown = toJSON.call(value);
    if (json === value) return scrubProperties(value, depth, seen);
    const scrubbed = scrub(json, depth + 1, seen);
    return scrubbed === json ? value : scrubbed; // a Date stays a Date unless something changed
  }
  return scrubProperties(value, depth, seen);
}

function scrubArray(value: readonly unknown[], depth: number, seen: Seen): unknown {
  let copy: unknown[] | undefined;
  for (let index = 0; index < value.length; index++) {
    const item = value[index];
    const scrubbed = scrub(item, depth + 1, seen);
    if (scrubbed !== item) {
      copy ??= value.slice();
      copy[index] = scrubbed;
    }
  }
  return copy ?? value;
}

function scrubProperties(value: object, depth: number, seen: Seen): unknown {
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const scrubbed = isPhiKey(key) && item !== undefined ? REDACTED : scrub(item, depth + 1, seen);
    if (scrubbed !== item) {
      copy ??= { ...value };
      copy[key] = scrubbed;
    }
  }
  // A copied class instance becomes a plain object: JSON renders only own enumerable properties anyway.
  return copy ?? value;
}
