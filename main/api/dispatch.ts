import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { channelsOf, contract, type Call, type Result } from '../../preload/contract';
import { AppError } from './app-error';
import type { CallContext, Handlers } from './handlers';
import { parseUnknown } from './parse';

export type Dispatch = (channel: string, request: unknown, context: CallContext) => Promise<Result<unknown>>;

type AnyHandler = (request: unknown, context: CallContext) => Promise<unknown>;

/**
 * One entry point for every transport: validates the request against the contract, runs the
 * handler, validates what it returns, and turns every failure into a typed error value.
 */
export function createDispatch(handlers: Handlers, logger: Logger): Dispatch {
  const table = new Map<string, { call: Call; handler: AnyHandler }>();
  for (const { channel, namespace, method, call } of channelsOf(contract)) {
    const service = handlers[namespace as keyof Handlers] as Record<string, AnyHandler>;
    const handler = service[method];
    if (handler === undefined) throw new Error(`no handler for ${channel}`);
    table.set(channel, { call, handler: handler.bind(service) });
  }

  return async (channel, request, context) => {
    const entry = table.get(channel);
    if (entry === undefined) {
      return failure('invalid-request', 'The app asked for something it cannot do.', `unknown channel ${channel.slice(0, 80)}`);
    }
    const parsed = parseUnknown(entry.call.request, request);
    if (!parsed.ok) {
      logger.warn({ channel, problems: parsed.problems }, 'request rejected by the contract');
      return failure('invalid-request', 'Some details are missing or not valid.', parsed.problems.join('; '));
    }
    try {
      const value = await entry.handler(parsed.value, context);
      const checked = parseUnknown(entry.call.response, value);
      if (!checked.ok) {
        const reference = randomUUID();
        logger.error({ channel, problems: checked.problems, reference }, 'handler broke the contract');
        return failure('internal', 'Something went wrong inside the app.', checked.problems.join('; '), reference);
      }
      return { ok: true, value: checked.value };
    } catch (error) {
      if (error instanceof AppError) {
        logger.info({ channel, code: error.code, detail: error.extras.detail }, 'call failed');
        return { ok: false, error: error.toShape() };
      }
      const reference = randomUUID();
      logger.error({ channel, err: error, reference }, 'unexpected failure');
      return failure('internal', 'Something went wrong inside the app.', (error as Error).message, reference);
    }
  };
}

function failure(code: 'invalid-request' | 'internal', message: string, detail: string, reference?: string): Result<never> {
  return {
    ok: false,
    error: {
      code,
      message,
      detail,
      action: code === 'internal' ? 'Try again. If it happens again, call the IT service desk and quote the reference.' : 'Check the form and try again.',
      ...(reference !== undefined ? { reference } : {}),
    },
  };
}
