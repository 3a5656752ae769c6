/**
 * FHIR R4's own invariants (constraint keys and FHIRPath expressions as the R4 specification
 * publishes them) on the resources and data types BaRS messages carry, evaluated with `fhirpath`.
 * BaRS profiles build on R4 and its examples satisfy every one (tested), so a message of ours that
 * breaks one is not a valid R4 message, whatever a receiver's validator says.
 */
import { at, type Json } from './artefacts';

export interface Invariant {
  key: string;
  /** The resource or data type the constraint sits on. */
  on: string;
  human: string;
  expression: string;
}

export const INVARIANTS: readonly Invariant[] = [
  { key: 'bdl-1', on: 'Bundle', human: 'total only when a search or history', expression: "total.empty() or (type = 'searchset') or (type = 'history')" },
  { key: 'bdl-2', on: 'Bundle', human: 'entry.search only when a search', expression: "entry.search.empty() or (type = 'searchset')" },
  { key: 'bdl-7', on: 'Bundle', human: 'FullUrl must be unique in a bundle, or else entries with the same fullUrl must have different meta.versionId (except in history bundles)', expression: "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()" },
  { key: 'bdl-12', on: 'Bundle', human: 'A message must have a MessageHeader as the first resource', expression: "type = 'message' implies entry.first().resource.is(MessageHeader)" },
  { key: 'bdl-5', on: 'Bundle.entry', human: 'must be a resource unless there\'s a request or response', expression: 'resource.exists() or request.exists() or response.exists()' },
  { key: 'ele-1', on: 'Element', human: 'All FHIR elements must have a @value or children', expression: 'hasValue() or (children().count() > id.count())' },
  { key: 'ext-1', on: 'Extension', human: 'Must have either extensions or value[x], not both', expression: 'extension.exists() != value.exists()' },
  { key: 'cpt-2', on: 'ContactPoint', human: 'A system is required if a value is provided.', expression: 'value.empty() or system.exists()' },
  { key: 'per-1', on: 'Period', human: 'If present, start SHALL have a lower value than end', expression: 'start.hasValue().not() or end.hasValue().not() or (start <= end)' },
  { key: 'pat-1', on: 'Patient.contact', human: 'SHALL at least contain a contact\'s details or a reference to an organization', expression: 'name.exists() or telecom.exists() or address.exists() or organization.exists()' },
  { key: 'org-1', on: 'Organization', human: 'The organization SHALL at least have a name or an identifier, and possibly more than one', expression: '(identifier.count() + name.count()) > 0' },
  { key: 'app-2', on: 'Appointment', human: 'Either start and end are specified, or neither', expression: 'start.exists() = end.exists()' },
  { key: 'app-3', on: 'Appointment', human: 'Only proposed or cancelled appointments can be missing start/end dates', expression: "(start.exists() and end.exists()) or (status in ('proposed' | 'cancelled' | 'waitlist'))" },
  { key: 'app-4', on: 'Appointment', human: 'Cancelation reason is only used for appointments that have been cancelled, or no-show', expression: "Appointment.cancelationReason.exists() implies (Appointment.status='no-show' or Appointment.status='cancelled')" },
  { key: 'prr-1', on: 'ServiceRequest', human: 'orderDetail SHALL only be present if code is present', expression: 'orderDetail.empty() or code.exists()' },
  { key: 'cpl-3', on: 'CarePlan', human: 'Provide a reference or detail, not both', expression: 'activity.all(detail.empty() or reference.empty())' },
  { key: 'ppc-1', on: 'Consent', human: 'Either a Policy or PolicyRule', expression: 'policy.exists() or policyRule.exists()' },
];

/** Where in a message each invariant is evaluated: the Bundle itself, its entries, or every resource or element of the type. */
function context(on: string): string {
  if (on === 'Bundle' || on === 'Bundle.entry') return on;
  if (on === 'Element') return 'entry.resource.descendants()';
  // fhirpath.js types extensions as System.Object, so ofType(Extension) finds none: they are found by their element names.
  if (on === 'Extension') return '(entry.resource | entry.resource.descendants()).select(extension | modifierExtension)';
  const [type, ...path] = on.split('.');
  if (path.length > 0) return `entry.resource.ofType(${type ?? ''}).${path.join('.')}`;
  // A resource type or a data type: the same name is looked for in both places.
  return `entry.resource.ofType(${on}) | entry.resource.descendants().ofType(${on})`;
}

/** The invariants a message breaks, by key. */
export function broken(message: Json): string[] {
  return INVARIANTS.filter((i) => at(message, `(${context(i.on)}).all(${i.expression})`)[0] !== true).map((i) => `${i.key} (${i.on}: ${i.human})`);
}
