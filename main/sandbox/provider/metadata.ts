/** `GET [base]/metadata`: a CapabilityStatement that says only what this Provider really does. */
import type { ProviderContext } from './context';
import { SERVICE_PARAM, SUPPORTED_INCLUDES, SUPPORTED_ITERATE_INCLUDES } from './slot-search';

export function capabilityStatement(ctx: ProviderContext): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    version: '1.0.0',
    name: `${ctx.system.name} (sandbox)`,
    status: 'active',
    date: '2024-01-01',
    publisher: 'Booking Workstation sandbox',
    kind: 'instance',
    software: { name: 'Booking Workstation embedded sandbox Provider', version: '1.0.0' },
    implementation: { description: ctx.system.name, url: ctx.root },
    fhirVersion: '3.0.1',
    acceptUnknown: 'both',
    // XML is refused (406/415) rather than served badly.
    format: ['application/fhir+json'],
    rest: [
      {
        mode: 'server',
        security: { description: 'Unsigned JWT (Care Connect); requested via the Spine Secure Proxy' },
        resource: [
          {
            type: 'Slot',
            profile: { reference: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Slot-1' },
            interaction: [{ code: 'search-type' }],
            searchInclude: SUPPORTED_INCLUDES,
            searchRevInclude: [],
            searchParam: [
              { name: SERVICE_PARAM, type: 'token', documentation: 'DoS service id (required)' },
              { name: 'status', type: 'token' },
              { name: 'start', type: 'date', documentation: 'ge (earliest) and le (latest, required)' },
              { name: '_include:iterate', type: 'string', documentation: SUPPORTED_ITERATE_INCLUDES.join(', ') },
            ],
          },
          {
            type: 'Appointment',
            profile: { reference: 'https://fhir.hl7.org.uk/STU3/StructureDefinition/CareConnect-Appointment-1' },
            interaction: [{ code: 'read' }, { code: 'vread' }, { code: 'create' }, { code: 'update' }],
            versioning: 'versioned-update',
            readHistory: true,
            updateCreate: false,
            conditionalCreate: false,
            conditionalUpdate: false,
            conditionalDelete: 'not-supported',
          },
        ],
      },
    ],
  };
}
