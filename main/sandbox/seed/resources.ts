/**
 * Turns the seed into the Care Connect resources a Provider returns: Slot, Schedule,
 * HealthcareService, Location, Organization, Practitioner and PractitionerRole.
 */
import { createHash } from 'node:crypto';
import type { Address, Diary, Person, SeedService } from './types';
import type { SlotRecord } from '../store/slot-store';

type Resource = Record<string, unknown> & { resourceType: string; id: string };

export const DELIVERY_CHANNEL_URL = 'https://fhir.hl7.org.uk/STU3/StructureDefinition/Extension-CareConnect-DeliveryChannel-1';
export const DOS_SERVICE_ID_SYSTEM = 'https://fhir.nhs.uk/Id/dos-service-id';
const ODS_SYSTEM = 'https://fhir.nhs.uk/Id/ods-organization-code';
const ODS_SITE_SYSTEM = 'https://fhir.nhs.uk/Id/ods-site-code';
const SDS_USER_SYSTEM = 'https://fhir.nhs.uk/Id/sds-user-id';
const JOB_ROLE_SYSTEM = 'https://fhir.nhs.uk/STU3/CodeSystem/CareConnect-SDSJobRoleName-1';
const RFC4122 = 'https://tools.ietf.org/html/rfc4122';
const profile = (name: string): { profile: string[] } => ({ profile: [`https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-${name}-1`] });

/** A stable name-based UUID (version 5 layout) for a slot id, used as its business identifier. */
export function uuidFor(name: string): string {
  const h = createHash('sha1').update(`sandbox-slot:${name}`).digest('hex');
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const address = (a: Address): Record<string, unknown> => ({ use: 'work', type: 'physical', ...a, country: 'GBR' });

export function slotResource(slot: SlotRecord, comment?: string): Resource {
  return {
    resourceType: 'Slot',
    id: slot.id,
    meta: profile('Slot'),
    // Never defaulted: a slot whose channel is unknown carries no extension at all.
    ...(slot.channel ? { extension: [{ url: DELIVERY_CHANNEL_URL, valueCode: slot.channel }] } : {}),
    identifier: [{ system: RFC4122, value: uuidFor(slot.id) }],
    schedule: { reference: `Schedule/${slot.scheduleId}` },
    status: slot.status,
    start: new Date(slot.startMs).toISOString(),
    end: new Date(slot.endMs).toISOString(),
    ...(comment ? { comment } : {}),
  };
}

export function scheduleResource(service: SeedService, diary: Diary): Resource {
  const actor = [{ reference: `HealthcareService/${service.id}`, display: service.name }];
  if (diary.practitioner) actor.push({ reference: `Practitioner/${diary.practitioner.id}`, display: displayName(diary.practitioner) });
  if (diary.role) actor.push({ reference: `PractitionerRole/${roleId(diary)}`, display: diary.role.display });
  return { resourceType: 'Schedule', id: diary.scheduleId, meta: profile('Schedule'), active: true, actor };
}

export function healthcareServiceResource(service: SeedService): Resource {
  return {
    resourceType: 'HealthcareService',
    id: service.id,
    meta: profile('HealthcareService'),
    identifier: [{ system: DOS_SERVICE_ID_SYSTEM, value: service.id }],
    active: true,
    providedBy: { reference: `Organization/${service.organization.id}`, display: service.organization.name },
    location: [{ reference: `Location/${service.location.id}`, display: service.location.name }],
    name: service.name,
    type: [{ text: service.typeName }],
  };
}

export function locationResource(service: SeedService): Resource {
  const loc = service.location;
  return {
    resourceType: 'Location',
    id: loc.id,
    meta: profile('Location'),
    ...(loc.odsSiteCode ? { identifier: [{ system: ODS_SITE_SYSTEM, value: loc.odsSiteCode }] } : {}),
    status: 'active',
    name: loc.name,
    address: address(loc.address),
    managingOrganization: { reference: `Organization/${service.organization.id}` },
  };
}

export function organizationResource(service: SeedService): Resource {
  const org = service.organization;
  return {
    resourceType: 'Organization',
    id: org.id,
    meta: profile('Organization'),
    identifier: [{ system: ODS_SYSTEM, value: org.odsCode }],
    name: org.name,
    // The head office: deliberately not where the patient goes (the Location is).
    address: [address(org.headOffice)],
  };
}

export function practitionerResource(person: Person): Resource {
  return {
    resourceType: 'Practitioner',
    id: person.id,
    meta: profile('Practitioner'),
    identifier: [{ system: SDS_USER_SYSTEM, value: person.sdsUserId }],
    name: [{ use: 'usual', family: person.family, given: [person.given], ...(person.prefix ? { prefix: [person.prefix] } : {}) }],
    gender: person.gender,
  };
}

export function practitionerRoleResource(service: SeedService, diary: Diary): Resource | undefined {
  if (!diary.role) return undefined;
  return {
    resourceType: 'PractitionerRole',
    id: roleId(diary),
    meta: profile('PractitionerRole'),
    ...(diary.practitioner ? { practitioner: { reference: `Practitioner/${diary.practitioner.id}` } } : {}),
    organization: { reference: `Organization/${service.organization.id}` },
    code: [{ coding: [{ system: JOB_ROLE_SYSTEM, code: diary.role.code, display: diary.role.display }] }],
  };
}

/** A Device nobody asked for: what a Provider that over-answers sends along. */
export function deviceResource(): Resource {
  return {
    resourceType: 'Device',
    id: 'device-hub-scheduler',
    identifier: [{ system: 'https://fhir.nhs.uk/Id/device-id', value: 'NGH-SCHED-01' }],
    manufacturer: 'Northgate Digital',
    model: 'Hub Scheduler',
    version: '4.2.1',
  };
}

const roleId = (diary: Diary): string => `role-${diary.scheduleId}`;
const displayName = (p: Person): string => [p.prefix, p.given, p.family].filter(Boolean).join(' ');
