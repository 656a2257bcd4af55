import net from 'node:net';

/** How long a probe may take: the answer on loopback is immediate; a firewall may never answer. */
const PROBE_TIMEOUT_MS = 2_000;
/** Docker Desktop or a remote DOCKER_HOST may take a few seconds to answer its first request. */
const DOCKER_PROBE_TIMEOUT_MS = 10_000;

/** Whether something accepts a TCP connection at the URL's host and port (within a bound). */
/** `defaultPort` when the URL names none. */
export function tcpAnswers(url: string, defaultPort: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) || defaultPort });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Whether a container engine answers, found the way testcontainers finds it (DOCKER_HOST,
 * ~/.testcontainers.properties, the usual sockets). Loads testcontainers, so it is called only
 * when a container may be needed.
 */
export async function dockerReachable(timeoutMs = DOCKER_PROBE_TIMEOUT_MS): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = import('testcontainers').then(({ getContainerRuntimeClient }) =>
    getContainerRuntimeClient().then(() => true),
  );
  try {
    return await Promise.race([probe.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
