import type { DatasetDecoder } from './dataset-decoder.ts';
import type { DatasetEncoder } from './dataset-encoder.ts';
import type { DicomDictionary } from './dictionary.ts';
import type { AssociationPolicy } from './negotiation.ts';
import type { DimseHandlers, DimseLimits, DimseLogger, DimseServerStats } from './types.ts';

/** What every association of one server shares. Built once per `createDimseServer` call. */
export interface ServerRuntime {
  readonly logger: DimseLogger;
  readonly handlers: DimseHandlers;
  readonly policy: AssociationPolicy;
  readonly supportedAbstractSyntaxes: ReadonlySet<string>;
  readonly dictionary: DicomDictionary;
  readonly encoder: DatasetEncoder;
  readonly decoder: DatasetDecoder;
  readonly maxPduLength: number;
  /** Largest data set of a request other than C-FIND. */
  readonly maxMessageBytes: number;
  readonly idleTimeoutMs: number;
  /** Deadlines, caps and budgets; `associationRequestTimeoutMs` is the ARTIM timer of PS3.8 9.1.5. */
  readonly limits: DimseLimits;
  readonly stats: DimseServerStats;
  /** Set by close(): new association requests are rejected, idle associations aborted. */
  draining: boolean;
  /** Established associations right now. */
  activeAssociations: number;
}

export function emptyStats(): DimseServerStats {
  return {
    connectionsOpen: 0,
    associationsActive: 0,
    associationsAccepted: 0,
    associationsRejected: 0,
    associationsAborted: 0,
    protocolErrors: 0,
    connectionsRefusedPerAddress: 0,
    requestsRefusedBusy: 0,
    deadlinesExceeded: 0,
    echo: 0,
    find: 0,
    findCancelled: 0,
    findResponses: 0,
    nCreate: 0,
    nSet: 0,
    handlerFailures: 0,
  };
}
