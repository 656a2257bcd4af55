import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatasetDecoder } from '../dataset-decoder.ts';
import { createDicomDictionary, type DicomDictionary } from '../dictionary.ts';
import { TransferSyntaxUid } from '../status.ts';
import type { DicomDataset } from '../types.ts';

/** Outcome of running one command-line tool. */
export interface ToolRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** Runs a tool with arguments (no shell), killing it after `timeoutMs` (default 30 s). */
export function runTool(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number; cwd?: string } = {},
): Promise<ToolRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      resolve({
        exitCode,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        durationMs: performance.now() - started,
      });
    });
  });
}

export interface DicomPeer {
  host: string;
  port: number;
  calledAeTitle: string;
  /** Default: ECHOSCU / FINDSCU. */
  callingAeTitle?: string;
}

/** dcmtk's account of an A-ASSOCIATE-RJ, e.g. { result: 'Rejected Permanent', source: 'Service User', reason: 'Called AE Title Not Recognized' }. */
export interface RejectionText {
  result: string;
  source: string;
  reason: string;
}

function parseRejection(log: string): RejectionText | undefined {
  const head = /Result: ([^,\n]+), Source: ([^\n]+)/.exec(log);
  const reason = /Reason: ([^\n]+)/.exec(log);
  if (!head) return undefined;
  return {
    result: (head[1] ?? '').trim(),
    source: (head[2] ?? '').trim(),
    reason: (reason?.[1] ?? '').trim(),
  };
}

export interface EchoscuResult extends ToolRun {
  ok: boolean;
  rejection: RejectionText | undefined;
}

export async function echoscu(
  peer: DicomPeer,
  options: { extraArgs?: readonly string[]; timeoutMs?: number } = {},
): Promise<EchoscuResult> {
  const args = [
    '-v',
    '-aet',
    peer.callingAeTitle ?? 'ECHOSCU',
    '-aec',
    peer.calledAeTitle,
    ...(options.extraArgs ?? []),
    peer.host,
    String(peer.port),
  ];
  const run = await runTool('echoscu', args, { timeoutMs: options.timeoutMs });
  const log = run.stdout + run.stderr;
  return {
    ...run,
    ok: run.exitCode === 0 && log.includes('Received Echo Response (Success)'),
    rejection: parseRejection(log),
  };
}

/** dcmtk's final-status text (spelled differently across versions) → status code. */
function statusFromText(text: string): number | undefined {
  const t = text.toLowerCase().replace(/[^a-z]/g, '');
  if (t.startsWith('success')) return 0x0000;
  if (t.startsWith('cancel')) return 0xfe00;
  if (t.includes('outofresources')) return 0xa700;
  if (t.includes('doesnotmatchsopclass')) return 0xa900;
  if (t.includes('unabletoprocess')) return 0xc000;
  return undefined;
}

export interface FindscuOptions {
  /** `-k` overrides, e.g. `PatientName=`, `ScheduledProcedureStepSequence[0].Modality=MR`. */
  keys?: readonly string[];
  /** A query file (e.g. made with dump2dcm). */
  queryFile?: string;
  /** `--cancel n`: send C-CANCEL after n responses. */
  cancelAfter?: number;
  /** Run with `-d`, which prints the exact final status code (slower for many responses). */
  exactStatus?: boolean;
  /** Parse the extracted responses (default true). */
  parseResponses?: boolean;
  extraArgs?: readonly string[];
  timeoutMs?: number;
}

export interface FindscuResult extends ToolRun {
  /** Every pending response's identifier, in arrival order. */
  responses: DicomDataset[];
  /** Final status: exact with `exactStatus`, else mapped from dcmtk's text (any 0xCxxx reads as 0xC000). */
  finalStatus: number | undefined;
  finalStatusText: string | undefined;
  rejection: RejectionText | undefined;
}

/**
 * Runs `findscu -W` (worklist model) against a peer, extracting each response to a file in a temp
 * directory (`-X`) and parsing the files with dcmjs into DicomDatasets.
 */
export async function findscu(peer: DicomPeer, options: FindscuOptions = {}): Promise<FindscuResult> {
  const dir = await mkdtemp(join(tmpdir(), 'findscu-'));
  try {
    const args = [
      options.exactStatus ? '-d' : '-v',
      '-W',
      '-aet',
      peer.callingAeTitle ?? 'FINDSCU',
      '-aec',
      peer.calledAeTitle,
      '-X',
      '-od',
      dir,
      ...(options.cancelAfter !== undefined ? ['--cancel', String(options.cancelAfter)] : []),
      ...(options.keys ?? []).flatMap((key) => ['-k', key]),
      ...(options.extraArgs ?? []),
      peer.host,
      String(peer.port),
      ...(options.queryFile ? [options.queryFile] : []),
    ];
    const run = await runTool('findscu', args, { timeoutMs: options.timeoutMs ?? 60_000 });
    const log = run.stdout + run.stderr;
    const finalText = /Received Final Find Response(?: \(([^)\n]*)\))?/.exec(log);
    const exact = /Received Final Find Response[\s\S]*?DIMSE Status\s*:\s*0x([0-9a-fA-F]{4})/.exec(log);
    const finalStatusText = finalText?.[1];
    const finalStatus =
      exact?.[1] !== undefined
        ? Number.parseInt(exact[1], 16)
        : finalStatusText !== undefined
          ? statusFromText(finalStatusText)
          : undefined;
    const responses = options.parseResponses === false ? [] : await readResponses(dir);
    return { ...run, responses, finalStatus, finalStatusText, rejection: parseRejection(log) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads `rsp0001.dcm`, `rsp0002.dcm`, ... from a directory, in number order. */
export async function readResponses(dir: string): Promise<DicomDataset[]> {
  const files = (await readdir(dir))
    .map((name) => ({ name, n: /^rsp(\d+)\.dcm$/.exec(name)?.[1] }))
    .filter((f): f is { name: string; n: string } => f.n !== undefined)
    .sort((a, b) => Number(a.n) - Number(b.n));
  const dictionary = createDicomDictionary();
  return Promise.all(files.map(async (f) => readDicomFile(await readFile(join(dir, f.name)), dictionary)));
}

/**
 * Parses a DICOM Part 10 file (Implicit or Explicit VR Little Endian) into a DicomDataset with the
 * package's decoder (text decoded per its Specific Character Set, sequence items included).
 */
export function readDicomFile(
  bytes: Buffer,
  dictionary: DicomDictionary = createDicomDictionary(),
): DicomDataset {
  if (bytes.length < 132 || bytes.toString('latin1', 128, 132) !== 'DICM')
    throw new Error('not a DICOM Part 10 file');
  const metaStart = 132;
  const metaLength = bytes.readUInt32LE(metaStart + 8);
  const meta = createDatasetDecoder(dictionary).decode(
    bytes.subarray(metaStart, metaStart + 12 + metaLength),
    TransferSyntaxUid.ExplicitVrLittleEndian,
  );
  const transferSyntax = meta['TransferSyntaxUID'];
  if (typeof transferSyntax !== 'string') throw new Error('file meta information has no transfer syntax');
  return createDatasetDecoder(dictionary).decode(bytes.subarray(metaStart + 12 + metaLength), transferSyntax);
}
