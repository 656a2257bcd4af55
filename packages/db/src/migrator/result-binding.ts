/**
 * The Wasm schema engine does not take driver adapters as they are: every call must answer with a
 * result object (`{ ok: true, value }` or `{ ok: false, error }`) instead of throwing. Prisma's CLI
 * wraps adapters with `@prisma/driver-adapter-utils`, a package we do not depend on directly; this
 * file is the same idea, in the shape the engine reads.
 */

export type EngineResult<T> = { ok: true; value: T } | { ok: false; error: EngineErrorPayload };

/** What the engine understands as a driver error: a `kind` and its fields. */
export type EngineErrorPayload = { kind: string } & Record<string, unknown>;

/**
 * Errors the engine cannot describe travel as `{ kind: 'GenericJs', id }`; the id indexes this
 * list, so the original error can be reported after the engine gives up.
 */
export class JsErrorRegistry {
  readonly errors: unknown[] = [];

  register(error: unknown): number {
    this.errors.push(error);
    return this.errors.length - 1;
  }
}

/** Turns a thrown value into the payload the engine reads. `describe` may recognize driver errors. */
export type ErrorDescriber = (error: unknown) => EngineErrorPayload | undefined;

function isDriverAdapterError(error: unknown): error is Error & { cause: EngineErrorPayload } {
  return (
    error instanceof Error &&
    error.name === 'DriverAdapterError' &&
    typeof error.cause === 'object' &&
    error.cause !== null &&
    typeof (error.cause as { kind?: unknown }).kind === 'string'
  );
}

export function toErrorPayload(
  error: unknown,
  registry: JsErrorRegistry,
  describe?: ErrorDescriber,
): EngineErrorPayload {
  if (isDriverAdapterError(error)) return error.cause;
  const described = describe?.(error);
  if (described) return described;
  return { kind: 'GenericJs', id: registry.register(error) };
}

export function wrapAsync<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  registry: JsErrorRegistry,
  describe?: ErrorDescriber,
): (...args: A) => Promise<EngineResult<R>> {
  return async (...args) => {
    try {
      return { ok: true, value: await fn(...args) };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error, registry, describe) };
    }
  };
}

export function wrapSync<A extends unknown[], R>(
  fn: (...args: A) => R,
  registry: JsErrorRegistry,
  describe?: ErrorDescriber,
): (...args: A) => EngineResult<R> {
  return (...args) => {
    try {
      return { ok: true, value: fn(...args) };
    } catch (error) {
      return { ok: false, error: toErrorPayload(error, registry, describe) };
    }
  };
}
