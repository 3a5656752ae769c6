/** The seed as FHIR R4 UK Core resources, the way a BaRS receiver returns them in a slot search. */
import { uuidFor } from '../seed/resources';
import type { Address, Diary, Person } from '../seed/types';
import type { SlotRecord } from '../store/slot-store';
import type { BarsService } from './seed';

export type R4Resource = Record<string, unknown> & { resourceType: string; id: string };

export const DELIVERY_CHANNEL_R4 = 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-DeliveryChannel';
export const DOS_SERVICE_ID_SYSTEM = 'https://fhir.nhs.uk/Id/dos-service-id';
const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
const SDS_JOB_ROLE = 'https://fhir.nhs.uk/CodeSystem/NHSDigital-SDS-JobRoleCode';

/** Every resource a receiver returns: its type, id, and meta with the UK Core profile and when it last changed. */
const ukCore = (resourceType: string, id: string, lastUpdated: string, elements: Record<string, unknown>): R4Resource => ({
  resourceType,
  id,
  meta: { lastUpdated, profile: [`https://fhir.hl7.org.uk/StructureDefinition/UKCore-${resourceType}`] },
  ...elements,
});
const address = (a: Address): Record<string, unknown> => ({ use: 'work', type: 'physical', ...a, country: 'GBR' });

/** The entry's fullUrl: a stable urn:uuid, as the official examples use, so references are urn:uuid too. */
export const fullUrlOf = (type: string, id: string): string => `urn:uuid:${uuidFor(`bars:${type}/${id}`)}`;
const ref = (type: string, id: string): { reference: string } => ({ reference: fullUrlOf(type, id) });

export function slotR4(slot: SlotRecord, service: BarsService, lastUpdated: string): R4Resource {
  return ukCore('Slot', slot.id, lastUpdated, {
    // Never defaulted: a slot whose channel is unknown carries no extension at all.
    ...(slot.channel ? { extension: [{ url: DELIVERY_CHANNEL_R4, valueCode: slot.channel }] } : {}),
    serviceType: [{ text: service.typeName }],
    schedule: ref('Schedule', slot.scheduleId),
    status: slot.status,
    start: new Date(slot.startMs).toISOString(),
    end: new Date(slot.endMs).toISOString(),
  });
}

export function scheduleR4(service: BarsService, diary: Diary, lastUpdated: string): R4Resource {
  const actor = [ref('HealthcareService', service.id)];
  if (diary.practitioner) actor.push(ref('Practitioner', diary.practitioner.id));
  if (diary.role) actor.push(ref('PractitionerRole', roleId(diary)));
  return ukCore('Schedule', diary.scheduleId, lastUpdated, { active: true, actor });
}

export function healthcareServiceR4(service: BarsService, lastUpdated: string): R4Resource {
  return ukCore('HealthcareService', service.id, lastUpdated, {
    identifier: [{ system: DOS_SERVICE_ID_SYSTEM, value: service.id }],
    active: true,
    providedBy: ref('Organization', service.organization.id),
    location: [ref('Location', service.location.id)],
    name: service.name,
  });
}

export function locationR4(service: BarsService, lastUpdated: string): R4Resource {
  return ukCore('Location', service.location.id, lastUpdated, { status: 'active', name: service.location.name, address: address(service.location.address) });
}

export function organizationR4(service: BarsService, lastUpdated: string): R4Resource {
  const org = service.organization;
  return ukCore('Organization', org.id, lastUpdated, { identifier: [{ system: ODS_SYSTEM, value: org.odsCode }], name: org.name, address: [address(org.headOffice)] });
}

export function practitionerR4(person: Person, lastUpdated: string): R4Resource {
  return ukCore('Practitioner', person.id, lastUpdated, {
    identifier: [{ system: SDS_USER_SYSTEM, value: person.sdsUserId }],
    name: [{ use: 'usual', family: person.family, given: [person.given], ...(person.prefix ? { prefix: [person.prefix] } : {}) }],
    gender: person.gender,
  });
}

export function practitionerRoleR4(service: BarsService, diary: Diary, lastUpdated: string): R4Resource | undefined {
  if (!diary.role) return undefined;
  return ukCore('PractitionerRole', roleId(diary), lastUpdated, {
    ...(diary.practitioner ? { practitioner: ref('Practitioner', diary.practitioner.id) } : {}),
    organization: ref('Organization', service.organization.id),
    code: [{ coding: [{ system: SDS_JOB_ROLE, code: diary.role.code, display: diary.role.display }] }],
  });
}

const roleId = (diary: Diary): string => `role-${diary.scheduleId}`;
