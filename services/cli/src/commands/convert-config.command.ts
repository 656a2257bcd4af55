import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  convertLegacyConfig,
  loadConfigFile,
  parseConfig,
  serializeConfig,
  type ConfigProblem,
} from '@mwl/config';
import { HELP_OPTION, parseOrUsage, resolvePath } from '../args.ts';
import { convertPylantirSource, pylantirFormNotes } from '../config/pylantir-sources.ts';
import { checkSources } from '../config/source-checks.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo, Command } from '../io.ts';
import { writeProblems, writeWarnings } from '@mwl/runtime';
import { createBuiltInSourceRegistry } from '@mwl/sources';

const HELP = `Usage: mwl-bridge convert-config --config FILE [--out FILE]

Rewrites a Pylantir config file in mwl-bridge's form: the legacy top-level REDCap settings become
data_sources[0], allowed_aet moves into gateway, keys mwl-bridge does not use are dropped, and
Pylantir's REDCap and Calpendo field mappings become declarative mappings (with the same meaning).
The host's timezone is written out when the file has none. What changed is listed on stderr; the
result passes check-config without warnings. A file already in the new form comes back as it is.

Options:
  -c, --config FILE     the file to convert (it is never modified)
  -o, --out FILE        where to write the result (default: stdout)
  -h, --help            this text
`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({
      args: [...args],
      strict: true,
      options: {
        ...HELP_OPTION,
        config: { type: 'string', short: 'c' },
        pylantir_config: { type: 'string' },
        out: { type: 'string', short: 'o' },
      },
    }),
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const given = values.config ?? values.pylantir_config;
  if (given === undefined) throw new CliUsageError('--config FILE is required');
  const input = resolvePath(io.cwd, given);
  const output = values.out === undefined ? undefined : resolvePath(io.cwd, values.out);
  if (output === input) throw new CliUsageError('--out must not be the input file: keep the original');

  const file = await loadConfigFile(input);
  if (!file.ok) {
    writeProblems(io.stderr, given, file.problems);
    return 2;
  }
  if (!isRecord(file.json)) {
    writeProblems(io.stderr, given, [{ path: '', message: 'the config must be a JSON object' }]);
    return 2;
  }
  const converted = convertLegacyConfig(file.json);
  if (converted.problems.length > 0) {
    writeProblems(io.stderr, given, converted.problems);
    return 2;
  }
  const notes: ConfigProblem[] = [...converted.warnings];
  const result: Record<string, unknown> = { ...converted.config };
  if (result.timezone === undefined) {
    result.timezone = io.hostTimezone;
    notes.push({ path: 'timezone', message: `not set: the host's timezone "${io.hostTimezone}" written` });
  }
  if (Array.isArray(result.data_sources)) {
    result.data_sources = result.data_sources.map((entry: unknown, index) => {
      if (!isRecord(entry)) return entry;
      for (const note of pylantirFormNotes(entry, 'convert')) {
        notes.push({
          path: `data_sources[${index}]${note.path ? `.${note.path}` : ''}`,
          message: note.message,
        });
      }
      return convertPylantirSource(entry);
    });
  }

  // The result must be usable as it is: checked like check-config does (without the environment).
  const parsed = parseConfig(result, { defaults: { timezone: io.hostTimezone } });
  const problems = parsed.ok
    ? (await checkSources(parsed.config, { registry: createBuiltInSourceRegistry() })).problems
    : parsed.problems;
  writeWarnings(io.stderr, `${given} (converted)`, notes);
  if (problems.length > 0) {
    writeProblems(io.stderr, `${given}, once converted,`, problems);
    return 2;
  }
  const text = serializeConfig(result);
  if (output === undefined) io.stdout.write(text);
  else {
    await writeFile(output, text, 'utf8');
    io.stderr.write(`Wrote ${values.out}\n`);
  }
  return 0;
}

export const convertConfigCommand: Command = {
  name: 'convert-config',
  help: HELP,
  run,
};
