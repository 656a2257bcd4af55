import { parseArgs } from 'node:util';
import { parseEnv, readSecretFile } from '@mwl/config';
import { HELP_OPTION, intOption, parseOrUsage, resolvePath } from '../args.ts';
import { storageEnvSchema } from '../config/bridge-env.ts';
import type { CliIo, Command } from '../io.ts';
import { openStorage } from '../runtime/storage.ts';
import { worklistFilter } from '../worklist/worklist-filter.ts';
import { worklistJson, worklistTable } from '../worklist/worklist-view.ts';
import { writeProblems } from '@mwl/runtime';

const HELP = `Usage: mwl-bridge query [--date DAY | --from DAY --to DAY] [filters] [--json]

Prints the worklist as stored (Pylantir's query-db, done right): a table, or JSON with --json.
Reads DATABASE_URL when set, else the embedded database in the data folder (only while no
mwl-bridge start runs on it; ask a running gateway with "mwl-bridge find" instead).

Options:
      --date DAY        scheduled on this day: YYYYMMDD, YYYY-MM-DD, today, tomorrow, yesterday
      --from DAY        scheduled on or after this day
      --to DAY          scheduled on or before this day
      --modality MR     these modalities (comma-separated)
      --station AE      these Scheduled Station AE Titles (comma-separated)
      --status S        these statuses: SCHEDULED, ARRIVED, READY, STARTED, COMPLETED, DISCONTINUED,
                        CANCELED (comma-separated)
      --source NAME     these data sources (comma-separated)
      --all             cancelled items too (default: active items only)
      --limit N         at most N items (default 500)
      --json            JSON instead of a table
      --data-dir DIR    the embedded database's folder (default $MWL_DATA_DIR, else ./data)
  -h, --help            this text
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: [...args],
      strict: true,
      options: {
        ...HELP_OPTION,
        date: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        modality: { type: 'string' },
        station: { type: 'string' },
        status: { type: 'string' },
        source: { type: 'string' },
        all: { type: 'boolean' },
        limit: { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
    }),
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const limit = intOption('limit', values.limit, { min: 1, max: 100_000 }) ?? 500;
  const filter = worklistFilter(values, new Date(), io.hostTimezone);
  const env = parseEnv(storageEnvSchema, io.env, { readFile: readSecretFile });
  if (!env.ok) {
    writeProblems(io.stderr, 'environment', env.problems);
    return 2;
  }
  const storage = await openStorage({
    ...(env.env.DATABASE_URL !== undefined && { databaseUrl: env.env.DATABASE_URL }),
    dataDir: resolvePath(io.cwd, values['data-dir'] ?? env.env.MWL_DATA_DIR),
    migrate: false,
    create: false,
    poolSize: 1,
    applicationName: 'mwl-bridge-query',
  });
  try {
    const found = await storage.prisma.worklistItem.findMany({
      where: filter.where,
      orderBy: [{ spsStartAt: 'asc' }, { id: 'asc' }],
      take: limit + 1,
    });
    const items = found.slice(0, limit);
    if (values.json) io.stdout.write(`${JSON.stringify(items.map(worklistJson), null, 2)}\n`);
    else if (items.length === 0) io.stdout.write('No worklist items match.\n');
    else io.stdout.write(`${worklistTable(items)}\n`);
    if (found.length > limit)
      io.stderr.write(`Showing the first ${limit} items; narrow the query or raise --limit.\n`);
    else if (!values.json && items.length > 0)
      io.stdout.write(`${items.length} item${items.length === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    await storage.close();
  }
}

export const queryCommand: Command = {
  name: 'query',
  help: HELP,
  run,
};
