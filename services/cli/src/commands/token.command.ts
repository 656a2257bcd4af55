import { parseArgs } from 'node:util';
import { issueToken, revokeToken, ROLES } from '@mwl/api';
import { listApiTokens } from '@mwl/db';
import { HELP_OPTION, parseOrUsage } from '../args.ts';
import { CliUsageError } from '../errors.ts';
import type { CliIo, Command } from '../io.ts';
import { cliActor, onePositional, openAdminStorage } from './admin-storage.ts';

const HELP = `Usage: mwl-bridge token create NAME --role read|write|admin
       mwl-bridge token list [--json]
       mwl-bridge token revoke NAME

Bearer tokens of the api, for machines. "create" prints the token once: it is stored only as a
hash and cannot be shown again. Roles: read (worklist, sources, runs), write (also manual items
and sync now), admin (also the audit trail). Every change is recorded in the audit table.
Reads DATABASE_URL when set, else the embedded database in the data folder.

Options:
      --role ROLE       the new token's role (create)
      --json            list as JSON
      --data-dir DIR    the embedded database's folder (default $MWL_DATA_DIR, else ./data)
  -h, --help            this text
`;

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: true,
      options: {
        ...HELP_OPTION,
        role: { type: 'string' },
        json: { type: 'boolean' },
        'data-dir': { type: 'string' },
      },
    }),
  );
  const [action, ...rest] = positionals;
  if (values.help || action === undefined) {
    io.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (!['create', 'list', 'revoke'].includes(action)) throw new CliUsageError(`unknown action "${action}"`);
  if (
    action === 'create' &&
    (values.role === undefined || !(ROLES as readonly string[]).includes(values.role))
  ) {
    throw new CliUsageError(`--role must be one of ${ROLES.join(', ')}`);
  }
  const storage = await openAdminStorage(io, values['data-dir'], 'mwl-bridge-token');
  if (!storage) return 2;
  try {
    const { prisma } = storage;
    if (action === 'create') {
      const name = onePositional(rest, 'token name');
      const { token } = await issueToken(prisma, cliActor(io), name, values.role ?? '');
      io.stderr.write(`Created token "${name}" (${values.role}). It is shown only now; keep it secret:\n`);
      io.stdout.write(`${token}\n`);
    } else if (action === 'revoke') {
      const name = onePositional(rest, 'token name');
      await revokeToken(prisma, cliActor(io), name, new Date());
      io.stdout.write(`Revoked token "${name}".\n`);
    } else {
      const tokens = (await listApiTokens(prisma)).map((t) => ({
        name: t.name,
        role: t.role,
        createdAt: t.createdAt.toISOString(),
        lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
        revokedAt: t.revokedAt?.toISOString() ?? null,
      }));
      if (values.json) io.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
      else if (tokens.length === 0) io.stdout.write('No tokens.\n');
      else {
        for (const t of tokens) {
          const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`;
          io.stdout.write(`${t.name}\t${t.role}\tcreated ${t.createdAt}\t${state}\n`);
        }
      }
    }
    return 0;
  } finally {
    await storage.close();
  }
}

export const tokenCommand: Command = { name: 'token', help: HELP, run };
