import type { DicomDataset } from '../types.ts';

/** The peer an SCU talks to, and the AE titles of the association. */
export interface ScuPeer {
  host: string;
  port: number;
  /** The peer's AE title (what `-aec` is to dcmtk). */
  calledAeTitle: string;
  /** Ours (what `-aet` is to dcmtk). */
  callingAeTitle: string;
}

export interface ScuTlsOptions {
  /** PEM CA bundle the peer's certificate must chain to. */
  ca?: string | Buffer;
  /** Our PEM certificate and key, for peers that require mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Default true. */
  rejectUnauthorized?: boolean;
}

export interface ScuOptions {
  /** TCP connect deadline; default 10 s. */
  connectTimeoutMs?: number;
  /** Longest association, connect to release; default 60 s. */
  associationTimeoutMs?: number;
  /** Longest silence between PDUs once connected; default 30 s. */
  pduTimeoutMs?: number;
  tls?: ScuTlsOptions;
}

export interface EchoScuResult {
  /** The C-ECHO response status (0x0000 Success). */
  status: number;
  /** Connect to release. */
  durationMs: number;
}

export interface FindScuOptions extends ScuOptions {
  /** Called with each match as it arrives (before the final response). */
  onMatch?: (dataset: DicomDataset) => void;
  /** Aborting sends C-CANCEL; the result then normally ends with status Cancel (0xFE00). */
  signal?: AbortSignal;
}

export interface FindScuResult {
  /** The final status: 0x0000 Success, 0xFE00 Cancel, 0xA700 Out of Resources, 0xCxxx Unable to process, ... */
  status: number;
  /** (0000,0902) of the final response, when the peer sent one. */
  errorComment: string | undefined;
  /** Every pending response's identifier, in arrival order. */
  matches: DicomDataset[];
  durationMs: number;
}

/** One MPPS request; an N-CREATE without `sopInstanceUid` asks the SCP to assign one. */
export type MppsScuRequest =
  | { kind: 'n-create'; sopInstanceUid?: string; dataset: DicomDataset }
  | { kind: 'n-set'; sopInstanceUid: string; dataset: DicomDataset };

export interface MppsScuAnswer {
  /** 0x0000 Success, 0x0106, 0x0110, 0x0111, 0x0112, 0x0120, 0x0121, ... */
  status: number;
  /** (0000,0903), e.g. 0xA710. */
  errorId?: number;
  errorComment?: string;
  /** (0000,1005) as numeric tags (`0x00400252`). */
  attributeIdentifierList: number[];
  /** N-CREATE: the instance UID the response names (the SCP's when it assigned one). */
  affectedSopInstanceUid?: string | undefined;
}
