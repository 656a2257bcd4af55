import type { Prisma } from '../generated/client.ts';

/** What a repository function runs on: the PrismaClient or the client of an interactive transaction. */
export type DbClient = Prisma.TransactionClient;
