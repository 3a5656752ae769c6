import type { Handlers } from '../api/handlers';
import { AppError } from '../api/app-error';
import { storageFaultKind } from '../db/storage-fault';
import { DISK_FULL_MESSAGE } from './startup-problem';

type AnyHandler = (...args: unknown[]) => Promise<unknown>;

/**
 * A write the store refuses (full disk, read-only folder) becomes a plain, typed failure instead
 * of an internal error. The refused transaction is rolled back by SQLite; everything committed
 * before it stays. A booking or cancel may already have reached the Provider, so those say so.
 */
export function withStorageFaults(handlers: Handlers, onFault: (kind: string) => void): Handlers {
  const wrapped: Record<string, object> = {};
  for (const [namespace, service] of Object.entries(handlers as unknown as Record<string, object>)) {
    wrapped[namespace] = new Proxy(service, {
      get(target, method, receiver) {
        const handler = Reflect.get(target, method, receiver) as unknown;
        if (typeof handler !== 'function') return handler;
        return async (...args: unknown[]) => {
          try {
            return await (handler as AnyHandler).apply(target, args);
          } catch (error) {
            throw translate(error, namespace, onFault);
          }
        };
      },
    });
  }
  return wrapped as unknown as Handlers;
}

function translate(error: unknown, namespace: string, onFault: (kind: string) => void): unknown {
  const kind = isSqliteError(error) ? storageFaultKind(error) : undefined;
  if (kind !== 'disk-full' && kind !== 'read-only') return error;
  onFault(kind);
  const message =
    kind === 'disk-full'
      ? `${DISK_FULL_MESSAGE} Free space, then try again.`
      : 'The data folder cannot be written to any more: nothing more can be saved. Ask the IT service desk, then try again.';
  return new AppError('disk-full', message, {
    action:
      namespace === 'booking'
        ? 'Nothing earlier has been lost. The service may already have acted on this booking or cancellation: check the booking with the service before trying again.'
        : 'Nothing earlier has been lost. Free space on the disk (or ask the IT service desk to), then try again.',
    detail: `store refused a write: ${kind}`,
    cause: error,
  });
}

function isSqliteError(error: unknown): boolean {
  return error instanceof Error && error.name === 'SqliteError';
}
