import type { z } from 'zod';
import { RoleUsageError } from './errors.ts';
import type { ProcessIo } from './process-io.ts';
import { parseRoleArgs, type RoleArgs } from './role-args.ts';

/** A service as a command: `mwl-bridge <name> …` and the service's own entry point run the same one. */
export interface RoleCommand {
  name: string;
  /** Full `--help` text. */
  help: string;
  /** Resolves with the exit code: 0 stopped cleanly, 1 failed, 2 usage, environment or config. */
  run(argv: readonly string[], io: ProcessIo): Promise<number>;
}

export interface RoleCommandSpec {
  name: string;
  /** What the service does, for `--help`. */
  what: string;
  /** Its variables are listed in `--help`. */
  envSchema: z.ZodObject;
  /** Takes `--source NAME`. */
  sources?: boolean;
  run(io: ProcessIo, args: RoleArgs): Promise<number>;
}

/** `A, B, C.` wrapped to lines of about 96 characters. */
function wrapList(names: readonly string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, name] of names.entries()) {
    const word = `${name}${i === names.length - 1 ? '.' : ','}`;
    if (line !== '' && line.length + word.length + 1 > 96) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line].join('\n');
}

function helpOf(spec: RoleCommandSpec): string {
  const sources = spec.sources === true;
  return `Usage: mwl-bridge ${spec.name} [--config FILE]${sources ? ' [--source NAME ...]' : ''}

${spec.what}

Options:
  -c, --config FILE     the config file (default $MWL_CONFIG)
${sources ? '      --source NAME     a source to run (repeat, or a,b); default: every enabled source\n' : ''}  -h, --help            this text

Environment (secrets also as <NAME>_FILE):
${wrapList(Object.keys(spec.envSchema.shape))}
`;
}

export function defineRoleCommand(spec: RoleCommandSpec): RoleCommand {
  const help = helpOf(spec);
  return {
    name: spec.name,
    help,
    async run(argv, io) {
      let args: RoleArgs;
      try {
        args = parseRoleArgs(argv, { cwd: io.cwd, sources: spec.sources === true });
      } catch (error) {
        if (!(error instanceof RoleUsageError)) throw error;
        io.stderr.write(
          `mwl-bridge ${spec.name}: ${error.message}\nRun "mwl-bridge ${spec.name} --help" for its options.\n`,
        );
        return 2;
      }
      if (args.help) {
        io.stdout.write(help);
        return 0;
      }
      return spec.run(io, args);
    },
  };
}
