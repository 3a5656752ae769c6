/**
 * Which standard a service speaks (digest §6): a settings override per DoS service id, then
 * the directory's endpoints, then a probe of the BaRS proxy (`GET /metadata` with the target
 * header; 404 PROXY_NOT_FOUND means Care Connect). Answers are kept at most 24 hours.
 */
import { randomUUID } from 'node:crypto';
import type { DosService } from '../../workflow/ports';
import type { BarsClient } from './client';
import { outcomeCode } from './errors';

export type Protocol = 'bars' | 'care-connect';

/** The DoS endpoint interaction by which a directory lists a BaRS booking endpoint. */
export const BARS_INTERACTION = /^bars$|booking.?and.?referral/i;
const DAY_MS = 24 * 3_600_000;

export interface ProtocolProbeOptions {
  client: BarsClient | undefined;
  overrides: Readonly<Record<string, Protocol>>;
  now?: () => Date;
  timeoutMs?: number;
}

export class ProtocolProbe {
  private readonly cache = new Map<string, { protocol: Protocol; atMs: number }>();

  constructor(private readonly options: ProtocolProbeOptions) {}

  async protocolOf(service: DosService): Promise<Protocol> {
    const override = this.options.overrides[service.id];
    if (override !== undefined) return override;
    if (service.endpoints.some((e) => BARS_INTERACTION.test(e.interaction))) return 'bars';
    if (service.endpoints.some((e) => e.interaction === 'Scheduling')) return 'care-connect';
    if (this.options.client === undefined) return 'care-connect';
    const nowMs = (this.options.now ?? ((): Date => new Date()))().getTime();
    const cached = this.cache.get(service.id);
    if (cached && nowMs - cached.atMs < DAY_MS) return cached.protocol;
    const reply = await this.options.client.send({
      method: 'GET', path: '/metadata', dosServiceId: service.id, requestId: randomUUID(), correlationId: randomUUID(),
      deadline: new Date(Date.now() + (this.options.timeoutMs ?? 5_000)),
    });
    if (reply.kind !== 'answer') return 'care-connect'; // not cached: the next look may reach the proxy
    const protocol: Protocol = reply.status === 200 && (reply.json as { resourceType?: unknown } | undefined)?.resourceType === 'CapabilityStatement' ? 'bars' : 'care-connect';
    if (protocol === 'bars' || outcomeCode(reply.json)?.code === 'PROXY_NOT_FOUND') this.cache.set(service.id, { protocol, atMs: nowMs });
    return protocol;
  }

  /** "via BaRS" / "via Care Connect": the only place a protocol's name reaches the screen. */
  static display(protocol: Protocol): string {
    return protocol === 'bars' ? 'via BaRS' : 'via Care Connect';
  }
}
