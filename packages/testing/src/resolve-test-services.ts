import { dockerReachable, tcpAnswers } from './probe-test-services.ts';
import { startTestContainers } from './test-containers.ts';
import {
  chooseTestServices,
  servicesWithoutServer,
  TEST_SERVICE_NAMES,
  TEST_SERVICES,
  type TestServiceName,
} from './test-services.ts';

/**
 * Finds (or starts) the integration tests' Postgres and Redis as `chooseTestServices` decides, and
 * sets DATABASE_URL / REDIS_URL in `env` for the services it started in containers (vitest's
 * workers, started after the global setup, inherit them). Throws the decision's message when
 * nothing can provide a service. Probes only what the decision needs.
 */
export async function resolveTestServices(
  env: Record<string, string | undefined>,
): Promise<{ stop(): Promise<void> }> {
  const defaultAnswers = { postgres: false, redis: false };
  for (const name of TEST_SERVICE_NAMES) {
    const { variable, defaultUrl, port } = TEST_SERVICES[name];
    if (!env[variable]) defaultAnswers[name] = await tcpAnswers(defaultUrl, port);
  }
  const needsContainer = servicesWithoutServer({ env, defaultAnswers }).length > 0;
  const choice = chooseTestServices({
    env,
    defaultAnswers,
    dockerReachable: needsContainer && (await dockerReachable()),
  });
  if (!choice.ok) throw new Error(choice.message);

  const inContainers: TestServiceName[] = TEST_SERVICE_NAMES.filter(
    (name) => choice.services[name].kind === 'container',
  );
  if (inContainers.length === 0) return { stop: async () => {} };
  const started = await startTestContainers(inContainers);
  for (const name of inContainers) env[TEST_SERVICES[name].variable] = started.urls[name];
  return started;
}
