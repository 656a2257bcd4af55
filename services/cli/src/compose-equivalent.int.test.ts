import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findscu } from '@mwl/dimse/testing';
import {
  calpendoSourceFixture,
  createTestDatabase,
  loadFakeRedcapFixture,
  startFakeCalpendo,
  startFakeRedcap,
  testRedisUrl,
  uniqueQueuePrefix,
  type FakeCalpendo,
  type FakeRedcap,
  type TestDatabase,
  briskpBookingTomorrow,
  edmontonDay,
} from '@mwl/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeRoleProcesses, parseEnvFile, type RoleProcess } from './deploy/compose-roles.ts';
import { readCompose, readImageSpec } from './deploy/deploy-files.ts';
import { freePort, REPO_ROOT, scrubbedEnv, spawnCli, waitFor, type SpawnedCli } from './test-support.ts';

/**
 * docker-compose.yml without Docker: every mwl-bridge service runs as its own process with the
 * command line and environment compose gives its container (read from docker-compose.yml and
 * the Dockerfile, not repeated here), against the real PostgreSQL and Redis. What differs from a
 * container, and only that: secrets are temp files, the config mount is this test's config (the
 * fake REDCap and Calpendo), each process gets its own ports (containers each have their own
 * network namespace), and the queue prefix is unique to this run.
 */

const SECRET_NAMES = [
  'database_url',
  'redis_url',
  'queue_encryption_key',
  'redcap_api_token',
  'calpendo_username',
  'calpendo_password',
];

let dir: string;
let database: TestDatabase;
let redcap: FakeRedcap;
let calpendo: FakeCalpendo;
const prefix = uniqueQueuePrefix('compose');
const running: SpawnedCli[] = [];

/** The config the compose file mounts (its default), with its two sources pointed at the fakes. */
async function testConfig(
  composeDefault: string,
  names: { redcap: string; calpendo: string },
): Promise<string> {
  const site = JSON.parse(await readFile(join(REPO_ROOT, composeDefault), 'utf8')) as {
    gateway: { allowed_aet?: unknown[] };
    data_sources: { name: string; type: string }[];
  };
  expect(site.data_sources.map((s) => [s.name, s.type])).toEqual([
    [names.redcap, 'redcap'],
    [names.calpendo, 'calpendo'],
  ]);
  const calpendoSource = calpendoSourceFixture(calpendo);
  const config = {
    ...site,
    // The site's modalities, and this test's findscu on this machine.
    gateway: {
      ...site.gateway,
      allowed_aet: [...(site.gateway.allowed_aet ?? []), { ae_title: 'FINDSCU', addresses: ['127.0.0.1'] }],
    },
    data_sources: [
      {
        name: names.redcap,
        type: 'redcap',
        sync_interval: 2,
        lookback_days: 1,
        horizon_days: 14,
        config: {
          // api_url_env / api_token_env: the defaults REDCAP_API_URL and REDCAP_API_TOKEN, as compose sets them.
          selection: { date_field: 'scan_date', time_field: 'scan_time' },
          request: { timeout_ms: 2_000, retries: 1, backoff_ms: 20, max_backoff_ms: 50 },
        },
        field_mapping: {
          patientName: { template: '{last_name}^{first_name}' },
          patientId: { template: 'REG-{record_id}' },
          modality: { constant: 'MR' },
          scheduledStationAeTitle: { constant: 'MRI_3T' },
        },
      },
      {
        name: names.calpendo,
        type: 'calpendo',
        sync_interval: 2,
        config: calpendoSource.config,
        field_mapping: calpendoSource.field_mapping,
      },
    ],
  };
  const path = join(dir, 'mwl.json');
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mwl-compose-'));
  database = await createTestDatabase({ empty: true });
  redcap = await startFakeRedcap({ fixture: loadFakeRedcapFixture('classic'), timezone: 'America/Edmonton' });
  calpendo = await startFakeCalpendo({ bookings: [briskpBookingTomorrow(80001, 'SUB301 - Ann Lee', 9)] });
});

afterAll(async () => {
  await Promise.all(running.map((process) => process.stop('SIGKILL')));
  await Promise.all([database?.drop(), redcap?.close(), calpendo?.close()]);
  const redis = new Redis(testRedisUrl());
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
  await rm(dir, { recursive: true, force: true });
});

/** The process of one compose service: its command line, its environment plus the ports and prefix of this run. */
function spawnRole(role: RoleProcess, ports: Record<string, string>): SpawnedCli {
  const child = spawnCli(role.argv, scrubbedEnv({ ...role.env, ...ports, QUEUE_PREFIX: prefix }));
  running.push(child);
  return child;
}

/**
 * Ready on its health port, then compose's healthcheck as compose runs it (`mwl-bridge healthcheck`
 * in the service's environment) exits 0. Polled over HTTP first: a healthcheck process per poll
 * would load the CLI every 200 ms per service.
 */
