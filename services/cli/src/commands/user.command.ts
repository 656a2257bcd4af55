import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { changePassword, createUser, disableUser, ROLES } from '@mwl/api';
import { HELP_OPTION, parseOrUsage, resolvePath } from '../args.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo, Command } from '../io.ts';
import { cliActor, onePositional, openAdminStorage } from './admin-storage.ts';

const HELP = `Usage: mwl-bridge user create USERNAME --role read|write|admin (--password-file F | --password-env VAR)
       mwl-bridge user passwd USERNAME (--password-file F | --password-env VAR)
       mwl-bridge user disable USERNAME

People who sign in to the api. There is no default user and no default password. Passwords are
at least 12 characters, read from a file or a variable (never from the command line, where other
users could see them), and stored as a scrypt hash. "passwd" and "disable" end the user's sessions.
Every change is recorded in the audit table.

Options:
      --role ROLE           the new user's role (create)
      --password-file F     read the password from this file (one line)
      --password-env VAR    read the password from this environment variable
      --data-dir DIR        the embedded database's folder (default $MWL_DATA_DIR, else ./data)
  -h, --help                this text
`;

function readPassword(io: CliIo, file: string | undefined, variable: string | undefined): string {
  if ((file === undefined) === (variable === undefined)) {
    throw new CliUsageError('give the password with exactly one of --password-file or --password-env');
  }
  if (file !== undefined) return readFileSync(resolvePath(io.cwd, file), 'utf8').replace(/\r?\n$/, '');
  const value = io.env[variable ?? ''];
  if (value === undefined || value === '') throw new CliUsageError(`the variable ${variable} is not set`);
  return value;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        ...HELP_OPTION,
        role: { type: 'string' },
        'password-file': { type: 'string' },
        'password-env': { type: 'string' },
        'data-dir': { type: 'string' },
      },
    }),
  );
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (!['create', 'passwd', 'disable'].includes(action))
    throw new CliUsageError(`unknown action "${action}"`);
  const username = onePositional(rest, 'username');
  if (
    action === 'create' &&
    (values.role === undefined || !(ROLES as readonly string[]).includes(values.role))
  ) {
    throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`);
  }
  const password =
    action === 'disable' ? '' : readPassword(io, values['password-file'], values['password-env']);
  const storage = await openAdminStorage(io, values['data-dir'], 'mwl-bridge-user');
  if (!storage) return 2;
  try {
    const actor = cliActor(io);
    if (action === 'create') {
      await createUser(storage.prisma, actor, { username, role: values.role ?? '', password });
      io.stdout.write(`Created user "${username}" (${values.role}).\n`);
    } else if (action === 'passwd') {
      await changePassword(storage.prisma, actor, username, password);
      io.stdout.write(`Changed the password of "${username}"; their sessions ended.\n`);
    } else {
      await disableUser(storage.prisma, actor, username, new Date());
      io.stdout.write(`Disabled "${username}"; their sessions ended.\n`);
    }
    return 0;
  } finally {
    await storage.close();
  }
}

export const userCommand: Command = { name: 'user', help: HELP, run };
