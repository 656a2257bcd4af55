// Test-only script (a process, so its side effects are allowed here as in main.ts): a gateway with
// its MPPS store on MWL_TEST_DATABASE_URL, port 0; prints `{"port":n}` once listening, then runs
// until it is killed. mpps-sigkill.int.test.ts SIGKILLs it between N-CREATE and N-SET.
import { createMppsRepository, createPrismaClient, createWorklistFindRepository } from '@mwl/db';
import { createLogger } from '@mwl/observability';
import { createGateway } from './gateway.ts';
import { testGatewayOptions, TEST_TIMEZONE } from './test-support.ts';

const databaseUrl = process.env.MWL_TEST_DATABASE_URL;
if (!databaseUrl) throw new Error('MWL_TEST_DATABASE_URL is required');
const prisma = createPrismaClient({ databaseUrl, poolSize: 2 });
const gateway = createGateway({
  logger: createLogger({ service: 'gateway-child', level: 'silent' }),
  repository: createWorklistFindRepository(prisma),
  mpps: { repository: createMppsRepository(prisma), timezone: TEST_TIMEZONE },
  options: testGatewayOptions(),
});
const { port } = await gateway.listen();
process.stdout.write(`${JSON.stringify({ port })}\n`);
