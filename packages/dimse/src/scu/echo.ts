import { ScuConnectionError } from '../errors.ts';
import { requests } from '../lib.ts';
import { openAssociation } from './association.ts';
import type { EchoScuResult, ScuOptions, ScuPeer } from './types.ts';

/** One C-ECHO (Verification) on its own association: the DICOM "ping". */
export async function echoScu(peer: ScuPeer, options: ScuOptions = {}): Promise<EchoScuResult> {
  const started = performance.now();
  const request = new requests.CEchoRequest();
  let status: number | undefined;
  request.on('response', (response: { getStatus(): number }) => {
    status = response.getStatus();
  });
  await openAssociation(peer, [request], options).finished;
  if (status === undefined) {
    throw new ScuConnectionError('the association ended without a C-ECHO response');
  }
  return { status, durationMs: performance.now() - started };
}
