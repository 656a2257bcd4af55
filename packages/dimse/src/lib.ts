/**
 * The one place that loads dcmjs-dimse and dcmjs. Everything else in the package goes through the
 * names exported here, so an upgrade or a replacement touches one file.
 *
 * - dcmjs-dimse: loaded with `require` (its named ESM exports fail at runtime), after dcmjs.
 * - dcmjs: loaded with `require`, the same CommonJS instance dcmjs-dimse uses. Its ESM build would be
 *   a second copy (about 95 ms and 9 MB more at start-up) with its own dictionary and logger.
 *   It ships no types: the small surface used here is declared below.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type DcmjsDimse from 'dcmjs-dimse';
import {
  compactWriteBuffers,
  fasterCommandSets,
  fasterMessageBuffers,
  shortAssociationDescriptions,
} from './library-patches.ts';

const requireCjs = createRequire(import.meta.url);
/** Resolves as dcmjs-dimse does: the instances it loads are the ones to prepare. */
const requireFromDimse = createRequire(requireCjs.resolve('dcmjs-dimse'));

/**
 * Memory (bench:footprint): dcmjs's `main` is its unminified build, 1.4 MB of source with two
 * characters outside Latin-1, so V8 keeps it as a 2.8 MB two-byte string for the life of the
 * process. The same release's minified build is 0.7 MB of Latin-1. Entering it in Node's
 * `require.cache` under the path dcmjs-dimse resolves, before dcmjs-dimse loads, gives both that
 * build. Nothing changes when dcmjs was already loaded or its layout changed.
 */
function preferMinifiedDcmjs(): void {
  const main = requireFromDimse.resolve('dcmjs');
  const minified = path.join(path.dirname(main), 'dcmjs.min.js');
  if (requireCjs.cache[main] || !existsSync(minified)) return;
  requireCjs(minified);
  requireCjs.cache[main] = requireCjs.cache[minified];
}

preferMinifiedDcmjs();
compactWriteBuffers(loadDcmjs().data);
fasterMessageBuffers(requireFromDimse('memorystream') as Parameters<typeof fasterMessageBuffers>[0]);
const dcmjsDimse = requireCjs('dcmjs-dimse') as typeof DcmjsDimse;
fasterCommandSets(dcmjsDimse.Dataset as unknown as Parameters<typeof fasterCommandSets>[0]);
shortAssociationDescriptions(dcmjsDimse.association.Association);

export const { Scp, Client, Dataset, constants, responses, requests, log: libraryLog } = dcmjsDimse;
export type LibDataset = InstanceType<typeof dcmjsDimse.Dataset>;
export type LibAssociation = InstanceType<typeof dcmjsDimse.association.Association>;
export type LibPresentationContext = InstanceType<typeof dcmjsDimse.association.PresentationContext>;
export type LibCEchoRequest = InstanceType<typeof dcmjsDimse.requests.CEchoRequest>;
export type LibCFindRequest = InstanceType<typeof dcmjsDimse.requests.CFindRequest>;
export type LibCCancelRequest = InstanceType<typeof dcmjsDimse.requests.CCancelRequest>;
export type LibNCreateRequest = InstanceType<typeof dcmjsDimse.requests.NCreateRequest>;
export type LibNSetRequest = InstanceType<typeof dcmjsDimse.requests.NSetRequest>;
export type LibCEchoResponse = InstanceType<typeof dcmjsDimse.responses.CEchoResponse>;
export type LibCFindResponse = InstanceType<typeof dcmjsDimse.responses.CFindResponse>;
export type LibNCreateResponse = InstanceType<typeof dcmjsDimse.responses.NCreateResponse>;
export type LibNSetResponse = InstanceType<typeof dcmjsDimse.responses.NSetResponse>;

/** dcmjs dictionary entry: `{ tag: '(0010,0010)', vr: 'PN', vm: '1', name: 'PatientName' }`. */
export interface DcmjsDictionaryEntry {
  tag: string;
  vr: string;
  vm?: string;
  name: string;
}

interface DcmjsReadBufferStream {
  readonly size: number;
}

interface DcmjsDicomDict {
  meta: Record<string, unknown>;
  dict: Record<string, unknown>;
}

export interface Dcmjs {
  data: {
    DicomMetaDictionary: {
      nameMap: Record<string, DcmjsDictionaryEntry | undefined>;
      /** Keyed by `(GGGG,EEEE)`, upper-case hex. */
      dictionary: Record<string, DcmjsDictionaryEntry | undefined>;
      naturalizeDataset(dataset: Record<string, unknown>): Record<string, unknown>;
    };
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: Record<string, unknown>): DcmjsDicomDict;
    };
    ReadBufferStream: new (buffer: ArrayBuffer) => DcmjsReadBufferStream;
    WriteBufferStream: new (defaultSize?: number, littleEndian?: boolean) => object;
  };
  log: { level: string | number };
}

/** Loads the CommonJS dcmjs instance shared with dcmjs-dimse (cached by Node after the first call). */
export function loadDcmjs(): Dcmjs {
  return requireCjs('dcmjs') as Dcmjs;
}
