import type { Result } from '../../preload/contract';
import type { App } from '../../main/app/create-app';

/** Calls the app's one dispatch as the HTTP bridge does; `ok` throws on an error result, naming it. */
export function dispatcher(app: () => App) {
  async function call<T>(channel: string, request: unknown): Promise<Result<T>> {
    return (await app().dispatch(channel, request, { transport: 'http' })) as Result<T>;
  }
  async function ok<T>(channel: string, request: unknown): Promise<T> {
    const result = await call<T>(channel, request);
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message} ${result.error.detail ?? ''}`);
    return result.value;
  }
  return { call, ok };
}
