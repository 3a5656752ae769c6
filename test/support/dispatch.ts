import type { Booking, BookingResult, Result } from '../../preload/contract';
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
  /** A booking call, answered with the appointment it acted on as main returned it in the case. */
  async function booking(channel: string, request: unknown): Promise<Booking & { result: BookingResult }> {
    const result = await ok<BookingResult>(channel, request);
    const b = result.case.bookings.find((x) => x.id === result.bookingId);
    if (b === undefined) throw new Error(`${channel}: no appointment in the answer`);
    return { ...b, result };
  }
  return { call, ok, booking };
}
