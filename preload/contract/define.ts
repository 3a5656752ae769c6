import type { z } from 'zod';

/** One call the renderer can make: a request schema and a response schema. */
export interface Call<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

export function call<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): Call<Req, Res> {
  return { request, response };
}

/** A namespace of calls, e.g. `case` or `slots`; channel names are `<namespace>:<method>`. */
export type Service = Readonly<Record<string, Call>>;
export type Contract = Readonly<Record<string, Service>>;

export type RequestOf<C extends Call> = z.input<C['request']>;
export type ParsedRequestOf<C extends Call> = z.output<C['request']>;
export type ResponseOf<C extends Call> = z.output<C['response']>;

export function channelName(namespace: string, method: string): string {
  return `${namespace}:${method}`;
}

/** Every channel of a contract, in a stable order; nothing else defines channel names. */
export function channelsOf(contract: Contract): { channel: string; namespace: string; method: string; call: Call }[] {
  return Object.entries(contract).flatMap(([namespace, service]) =>
    Object.entries(service).map(([method, c]) => ({ channel: channelName(namespace, method), namespace, method, call: c })),
  );
}
