import { channelsOf, contract, type SessionInfo } from '../../preload/contract';
import { AppError } from '../api/app-error';
import type { Handlers } from '../api/handlers';

/**
 * With unusable settings the app still opens: the session call reports each bad field and
 * every other call refuses with `config-invalid`, so nothing half-configured reaches Spine.
 */
export function configProblemHandlers(session: SessionInfo): Handlers {
  const table: Record<string, Record<string, () => Promise<unknown>>> = {};
  for (const { namespace, method } of channelsOf(contract)) {
    (table[namespace] ??= {})[method] = () =>
      Promise.reject(
        new AppError('config-invalid', 'The workstation is not configured correctly, so it cannot book.', {
          action: 'Call the IT service desk: the configuration problem screen lists what to fix.',
        }),
      );
  }
  (table.session ??= {}).get = () => Promise.resolve(session);
  return table as unknown as Handlers;
}
