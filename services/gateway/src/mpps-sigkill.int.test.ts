import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mppsScu, type DicomDataset } from '@mwl/dimse';
import { sampleMppsCreate, sampleMppsFinalSet, sampleScheduledStep } from '@mwl/domain';
import { dbTest } from '@mwl/testing';
import { afterEach, describe, expect } from 'vitest';
import { fixtureItem, TEST_AE } from './test-support.ts';

/** Acceptance 3, process level: a gateway SIGKILLed between N-CREATE and N-SET loses nothing. */

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A gateway process on `databaseUrl`; resolves with its port once it listens. */
function startGatewayProcess(
  databaseUrl: string,
): Promise<{ child: ChildProcessWithoutNullStreams; port: number }> {
  // node itself with tsx's loader, not the tsx command: that one runs the script in a child node
  // process, and SIGKILL would end the wrapper while the gateway lived on, orphaned.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./mpps-gateway.child.ts', import.meta.url))],
    {
      cwd: ROOT,
      env: { ...process.env, MWL_TEST_DATABASE_URL: databaseUrl },
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) =>
      reject(new Error(`gateway process exited (${code}): ${stderr.slice(0, 500)}`)),
    );
    createInterface({ input: child.stdout }).on('line', (line) => {
      const parsed = JSON.parse(line) as { port?: number };
      if (typeof parsed.port === 'number') resolve({ child, port: parsed.port });
    });
  });
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

describe('a gateway process SIGKILLed between N-CREATE and N-SET (acceptance 3)', () => {
  dbTest(
    'loses nothing: the N-SET succeeds on another gateway process',
    { timeout: 60_000 },
    async ({ prisma, testDatabase }) => {
      await prisma.worklistItem.createMany({ data: [fixtureItem(1)] });
      const item = await prisma.worklistItem.findFirstOrThrow();
      const peer = (port: number) => ({
        host: '127.0.0.1',
        port,
        calledAeTitle: TEST_AE,
        callingAeTitle: 'MR1',
      });

      const first = await startGatewayProcess(testDatabase.databaseUrl);
      const create = sampleMppsCreate({
        ScheduledStepAttributesSequence: [sampleScheduledStep(item)],
      }) as DicomDataset;
      const [created] = await mppsScu(peer(first.port), [
        { kind: 'n-create', sopInstanceUid: '2.25.4242', dataset: create },
      ]);
      expect(created?.status).toBe(0x0000);
      first.child.kill('SIGKILL');
      await exited(first.child);

      const second = await startGatewayProcess(testDatabase.databaseUrl);
      const [set] = await mppsScu(peer(second.port), [
        {
          kind: 'n-set',
          sopInstanceUid: '2.25.4242',
          dataset: sampleMppsFinalSet('COMPLETED') as DicomDataset,
        },
      ]);
      expect(set?.status).toBe(0x0000);
      expect((await prisma.worklistItem.findFirstOrThrow()).status).toBe('COMPLETED');
      expect(
        await prisma.mppsInstance.findUniqueOrThrow({ where: { sopInstanceUid: '2.25.4242' } }),
      ).toMatchObject({
        status: 'COMPLETED',
      });
    },
  );
});
