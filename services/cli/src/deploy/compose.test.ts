import { describe, expect, it } from 'vitest';
import { checkComposePolicy, environmentOf, ONE_SHOT } from './compose-policy.ts';
import { COMPOSE_SERVICES, copyOf, readCompose, readImageSpec } from './deploy-files.ts';

const compose = await readCompose();

describe('docker-compose.yml', () => {
  it('keeps the policy: healthchecks, conditions, secrets as files, pinned images, log rotation', () => {
    expect(checkComposePolicy(compose)).toEqual([]);
  });

  it('has the services of the deployment, one fetcher per source', () => {
    expect(Object.keys(compose.services).sort()).toEqual(COMPOSE_SERVICES);
    const fetchers = Object.entries(compose.services).filter(([name]) => name.startsWith('fetcher-'));
    for (const [, service] of fetchers)
      expect(service.command).toEqual(['fetcher', '--source', expect.any(String)]);
  });

  it('runs redis with AOF, noeviction and a password; postgres 16 with a volume', () => {
    const redis = compose.services.redis!;
    const command = Array.isArray(redis.command) ? redis.command.join(' ') : (redis.command ?? '');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
    expect(command).toContain('--requirepass');
    expect(compose.services.postgres!.image).toMatch(/^postgres:16\./);
    expect(compose.services.postgres!.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(compose.services.postgres!.healthcheck!.test).toEqual(['CMD-SHELL', 'pg_isready -U mwl -d mwl']);
  });

  it('publishes the DIMSE port of the gateway', () => {
    expect(compose.services.gateway!.ports).toContain(
      '${GATEWAY_BIND:-0.0.0.0}:${GATEWAY_PUBLISH_PORT:-4242}:4242',
    );
    expect(environmentOf(compose.services.gateway!).GATEWAY_PORT).toBe('4242');
  });

  it('runs the image as the Dockerfile defines it: entry point mwl-bridge, healthcheck mwl-bridge healthcheck', async () => {
    const image = await readImageSpec();
    expect(image.entrypoint).toEqual(['/usr/bin/tini', '--', 'mwl-bridge']);
    expect(image.cmd).toEqual(['start']);
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.image?.startsWith('${MWL_IMAGE')) continue;
      expect(service.entrypoint, name).toBeUndefined();
      expect(Array.isArray(service.command), name).toBe(true);
      if (name !== ONE_SHOT) expect(service.healthcheck!.test, name).toEqual(['CMD', ...image.healthcheck]);
    }
  });
});

describe('the compose policy on a broken copy', () => {
  it('finds a service without a healthcheck', () => {
    const broken = copyOf(compose);
    delete broken.services.gateway!.healthcheck;
    expect(checkComposePolicy(broken)).toEqual(['services.gateway: no healthcheck']);
  });

  it('finds a depends_on without a condition', () => {
    const broken = copyOf(compose);
    broken.services.writer!.depends_on = ['postgres'];
    expect(checkComposePolicy(broken)).toEqual(['services.writer.depends_on.postgres: no condition']);
  });

  it('finds a credential inline, also inside a URL', () => {
    const broken = copyOf(compose);
    const env = broken.services.writer!.environment as Record<string, string>;
    env.REDIS_URL = 'redis://:hunter2@redis:6379';
    expect(checkComposePolicy(broken)).toEqual([
      'services.writer.environment.REDIS_URL: a credential inline (use REDIS_URL_FILE and a secret)',
      'services.writer.environment.REDIS_URL: a password inside a URL',
    ]);
  });

  it('finds a secret file the service was not granted', () => {
    const broken = copyOf(compose);
    broken.services.gateway!.secrets = [];
    expect(checkComposePolicy(broken)).toEqual([
      'services.gateway.environment.DATABASE_URL_FILE: secret "database_url" not granted',
    ]);
  });

  it.each([['redis:latest'], ['redis'], ['${MWL_IMAGE:-mwl-bridge}:${MWL_VERSION:-latest}']])(
    'finds an unpinned image (%s)',
    (image) => {
      const broken = copyOf(compose);
      broken.services.redis!.image = image;
      expect(checkComposePolicy(broken)).toEqual([
        `services.redis: image "${image}" is not pinned to a version`,
      ]);
    },
  );

  it('accepts a digest pin', () => {
    const pinned = copyOf(compose);
    pinned.services.redis!.image = `redis:7.4.2-bookworm@sha256:${'a'.repeat(64)}`;
    expect(checkComposePolicy(pinned)).toEqual([]);
  });

  it('finds a writable config mount, a missing restart policy and missing log rotation', () => {
    const broken = copyOf(compose);
    broken.services.writer!.volumes = ['./mwl.json:/etc/mwl-bridge/mwl.json'];
    delete broken.services.writer!.restart;
    delete broken.services.writer!.logging;
    expect(checkComposePolicy(broken)).toEqual([
      'services.writer: no restart policy',
      'services.writer: no log rotation (logging.options max-size and max-file)',
      'services.writer: the config must be mounted read-only',
    ]);
  });

  it('finds a top-level name: or version:', () => {
    const broken = { ...copyOf(compose), name: 'mwl', version: '3.8' };
    expect(checkComposePolicy(broken)).toEqual([
      'top level: no `version:` key (Compose spec)',
      'top level: no `name:` key (docker-compose 1.29 rejects it)',
    ]);
  });
});
