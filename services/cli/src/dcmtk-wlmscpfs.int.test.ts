import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTool } from '@mwl/dimse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.ts';
import { captureIo } from './test-io.ts';
import { freePort, waitFor } from './test-support.ts';

/** Acceptance 5, the other half: `echo` and `find` against a worklist server that is not ours. */

const CALLED_AE = 'WLMSCP';

/** Two worklist items in dcmtk's dump format; text in Latin-1, as their character set says. */
function item(n: number, name: string, modality: string, date: string): string {
  return [
    '(0008,0005) CS [ISO_IR 100]',
    `(0008,0050) SH [ACC000${n}]`,
    `(0010,0010) PN [${name}]`,
    `(0010,0020) LO [WL000${n}]`,
    '(0010,0030) DA [19800101]',
    '(0010,0040) CS [F]',
    `(0020,000d) UI [1.2.826.0.1.3680043.2.1125.${n}]`,
    '(0032,1060) LO [Brain MRI]',
    '(0040,0100) SQ (Sequence with undefined length #=1)',
    '  (fffe,e000) na (Item with undefined length #=6)',
    `    (0008,0060) CS [${modality}]`,
    '    (0040,0001) AE [SCANNER_1]',
    `    (0040,0002) DA [${date}]`,
    '    (0040,0003) TM [090000]',
    '    (0040,0007) LO [Brain protocol]',
    `    (0040,0009) SH [SPS000${n}]`,
    '  (fffe,e00d) na (ItemDelimitationItem)',
    '(fffe,e0dd) na (SequenceDelimitationItem)',
    `(0040,1001) SH [RP000${n}]`,
    '',
  ].join('\n');
}

let dir: string;
let server: ChildProcess | undefined;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-cli-wlmscpfs-'));
  const worklist = join(dir, CALLED_AE);
  await mkdir(worklist);
  await writeFile(join(worklist, 'lockfile'), '');
  const items = [item(1, 'Müller^Jörg', 'MR', '20261123'), item(2, 'DOE^JANE', 'CT', '20261124')];
  for (const [i, text] of items.entries()) {
    await writeFile(join(dir, `item${i}.dump`), text, 'latin1');
    const made = await runTool('dump2dcm', [join(dir, `item${i}.dump`), join(worklist, `item${i}.wl`)]);
    expect(made.exitCode, made.stderr).toBe(0);
  }
  port = await freePort();
  server = spawn('wlmscpfs', ['-dfp', dir, String(port)], { stdio: 'ignore' });
  await waitFor('wlmscpfs answering', async () =>
    (await runCli(['echo', '--port', String(port), '--aec', CALLED_AE], captureIo())) === 0
      ? true
      : undefined,
  );
});
afterAll(async () => {
  server?.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
});

describe("mwl-bridge echo and find against dcmtk's wlmscpfs", () => {
  it('gets a C-ECHO Success', async () => {
    const io = captureIo();
    expect(await runCli(['echo', '--port', String(port), '--aec', CALLED_AE], io)).toBe(0);
    expect(io.out()).toContain(`C-ECHO ${CALLED_AE}@127.0.0.1:${port} from MWL_SCU: Success (0x0000)`);
  });

  it('lists every item as a table, Latin-1 names decoded', async () => {
    const io = captureIo();
    expect(await runCli(['find', '--port', String(port), '--aec', CALLED_AE], io)).toBe(0);
    expect(io.out()).toMatch(
      /2026-11-23 +09:00 +Müller\^Jörg +WL0001 +ACC0001 +MR +SCANNER_1 +Brain protocol/,
    );
    expect(io.out()).toContain('DOE^JANE');
    expect(io.out()).toContain('2 matches, final status Success (0x0000)');
  });

  it('sends the filters and keys it is given, and prints JSON data sets', async () => {
    const io = captureIo();
    const args = [
      'find',
      '--port',
      String(port),
      '--aec',
      CALLED_AE,
      '--modality',
      'CT',
      '-k',
      'PatientName=DOE*',
      '--json',
    ];
    expect(await runCli(args, io)).toBe(0);
    const matches = JSON.parse(io.out()) as Record<string, unknown>[];
    expect(matches).toEqual([
      expect.objectContaining({
        PatientName: 'DOE^JANE',
        PatientID: 'WL0002',
        ScheduledProcedureStepSequence: [
          expect.objectContaining({ Modality: 'CT', ScheduledProcedureStepID: 'SPS0002' }),
        ],
      }),
    ]);
    expect(io.err()).toBe('1 match, final status Success (0x0000)\n');
  });

  it('exits 1 and says why when the server rejects the called AE title', async () => {
    const io = captureIo();
    expect(await runCli(['find', '--port', String(port), '--aec', 'NOT_THERE'], io)).toBe(1);
    expect(io.err()).toContain('MWL_ERR_DIMSE_SCU_REJECTED');
  });
});
