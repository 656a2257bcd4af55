import { describe, expect, it } from 'vitest';
import { DimseConfigError } from './errors.ts';
import { createDimseServer } from './server.ts';
import { createCaptureLogger } from './testing/capture-logger.ts';
import type { DimseServerOptions } from './types.ts';

const valid: DimseServerOptions = {
  logger: createCaptureLogger(),
  aeTitles: ['MWL'],
  maxAssociations: 4,
  maxPduLength: 65536,
  idleTimeoutMs: 60_000,
  handlers: {},
};

describe('createDimseServer options', () => {
  it.each([
    ['no AE title', { aeTitles: [] }],
    ['a zero association limit', { maxAssociations: 0 }],
    ['a max PDU length below 4096', { maxPduLength: 1024 }],
    ['a max PDU length above 16 MiB', { maxPduLength: 32 * 1024 * 1024 }],
    ['a zero idle timeout', { idleTimeoutMs: 0 }],
    ['a message cap below the PDU length', { maxMessageBytes: 1000 }],
  ])('refuses %s', (_case, override) => {
    expect(() => createDimseServer({ ...valid, ...override })).toThrow(DimseConfigError);
  });

  it('starts with zeroed statistics', () => {
    expect(createDimseServer(valid).stats()).toMatchObject({
      connectionsOpen: 0,
      associationsAccepted: 0,
      find: 0,
    });
  });
});
