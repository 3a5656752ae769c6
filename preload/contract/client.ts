import { channelsOf } from './define';
import type { Result } from './errors';
import { contract, type WorkstationApi } from './index';

/** Sends one call over some transport (IPC or HTTP) and returns its Result. */
export type Invoke = (channel: string, request: unknown) => Promise<Result<unknown>>;

/** Builds `window.workstation` from the contract for any transport. */
export function createClient(invoke: Invoke): WorkstationApi {
  const api: Record<string, Record<string, (request: unknown) => Promise<Result<unknown>>>> = {};
  for (const { channel, namespace, method } of channelsOf(contract)) {
    (api[namespace] ??= {})[method] = (request: unknown) => invoke(channel, request ?? {});
  }
  return api as unknown as WorkstationApi;
}
