// Smoke test of the product as a site runs it, under whichever Node runs this script (CI runs it
// with Node 24): `mwl-bridge start` with the demo config on a fresh embedded data folder →
// dcmtk's findscu lists the demo's items → SIGTERM → exit 0. Exits non-zero on any failure.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = await mkdtemp(join(tmpdir(), 'mwl-smoke-'));
const fail = (message) => {
  process.stderr.write(`smoke: ${message}\n`);
  process.exitCode = 1;
};

const child = spawn(
  process.execPath,
  [
    join(root, 'services/cli/bin/mwl-bridge.js'),
    'start',
    '--config',
    'examples/demo/mwl.json',
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--health-port',
    '0',
    '--api-port',
    '0',
  ],
  { cwd: root, env: { PATH: process.env.PATH, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] },
);
const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
let output = '';
const started = new Promise((resolve, reject) => {
  child.stdout.on('data', (chunk) => {
    output += chunk.toString('utf8');
    const line = output.split('\n').find((l) => l.includes('"msg":"mwl-bridge started"'));
    if (line) resolve(JSON.parse(line));
  });
  void exited.then(({ code }) => reject(new Error(`mwl-bridge exited early with ${code}`)));
  setTimeout(() => reject(new Error('not started within 60 s')), 60_000).unref();
});

try {
  const info = await started;
  const port = info.gateway.port;
  // The demo's file source is read on start; give the writer a moment, checking, up to 30 s.
  let matches = 0;
  for (let attempt = 0; attempt < 60 && matches === 0; attempt++) {
    const { stderr } = await promisify(execFile)(
      'findscu',
      [
        '-v',
        '-W',
        '-aec',
        'MWL_BRIDGE',
        '-k',
        'ScheduledProcedureStepSequence[0].Modality',
        '-k',
        'PatientID',
        '127.0.0.1',
        String(port),
      ],
      { timeout: 20_000 },
    );
    matches = (stderr.match(/Find Response: \d+ \(Pending/g) ?? []).length;
    if (matches === 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (matches === 0) fail('findscu listed no demo item');
  else
    process.stdout.write(`smoke: ${process.version}: findscu listed ${matches} demo items on port ${port}\n`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  child.kill('SIGTERM');
  const { code, signal } = await exited;
  if (code !== 0) fail(`mwl-bridge stopped with code ${code} (signal ${signal}) after SIGTERM`);
  else process.stdout.write('smoke: SIGTERM → exit 0\n');
  await rm(dataDir, { recursive: true, force: true });
}
