import { aeTitleSchema } from '@mwl/config';
import type { ScuPeer } from '@mwl/dimse';
import { intOption } from '../args.ts';
import { CliUsageError } from '../errors.ts';

/** The options every SCU command takes, dcmtk-style names. */
export const PEER_OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string', short: 'p' },
  aet: { type: 'string' },
  aec: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const PEER_HELP = `      --host HOST       the worklist server (default 127.0.0.1)
  -p, --port N          its port (default 4242)
      --aec AE          its AE title, the called AE (default MWL_BRIDGE)
      --aet AE          our AE title, the calling AE (default MWL_SCU)
      --timeout S       seconds to wait for the connection and each answer (default 30)`;

function aeTitle(option: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  const parsed = aeTitleSchema.safeParse(value);
  if (!parsed.success)
    throw new CliUsageError(`--${option}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function peerOf(values: { host?: string; port?: string; aet?: string; aec?: string }): ScuPeer {
  return {
    host: values.host ?? '127.0.0.1',
    port: intOption('port', values.port, { min: 1, max: 65535 }) ?? 4242,
    calledAeTitle: aeTitle('aec', values.aec, 'MWL_BRIDGE'),
    callingAeTitle: aeTitle('aet', values.aet, 'MWL_SCU'),
  };
}

export function timeoutsOf(values: { timeout?: string }) {
  const seconds = intOption('timeout', values.timeout, { min: 1, max: 3600 }) ?? 30;
  return {
    connectTimeoutMs: seconds * 1000,
    pduTimeoutMs: seconds * 1000,
    associationTimeoutMs: seconds * 4000,
  };
}

const STATUS_NAMES: Readonly<Record<number, string>> = {
  0x0000: 'Success',
  0xfe00: 'Cancel',
  0xa700: 'Refused: Out of Resources',
  0xa900: 'Error: Identifier does not match SOP Class',
  0x0110: 'Processing failure',
  0x0122: 'SOP Class not supported',
};

/** `Success (0x0000)`, `Unable to process (0xC001)`. */
export function describeStatus(status: number): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(4, '0')}`;
  const name =
    STATUS_NAMES[status] ?? (status >= 0xc000 && status <= 0xcfff ? 'Failed: Unable to process' : 'status');
  return `${name} (${hex})`;
}
