/**
 * Consumer-side FHIR STU3 types: only the elements this app reads or writes. Every resource may
 * carry more (a new Provider version must not break us), hence the index-free but open shapes.
 */

export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}
export interface Identifier {
  system?: string;
  value?: string;
  extension?: Extension[];
}
export interface Extension {
  url: string;
  valueCode?: string;
  valueString?: string;
  valueCoding?: Coding;
  valueCodeableConcept?: CodeableConcept;
  extension?: Extension[];
}
export interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
}
export interface Address {
  use?: string;
  text?: string;
  line?: string[];
  city?: string;
  district?: string;
  postalCode?: string;
}
export interface ContactPoint {
  system?: 'phone' | 'fax' | 'email' | 'pager' | 'url' | 'sms' | 'other';
  value?: string;
  use?: 'home' | 'work' | 'temp' | 'old' | 'mobile';
  rank?: number;
}
export interface Meta {
  versionId?: string;
  lastUpdated?: string;
  profile?: string[];
}

export type ResourceType =
  | 'Slot'
  | 'Schedule'
  | 'Practitioner'
  | 'PractitionerRole'
  | 'HealthcareService'
  | 'Location'
  | 'Organization'
  | 'Appointment'
  | 'Patient'
  | 'DocumentReference'
  | 'OperationOutcome'
  | 'Bundle';

/** A reference that says, in its type, what it points at. */
export interface Reference<T extends Resource = Resource> {
  reference?: string;
  display?: string;
  /** Phantom: never present at run time, only keeps the target type. */
  readonly __target?: T['resourceType'];
}

interface ResourceBase {
  id?: string;
  meta?: Meta;
  extension?: Extension[];
}

export type SlotStatus = 'busy' | 'free' | 'busy-unavailable' | 'busy-tentative' | 'entered-in-error';
export interface Slot extends ResourceBase {
  resourceType: 'Slot';
  identifier?: Identifier[];
  schedule: Reference<Schedule>;
  status: SlotStatus;
  start: string;
  end: string;
}
export interface Schedule extends ResourceBase {
  resourceType: 'Schedule';
  actor?: Reference<Practitioner | PractitionerRole | HealthcareService | Location>[];
}
export interface Practitioner extends ResourceBase {
  resourceType: 'Practitioner';
  name?: HumanName[];
  gender?: string;
}
export interface PractitionerRole extends ResourceBase {
  resourceType: 'PractitionerRole';
  practitioner?: Reference<Practitioner>;
  code?: CodeableConcept[];
}
export interface HealthcareService extends ResourceBase {
  resourceType: 'HealthcareService';
  name?: string;
  providedBy?: Reference<Organization>;
  location?: Reference<Location>[];
}
export interface Location extends ResourceBase {
  resourceType: 'Location';
  name?: string;
  address?: Address;
}
export interface Organization extends ResourceBase {
  resourceType: 'Organization';
  name?: string;
}
export interface Patient extends ResourceBase {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
  address?: Address[];
  telecom?: ContactPoint[];
  contact?: { relationship?: CodeableConcept[]; name?: HumanName; telecom?: ContactPoint[]; address?: Address }[];
}
export interface DocumentReference extends ResourceBase {
  resourceType: 'DocumentReference';
  identifier?: Identifier[];
  masterIdentifier?: Identifier;
  status: 'current' | 'superseded' | 'entered-in-error';
  type: CodeableConcept;
  indexed?: string;
  content: { attachment: { contentType?: string; language?: string; url?: string } }[];
}
export type AppointmentStatus =
  | 'proposed'
  | 'pending'
  | 'booked'
  | 'arrived'
  | 'fulfilled'
  | 'cancelled'
  | 'noshow'
  | 'entered-in-error';
export interface Appointment extends ResourceBase {
  resourceType: 'Appointment';
  contained?: (Slot | Patient | DocumentReference)[];
  status: AppointmentStatus;
  description?: string;
  start?: string;
  end?: string;
  created?: string;
  slot?: Reference<Slot>[];
  supportingInformation?: Reference[];
  participant: { actor?: Reference<Patient>; status: 'accepted' | 'declined' | 'tentative' | 'needs-action' }[];
}
export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  details?: CodeableConcept;
  diagnostics?: string;
}
export interface OperationOutcome extends ResourceBase {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}
export interface BundleEntry {
  fullUrl?: string;
  resource?: Resource | { resourceType: string; id?: string };
  search?: { mode?: 'match' | 'include' | 'outcome' };
}
export interface Bundle extends ResourceBase {
  resourceType: 'Bundle';
  type: string;
  total?: number;
  entry?: BundleEntry[];
}

export type Resource =
  | Slot
  | Schedule
  | Practitioner
  | PractitionerRole
  | HealthcareService
  | Location
  | Organization
  | Patient
  | DocumentReference
  | Appointment
  | OperationOutcome
  | Bundle;