async function healthy(role: RoleProcess, ports: Record<string, string>, process: SpawnedCli): Promise<void> {
  try {
    await waitFor(
      `${role.service} ready`,
      async () => {
        if (process.child.exitCode !== null) throw new Error(`exited with ${process.child.exitCode}`);
        const response = await fetch(`http://127.0.0.1:${ports.HEALTH_PORT}/health/ready`);
        return response.status === 200 ? true : undefined;
      },
      60_000,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${role.service}:\n${process.output()}`, { cause: error });
  }
  const check = spawnCli(role.healthcheck!, scrubbedEnv({ ...role.env, ...ports }));
  expect(await check.exited, `${role.service} healthcheck: ${check.output()}`).toBe(0);
}

describe('the compose deployment as processes', () => {
  it(
    'migrates, runs writer, gateway, api and one fetcher per source; each source reaches findscu; SIGTERM stops each',
    { timeout: 240_000 },
    async () => {
      const compose = await readCompose();
      const image = await readImageSpec();
      const fetcherOf = (service: string) => (compose.services[service]!.command as string[])[2]!;
      const configVolume = compose.services.migrate!.volumes![0] as string;
      const composeDefault = /^\$\{MWL_CONFIG_FILE:-([^}]+)\}/.exec(configVolume)![1]!;
      const config = await testConfig(composeDefault, {
        redcap: fetcherOf('fetcher-redcap'),
        calpendo: fetcherOf('fetcher-calpendo'),
      });

      const secretFiles: Record<string, string> = {};
      const secretValues: Record<string, string> = {
        database_url: database.databaseUrl,
        redis_url: testRedisUrl(),
        queue_encryption_key: randomBytes(32).toString('hex'),
        redcap_api_token: redcap.token,
        calpendo_username: calpendo.username,
        calpendo_password: calpendo.password,
      };
      for (const name of SECRET_NAMES) {
        secretFiles[name] = join(dir, `secret-${name}`);
        await writeFile(secretFiles[name], `${secretValues[name]}\n`, { mode: 0o600 });
      }
      // What a site's .env holds: .env.example, with this test's REDCap and config file.
      const vars = {
        ...parseEnvFile(await readFile(join(REPO_ROOT, '.env.example'), 'utf8')),
        REDCAP_API_URL: redcap.url,
        MWL_CONFIG_FILE: config,
      };
      const roles = composeRoleProcesses(compose, image, { vars, secretFiles, dataDir: join(dir, 'data') });
      expect(roles.map((r) => r.service).sort()).toEqual([
        'api',
        'fetcher-calpendo',
        'fetcher-redcap',
        'gateway',
        'migrate',
        'writer',
      ]);
      const role = (service: string) => roles.find((r) => r.service === service)!;
      const ports: Record<string, Record<string, string>> = {};
      for (const r of roles) ports[r.service] = { HEALTH_PORT: String(await freePort()) };
      ports.gateway!.GATEWAY_PORT = String(await freePort());
      ports.api!.API_PORT = String(await freePort());

      // migrate: one-shot, exits 0; every other role waits for it (service_completed_successfully).
      const migrate = spawnRole(role('migrate'), ports.migrate!);
      expect(await migrate.exited, migrate.output()).toBe(0);
      expect(migrate.output()).toContain('Applied');
      const services = roles.filter((r) => r.service !== 'migrate');
      for (const r of services) expect(r.dependsOn.migrate).toBe('service_completed_successfully');

      // A REDCap record and a Calpendo booking (from the start), both tomorrow, reach a DICOM client.
      // REDCap stamps changes with its clock: the fake's is now (two seconds back: whole seconds).
      redcap.setNow(new Date(Date.now() - 2_000));
      redcap.upsertRecord('1007', [
        { last_name: 'New', first_name: 'Golf', scan_date: edmontonDay(1), scan_time: '13:00' },
      ]);
      const processes = Object.fromEntries(services.map((r) => [r.service, spawnRole(r, ports[r.service]!)]));
      await Promise.all(services.map((r) => healthy(r, ports[r.service]!, processes[r.service]!)));

      const peer = {
        host: '127.0.0.1',
        port: Number(ports.gateway!.GATEWAY_PORT),
        calledAeTitle: 'MWL_BRIDGE',
      };
      const patientIds = async () => {
        const result = await findscu(peer, { keys: ['PatientID=', 'PatientName='] });
        expect(result.finalStatus).toBe(0);
        return result.responses.map((r) => r['PatientID'] as string).sort();
      };
      let seen: string[] = [];
      await waitFor(
        'both sources on the worklist',
        async () => {
          seen = await patientIds();
          return seen.includes('REG-1007') && seen.includes('SUB301') ? seen : undefined;
        },
        60_000,
      ).catch((error: Error) => {
        const logs = services.map((r) => `${r.service}:\n${processes[r.service]!.output()}`).join('\n');
        throw new Error(`${error.message}; found ${seen.join(', ')}\n${logs}`);
      });

      // Stopping the REDCap fetcher leaves Calpendo syncing; REDCap's changes wait for its fetcher.
      expect((await processes['fetcher-redcap']!.stop('SIGTERM')).code).toBe(0);
      redcap.setNow(new Date(Date.now() - 2_000));
      redcap.upsertRecord('1008', [
        { last_name: 'Late', first_name: 'Hotel', scan_date: edmontonDay(1), scan_time: '14:00' },
      ]);
      calpendo.addBooking(briskpBookingTomorrow(80002, 'SUB302 - Bob Stone', 10));
      const ids = await waitFor(
        'the new booking on the worklist',
        async () => {
          const found = await patientIds();
          return found.includes('SUB302') ? found : undefined;
        },
        60_000,
      );
      expect(ids).not.toContain('REG-1008');

      // The api, too, answers on its own port (the config's api.host/api.port overridden as in compose).
      const docs = await fetch(`http://127.0.0.1:${ports.api!.API_PORT}/api/v1/docs`);
      expect(docs.status).toBe(200);
      await docs.arrayBuffer();

      for (const service of ['api', 'fetcher-calpendo', 'gateway', 'writer']) {
        const stopped = await processes[service]!.stop('SIGTERM');
        expect(stopped.code, `${service}:\n${processes[service]!.output()}`).toBe(0);
      }
    },
  );
});
