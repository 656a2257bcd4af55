import { readFileSync } from 'node:fs';
import { bookingFromRecorded, type FakeBooking, type RecordedBooking } from './model.ts';

export const FAKE_CALPENDO_FIXTURES = ['edmonton'] as const;
export type FakeCalpendoFixtureName = (typeof FAKE_CALPENDO_FIXTURES)[number];

export interface FakeCalpendoFixture {
  description: string;
  timezone: string;
  bookings: FakeBooking[];
}

/** A recorded-style fixture (`fixtures/<name>.json`) as fake bookings; a fresh copy per call. */
export function loadFakeCalpendoFixture(name: FakeCalpendoFixtureName = 'edmonton'): FakeCalpendoFixture {
  const text = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
  const doc = JSON.parse(text) as { description: string; timezone: string; bookings: RecordedBooking[] };
  return {
    description: doc.description,
    timezone: doc.timezone,
    bookings: doc.bookings.map(bookingFromRecorded),
  };
}

/**
 * Windows of the `edmonton` fixture's DST days (instants; the site is America/Edmonton). The
 * fall-back day is 2025's: since tzdata 2026e Alberta stays on MDT after March 2026, and only a
 * past transition reads the same under every runtime's tzdata.
 */
export const EDMONTON_WINDOWS = {
  /** 2026-03-08 00:00 MST to 2026-03-09 00:00 MDT. */
  springForward: { from: new Date('2026-03-08T07:00:00Z'), to: new Date('2026-03-09T06:00:00Z') },
  /** 2025-11-01 12:00 MDT to 2025-11-03 00:00 MST. */
  fallBack: { from: new Date('2025-11-01T18:00:00Z'), to: new Date('2025-11-03T07:00:00Z') },
} as const;

/** Where a test finds the fake and its credentials. */
export interface FakeCalpendoAddress {
  url: string;
  username: string;
  password: string;
}

export interface CalpendoSourceFixture {
  name: string;
  type: 'calpendo';
  timezone: string;
  config: Record<string, unknown>;
  field_mapping: Record<string, unknown>;
  /** The credentials, as the variables the config names. */
  env: Record<string, string>;
}

/**
 * A `data_sources[]` entry for the `edmonton` fixture served by `fake`, in the declarative form:
 * three resources (MR by the `3T` prefix, EEG), only the BRISKP study, PatientID and PatientName
 * (`Family^Given`) cut out of the title, the operator as Scheduled Performing Physician.
 * `config` is merged over it (e.g. `concurrency`, `request`).
 */
export function calpendoSourceFixture(
  fake: FakeCalpendoAddress,
  config: Record<string, unknown> = {},
): CalpendoSourceFixture {
  return {
    name: 'calpendo_mri',
    type: 'calpendo',
    timezone: 'America/Edmonton',
    config: {
      base_url: fake.url,
      allow_insecure_http: true, // the fake listens on http://127.0.0.1
      resources: ['3T Diagnostic', '3T Research', 'EEG Lab Room A'],
      resource_modality_mapping: { '3T': 'MR', EEG: 'EEG' },
      allowed_studies: ['BRISKP'],
      timezone: 'America/Edmonton',
      station_ae_title: 'MRI_3T',
      lookback_hours: 12,
      horizon_hours: 48,
      request: { timeout_ms: 5_000, retries: 2, backoff_ms: 5, max_backoff_ms: 20 },
      ...config,
    },
    field_mapping: {
      patientId: { field: 'title', regex: '^([A-Z0-9]+) - ' },
      patientName: {
        template: '{family}^{given}',
        parts: {
          family: { field: 'title', regex: ' - \\S+ (.+)$' },
          given: { field: 'title', regex: ' - (\\S+)' },
        },
      },
      studyDescription: { field: 'project.formattedName', regex: '^([^(]+)' },
      accessionNumber: 'id',
      scheduledPerformingPhysician: 'operator',
      scheduledStationName: 'resource.name',
    },
    env: { CALPENDO_USERNAME: fake.username, CALPENDO_PASSWORD: fake.password },
  };
}

/** Pylantir's own Calpendo source (its design document's example), pointed at `fake`. */
export function pylantirCalpendoSourceFixture(fake: FakeCalpendoAddress): CalpendoSourceFixture {
  return {
    name: 'calpendo_3t',
    type: 'calpendo',
    timezone: 'America/Edmonton',
    config: {
      base_url: fake.url,
      allow_insecure_http: true, // the fake listens on http://127.0.0.1
      resources: ['3T Diagnostic'],
      status_filter: 'Approved',
      lookback_multiplier: 2,
      timezone: 'America/Edmonton',
    },
    field_mapping: {
      title: {
        _extract: {
          patient_id: { pattern: '^([A-Z0-9]+)', group: 1 },
          patient_name: { pattern: ' - (.+)$', group: 1 },
        },
      },
      'project.formattedName': { _extract: { study_description: { pattern: '^([^(]+)', group: 1 } } },
      formattedName: {
        _extract: {
          scheduled_start_date: { pattern: '^\\[([0-9-]+)', group: 1 },
          scheduled_start_time: { pattern: '([0-9:]+\\.[0-9])', group: 1 },
        },
      },
      'resource.formattedName': 'modality',
      status: 'performed_procedure_step_status',
      durationInMinutes: 'scheduled_procedure_step_duration',
    },
    env: { CALPENDO_USERNAME: fake.username, CALPENDO_PASSWORD: fake.password },
  };
}

