import { parseArgs } from 'node:util';
import { echoScu } from '@mwl/dimse';
import { HELP_OPTION, parseOrUsage } from '../args.ts';
import type { CliIo, Command } from '../io.ts';
import { describeStatus, PEER_HELP, PEER_OPTIONS, peerOf, timeoutsOf } from '../scu/scu-options.ts';

const HELP = `Usage: mwl-bridge echo [--host HOST] [--port N] [--aec AE] [--aet AE]

Sends a C-ECHO (DICOM Verification) to any DICOM server: does it answer, and accept our AE titles?
Exit code 0 when it answers Success.

Options:
${PEER_HELP}
  -h, --help            this text
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({ args: [...args], strict: true, options: { ...HELP_OPTION, ...PEER_OPTIONS } }),
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const peer = peerOf(values);
  const result = await echoScu(peer, timeoutsOf(values));
  const where = `${peer.calledAeTitle}@${peer.host}:${peer.port}`;
  io.stdout.write(
    `C-ECHO ${where} from ${peer.callingAeTitle}: ${describeStatus(result.status)} in ${Math.round(result.durationMs)} ms\n`,
  );
  return result.status === 0 ? 0 : 1;
}

export const echoCommand: Command = {
  name: 'echo',
  help: HELP,
  run,
};
