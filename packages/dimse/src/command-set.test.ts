import { describe, expect, it } from 'vitest';
import { readCommandSet } from './command-set.ts';
import { commandSet } from './testing/raw-dimse.ts';

describe('readCommandSet', () => {
  it('reads Command Field, Message ID and whether a data set follows', () => {
    expect(readCommandSet(commandSet({ CommandField: 0x20, MessageID: 9, CommandDataSetType: 0 }))).toEqual({
      commandField: 0x20,
      messageId: 9,
      hasDataset: true,
    });
    expect(
      readCommandSet(
        commandSet({ CommandField: 0x0fff, MessageIDBeingRespondedTo: 4, CommandDataSetType: 0x0101 }),
      ),
    ).toEqual({ commandField: 0x0fff, messageId: 4, hasDataset: false });
  });

  it.each([
    ['an element outside group 0000', Buffer.from([0x08, 0, 0x60, 0, 0, 0, 0, 0])],
    ['a truncated element header', Buffer.from([0, 0, 0, 1])],
    ['an element running past the end', Buffer.from([0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff])],
    ['no Command Field', commandSet({ MessageID: 1, CommandDataSetType: 0x0101 })],
    ['no Command Data Set Type', commandSet({ CommandField: 0x30, MessageID: 1 })],
  ])('refuses %s', (_case, bytes) => {
    expect(typeof readCommandSet(bytes)).toBe('string');
  });
});