/** What an entry of the `edmonton` fixture holds under `calpendoSourceFixture` (key: booking id). */
export interface ExpectedCalpendoEntry {
  patientId: string;
  patientName: string;
  modality: string;
  spsStartDate: string;
  spsStartTime: string;
  spsStartAt: string;
  status: 'SCHEDULED' | 'CANCELED';
  durationMinutes?: number;
  scheduledPerformingPhysician?: string;
}

const mr = (
  patientId: string,
  patientName: string,
  start: [string, string, string],
  extra: Partial<ExpectedCalpendoEntry> = {},
): ExpectedCalpendoEntry => ({
  patientId,
  patientName,
  modality: 'MR',
  spsStartDate: start[0],
  spsStartTime: start[1],
  spsStartAt: start[2],
  status: 'SCHEDULED',
  ...extra,
});

/** The entries `calpendoSourceFixture` yields for each `EDMONTON_WINDOWS` window. */
export const EDMONTON_EXPECTED = {
  springForward: {
    entries: {
      '70101': mr('SUB101', 'Doe^Jane', ['20260308', '010000', '2026-03-08T01:00:00-07:00'], {
        durationMinutes: 45,
        scheduledPerformingPhysician: 'Tech Alex Kim',
      }),
      // 02:30 does not exist on the spring-forward day: moved forward by the gap (with a warning).
      '70102': mr('SUB102', 'Smith^John', ['20260308', '033000', '2026-03-08T03:30:00-06:00'], {
        durationMinutes: 60,
      }),
      '70103': mr('SUB103', 'Lee^Ann', ['20260308', '100000', '2026-03-08T10:00:00-06:00'], {
        scheduledPerformingPhysician: 'Tech Sam Ortiz',
      }),
      '70104': mr('SUB104', 'Stone^Bob', ['20260308', '110000', '2026-03-08T11:00:00-06:00']),
      '70105': mr('SUB105', 'King^Carol', ['20260308', '130000', '2026-03-08T13:00:00-06:00'], {
        status: 'CANCELED',
      }),
      '70106': mr('SUB106', 'Brown^Dan', ['20260308', '140000', '2026-03-08T14:00:00-06:00'], {
        status: 'CANCELED',
      }),
      '70107': {
        ...mr('SUB107', 'Adams^Eve', ['20260308', '150000', '2026-03-08T15:00:00-06:00'], {
          durationMinutes: 90,
        }),
        modality: 'EEG',
      },
    } satisfies Record<string, ExpectedCalpendoEntry>,
    /** A title without a subject id. */
    rejectedKeys: ['70108'],
    /** Another project (70109); the Mock Scanner booking (70110) is not even listed. */
    skippedKeys: ['70109'],
    /** Listed (the query bound is widened for DST) but starting after the window. */
    outsideKeys: ['70111'],
  },
  fallBack: {
    entries: {
      '71103': mr('SUB203', 'Ross^Jack', ['20251101', '233000', '2025-11-01T23:30:00-06:00']),
      // 01:30 happens twice on the fall-back day: the earlier (MDT) is taken (with a warning);
      // the booking really lasts two hours (01:30 MDT to 02:30 MST).
      '71101': mr('SUB201', 'Wu^Hank', ['20251102', '013000', '2025-11-02T01:30:00-06:00'], {
        durationMinutes: 120,
        scheduledPerformingPhysician: 'Tech Alex Kim',
      }),
      // Exact instants only: the second 01:15 (MST), no ambiguity.
      '71104': mr('SUB204', 'Park^Kim', ['20251102', '011500', '2025-11-02T01:15:00-07:00'], {
        durationMinutes: 30,
      }),
      '71102': mr('SUB202', 'Chen^Ivy', ['20251102', '090000', '2025-11-02T09:00:00-07:00'], {
        scheduledPerformingPhysician: 'Tech Sam Ortiz',
      }),
    } satisfies Record<string, ExpectedCalpendoEntry>,
    rejectedKeys: [] as string[],
    skippedKeys: [] as string[],
    outsideKeys: [] as string[],
  },
} as const;

/** The calendar date `days` from now in America/Edmonton, as `YYYY-MM-DD`. */
export function edmontonDay(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Edmonton' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/**
 * An approved 45-minute BRISKP MRI booking on the 3T tomorrow (Edmonton) at `hour`: inside the
 * source fixture's 12 h + 48 h window, so the Calpendo source lists it.
 */
export function briskpBookingTomorrow(
  id: number,
  title: string,
  hour: number,
  extra: Partial<FakeBooking> = {},
): FakeBooking {
  const day = edmontonDay(1);
  const hh = String(hour).padStart(2, '0');
  return {
    id,
    title,
    status: 'Approved',
    biskitType: 'MRIScan',
    resource: '3T Diagnostic',
    project: 'BRISKP (Brain network study)',
    start: `${day} ${hh}:00:00`,
    end: `${day} ${hh}:45:00`,
    durationInMinutes: 45,
    operator: 'Tech Alex Kim',
    ...extra,
  };
}
