import type { z } from 'zod';
import type { AppContract } from '../../preload/contract';

/** Who is calling; the transports fill it in after checking the sender. */
export interface CallContext {
  transport: 'ipc' | 'http';
}

/** Main's one handler table: the shape is derived from the contract, so it cannot drift. */
export type Handlers = {
  [N in keyof AppContract]: {
    [M in keyof AppContract[N]]: AppContract[N][M] extends { request: infer Req extends z.ZodType; response: infer Res extends z.ZodType }
      ? (request: z.output<Req>, context: CallContext) => Promise<z.input<Res>>
      : never;
  };
};
