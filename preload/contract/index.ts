/**
 * The one API contract between the renderer and the main process. Electron IPC and the
 * local HTTP bridge are two transports for this table; nothing else names a channel.
 */
import type { z } from 'zod';
import type { Call, Contract } from './define';
import type { Result } from './errors';
import { session } from './session';
import { caseCalls } from './case';
import { directory } from './directory';
import { slots } from './slots';
import { booking } from './booking-calls';
import { referral } from './referral';
import { reports } from './reports';
import { audit } from './audit';
import { org } from './org';
import { patientCalls } from './pds';

export const contract = {
  session,
  case: caseCalls,
  directory,
  slots,
  booking,
  referral,
  reports,
  audit,
  org,
  patient: patientCalls,
} as const satisfies Contract;

export type AppContract = typeof contract;

/** The object the renderer sees as `window.workstation`: every call returns a Result, never throws. */
export type WorkstationApi = {
  [N in keyof AppContract]: {
    [M in keyof AppContract[N]]: AppContract[N][M] extends Call
      ? (request: z.input<AppContract[N][M]['request']>) => Promise<Result<z.output<AppContract[N][M]['response']>>>
      : never;
  };
};

export { channelsOf, channelName } from './define';
export type { Call, Contract } from './define';
export * from './errors';
export * from './common';
export * from './instant';
export * from './nhs-number';
export * from './patient';
export * from './session';
export * from './case';
export * from './directory';
export * from './slots';
export * from './booking';
export * from './booking-calls';
export * from './reports';
export * from './audit';
export * from './approval-rules';
export * from './org';
export * from './uk-time';
export * from './pds';
