// Integration-test support for the gateway (imported only by *.int.test.ts files and the test-only
// mpps-gateway.child.ts).
import {
  createMppsRepository,
  createPrismaClient,
  createWorklistFindRepository,
  type Prisma,
  type PrismaClient,
} from '@mwl/db';
import type { DicomPeer } from '@mwl/dimse/testing';
import { HIDDEN_BY_DEFAULT_STATUSES } from '@mwl/domain';
import { createLogger, createMetrics, type Logger } from '@mwl/observability';
import { createGateway, type Gateway } from './gateway.ts';
import { createGatewayMetrics, type GatewayMetrics } from './gateway-metrics.ts';
import type { GatewayOptions } from './gateway-options.ts';

export const TEST_AE = 'MWL_TEST';
/** The site zone of the test gateways (MPPS start/end instants). */
export const TEST_TIMEZONE = 'America/Edmonton';

export interface RunningGateway {
  gateway: Gateway;
  prisma: PrismaClient;
  metrics: GatewayMetrics;
  registry: ReturnType<typeof createMetrics>['registry'];
  host: string;
  port: number;
  /** Every log line so far, as one string (for "never logs patient data" checks). */
  logText(): string;
  peer(callingAeTitle?: string): DicomPeer;
  close(): Promise<void>;
}

export function testGatewayOptions(overrides: Partial<GatewayOptions> = {}): GatewayOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    aeTitles: [TEST_AE],
    callingAeAllowList: null,
    callingAeAddressBinding: {},
    maxAssociations: 20,
    maxPduLength: 65_536,
    idleTimeoutMs: 30_000,
    maxResults: 1_000,
    pageSize: 200,
    queryTimeoutMs: 3_000,
    pnCaseInsensitive: true,
    hideStatuses: [...HIDDEN_BY_DEFAULT_STATUSES],
    charsetPerAe: {},
    ...overrides,
  };
}

function captureLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'gateway-test',
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, text: () => lines.join('') };
}

/**
 * A gateway on 127.0.0.1, port 0, on `databaseUrl`, with a capturing logger; MPPS offered unless
 * `mpps: false`.
 */
export async function startTestGateway(
  databaseUrl: string,
  overrides: Partial<GatewayOptions> = {},
  prismaOptions: { connectionTimeoutMillis?: number; statementTimeoutMillis?: number; mpps?: boolean } = {},
): Promise<RunningGateway> {
  const { logger, text } = captureLogger();
  const prisma = createPrismaClient({
    databaseUrl,
    poolSize: 4,
    connectionTimeoutMillis: prismaOptions.connectionTimeoutMillis ?? 2_000,
    ...(prismaOptions.statementTimeoutMillis !== undefined && {
      statementTimeoutMillis: prismaOptions.statementTimeoutMillis,
    }),
  });
  const registryHolder = createMetrics();
  const metrics = createGatewayMetrics(registryHolder);
  const gateway = createGateway({
    logger,
    repository: createWorklistFindRepository(prisma, {
      ...(prismaOptions.statementTimeoutMillis !== undefined && {
        poolStatementTimeoutMs: prismaOptions.statementTimeoutMillis,
      }),
    }),
    options: testGatewayOptions(overrides),
    metrics,
    ...(prismaOptions.mpps !== false && {
      mpps: { repository: createMppsRepository(prisma), timezone: TEST_TIMEZONE },
    }),
  });
  const { host, port } = await gateway.listen();
  return {
    gateway,
    prisma,
    metrics,
    registry: registryHolder.registry,
    host,
    port,
    logText: text,
    peer: (callingAeTitle = 'MODALITY1') => ({ host, port, calledAeTitle: TEST_AE, callingAeTitle }),
    async close() {
      await gateway.close({ deadlineMs: 1_000 });
      await prisma.$disconnect();
    },
  };
}

export type FixtureItem = Prisma.WorklistItemCreateManyInput;

/** A valid worklist row; `n` makes its identifiers unique. */
export function fixtureItem(n: number, overrides: Partial<FixtureItem> = {}): FixtureItem {
  const date = overrides.spsStartDate ?? '20260310';
  const time = overrides.spsStartTime ?? '090000';
  const iso = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${time.slice(0, 2)}:${time.slice(2, 4)}:${time.slice(4, 6)}-06:00`;
  return {
    source: 'test',
    sourceKey: `key-${n}`,
    changeHash: `hash-${n}`,
    patientName: `DOE^JOHN${n}`,
    patientId: `P${String(n).padStart(3, '0')}`,
    accessionNumber: `ACC${String(n).padStart(3, '0')}`,
    studyInstanceUid: `2.25.${1000 + n}`,
    requestedProcedureId: `RP${n}`,
    spsId: `SPS${n}`,
    modality: 'MR',
    scheduledStationAeTitle: 'MRI_3T',
    spsStartDate: date,
    spsStartTime: time,
    spsStartAt: new Date(iso),
    timezone: 'America/Edmonton',
    ...overrides,
  };
}

/** Inserts `count` rows in one statement (generate_series): fast enough for tens of thousands. */
export async function insertGeneratedItems(
  prisma: PrismaClient,
  count: number,
  options: { keyPrefix: string; date?: string; modality?: string; station?: string },
): Promise<void> {
  await prisma.$executeRawUnsafe(
    `INSERT INTO worklist_item (source, source_key, change_hash, patient_name, patient_id, accession_number,
       study_instance_uid, requested_procedure_id, sps_id, modality, scheduled_station_ae_title,
       sps_start_date, sps_start_time, sps_start_at, timezone, updated_at)
     SELECT 'bulk', $1 || n, 'h' || n, 'BULK^PATIENT' || n, $1 || n, 'B' || n,
       '2.25.' || (900000000 + n) || '.' || $2, 'RP' || n, 'SPS' || n, $3, $4,
       $5, to_char(make_time(8 + n % 10, n % 60, 0), 'HH24MISS'),
       to_timestamp($5 || ' 08:00', 'YYYYMMDD HH24:MI') + make_interval(secs => n), 'UTC', now()
     FROM generate_series(1, $6::int) AS n`,
    options.keyPrefix,
    options.keyPrefix,
    options.modality ?? 'MR',
    options.station ?? 'MRI_3T',
    options.date ?? '20260310',
    count,
  );
}
