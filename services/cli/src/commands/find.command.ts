import { parseArgs } from 'node:util';
import { findScu } from '@mwl/dimse';
import { HELP_OPTION, parseOrUsage } from '../args.ts';
import type { CliIo, Command } from '../io.ts';
import { matchesJson, matchTable } from '../scu/match-view.ts';
import { buildIdentifier } from '../scu/query-keys.ts';
import { describeStatus, PEER_HELP, PEER_OPTIONS, peerOf, timeoutsOf } from '../scu/scu-options.ts';
import { parseDay } from '../worklist/worklist-filter.ts';

const HELP = `Usage: mwl-bridge find [--host HOST] [--port N] [--aec AE] [--aet AE] [-k Key=value ...] [--json]

Sends a Modality Worklist C-FIND to any worklist server (ours, dcmtk's wlmscpfs, a RIS) and prints
the matches, as a scanner would see them. Without keys it asks for every item with the attributes
a modality usually shows. Exit code 0 when the final status is Success.

Options:
${PEER_HELP}
  -k, --key K=V         a query key in dcmtk's syntax (repeat): PatientName=DOE*,
                        ScheduledProcedureStepSequence[0].Modality=MR, or a bare keyword to have it
                        returned
      --date DAY        SPS start date: YYYYMMDD, a DICOM range (20261101-20261130), today, tomorrow
      --modality MR     SPS modality
      --station AE      Scheduled Station AE Title
      --json            the matches as JSON data sets instead of a table
  -h, --help            this text
`;

const RELATIVE_OR_ISO = /^(today|tomorrow|yesterday|\d{4}-\d{2}-\d{2})$/i;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: [...args],
      strict: true,
      options: {
        ...HELP_OPTION,
        ...PEER_OPTIONS,
        key: { type: 'string', short: 'k', multiple: true },
        date: { type: 'string' },
        modality: { type: 'string' },
        station: { type: 'string' },
        json: { type: 'boolean' },
      },
    }),
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const peer = peerOf(values);
  const date =
    values.date !== undefined && RELATIVE_OR_ISO.test(values.date)
      ? parseDay('date', values.date, new Date(), io.hostTimezone)
      : values.date;
  const identifier = buildIdentifier(values.key ?? [], {
    ...(date !== undefined && { date }),
    ...(values.modality !== undefined && { modality: values.modality }),
    ...(values.station !== undefined && { station: values.station }),
  });
  const result = await findScu(peer, identifier, timeoutsOf(values));
  const count = `${result.matches.length} match${result.matches.length === 1 ? '' : 'es'}`;
  const comment = result.errorComment ? `: ${result.errorComment}` : '';
  const final = `${count}, final status ${describeStatus(result.status)}${comment}\n`;
  if (values.json) {
    io.stdout.write(`${matchesJson(result.matches)}\n`);
    io.stderr.write(final);
  } else {
    if (result.matches.length > 0) io.stdout.write(`${matchTable(result.matches)}\n`);
    io.stdout.write(final);
  }
  return result.status === 0 ? 0 : 1;
}

export const findCommand: Command = {
  name: 'find',
  help: HELP,
  run,
};
