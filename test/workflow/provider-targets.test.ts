import { describe, expect, it } from 'vitest';
import type { Interactions } from '../../main/config';
import { bookingTargetOf, resolveService } from '../../main/workflow/provider-targets';
import type { DosService, EndpointDirectory, EndpointLookup } from '../../main/workflow/ports';

const interactions: Interactions = {
  slotSearch: 'urn:nhs:names:services:careconnect:fhir:rest:read:slot',
  createAppointment: 'urn:nhs:names:services:careconnect:fhir:rest:create:appointment',
  readAppointment: 'urn:nhs:names:services:careconnect:fhir:rest:read:appointment',
  updateAppointment: 'urn:nhs:names:services:careconnect:fhir:rest:update:appointment',
  readMetadata: 'urn:nhs:names:services:careconnect:fhir:rest:read:metadata',
};

const dos: DosService = {
  id: '1001234567',
  name: 'Riverside UTC',
  rank: 1,
  requireBooking: 'absent',
  endpoints: [{ transport: 'http', format: 'FHIR', interaction: 'Scheduling', businessScenario: 'Primary', address: 'ASID:012345678901' }],
};

/** An SDS stand-in: one AS record listing `listed`, and one MHS record (service root) per interaction. */
function directory(listed: string[], roots: Partial<Record<string, string>>): EndpointDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup(asid: string, interaction: string): Promise<EndpointLookup> {
      asked.push(interaction);
      const root = roots[interaction];
      if (!listed.includes(interaction) || root === undefined) {
        return Promise.resolve({ ok: false, reason: 'mhs-not-found', detail: `no MHS for ${interaction}` });
      }
      return Promise.resolve({ ok: true, asid, partyKey: 'RR8A1-800001', serviceRoot: root, interactions: listed });
    },
  };
}

describe('resolveService against SDS (C11)', () => {
  it('an AS record with slot search but no create:appointment is not bookable, and says why', async () => {
    const sds = directory([interactions.slotSearch, interactions.readAppointment], {
      [interactions.slotSearch]: 'https://slots.example.nhs.uk/fhir',
      [interactions.readAppointment]: 'https://read.example.nhs.uk/fhir',
    });
    const resolved = await resolveService(dos, sds, interactions);
    expect(resolved.target).toBeUndefined();
    expect(resolved.offer.booking).toMatchObject({ status: 'not-bookable', reason: 'endpoint-lookup-failed' });
    expect(resolved.offer.booking.status === 'not-bookable' ? resolved.offer.booking.message : '').toMatch(/not for booking them.*referral/);
    expect(resolved.lookupDetail).toContain('create:appointment');
  });

  it('book, read and cancel go to the endpoint SDS lists for each interaction, slot search to its own', async () => {
    const sds = directory(Object.values(interactions), {
      [interactions.slotSearch]: 'https://slots.example.nhs.uk/fhir',
      [interactions.createAppointment]: 'https://book.example.nhs.uk/fhir',
      [interactions.readAppointment]: 'https://read.example.nhs.uk/fhir',
      [interactions.updateAppointment]: 'https://update.example.nhs.uk/fhir',
    });
    const resolved = await resolveService(dos, sds, interactions);
    expect(resolved.offer.booking).toEqual({ status: 'bookable', asid: '012345678901' });
    if (resolved.target === undefined) throw new Error('expected a Provider target');
    expect(bookingTargetOf(resolved.target, 'case-1').endpoints).toEqual({
      search: 'https://slots.example.nhs.uk/fhir',
      book: 'https://book.example.nhs.uk/fhir',
      read: 'https://read.example.nhs.uk/fhir',
      cancel: 'https://update.example.nhs.uk/fhir',
    });
  });

  it('read and cancel fall back to the booking endpoint when SDS has no separate record for them', async () => {
    const sds = directory([interactions.slotSearch, interactions.createAppointment], {
      [interactions.slotSearch]: 'https://slots.example.nhs.uk/fhir',
      [interactions.createAppointment]: 'https://book.example.nhs.uk/fhir',
    });
    const resolved = await resolveService(dos, sds, interactions);
    if (resolved.target === undefined) throw new Error('expected a Provider target');
    expect(bookingTargetOf(resolved.target, 'case-1').endpoints).toMatchObject({ read: 'https://book.example.nhs.uk/fhir', cancel: 'https://book.example.nhs.uk/fhir' });
  });
});
