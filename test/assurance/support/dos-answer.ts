/**
 * DoS answers in the assurance script's words: a CheckCapacitySummary response whose services
 * carry endpoints (transport "HTTP", format "FHIR", interaction "Scheduling") and attributes
 * such as `REQUIRESAPPOINTMENT`, as NHS England's test DoS would return them.
 */

export interface ScriptEndpoint {
  transport: string;
  format: string;
  interaction: string;
  address: string;
  businessScenario?: string;
}

export interface ScriptService {
  id: string;
  name: string;
  endpoints: ScriptEndpoint[];
  /** `[name, value]`, e.g. `['REQUIRESAPPOINTMENT', 'Y']`. */
  attributes?: [string, string][];
}

const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The booking endpoint the script names: transport "HTTP", format "FHIR", interaction "Scheduling". */
export function schedulingEndpoint(address: string): ScriptEndpoint {
  return { transport: 'HTTP', format: 'FHIR', interaction: 'Scheduling', address, businessScenario: 'Primary' };
}

/** The service's ITK endpoint, so the referral of the existing workflow can be sent. */
export function itkEndpoint(address: string): ScriptEndpoint {
  return { transport: 'itk', format: 'CDA', interaction: 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0', address, businessScenario: 'Primary' };
}

function endpointXml(e: ScriptEndpoint, order: number): string {
  return (
    `<ns1:Endpoint><ns1:endpointOrder>${order}</ns1:endpointOrder><ns1:transport>${escape(e.transport)}</ns1:transport>` +
    `<ns1:format>${escape(e.format)}</ns1:format><ns1:interaction>${escape(e.interaction)}</ns1:interaction>` +
    `<ns1:businessScenario>${escape(e.businessScenario ?? 'Primary')}</ns1:businessScenario>` +
    `<ns1:address>${escape(e.address)}</ns1:address><ns1:compression>uncompressed</ns1:compression></ns1:Endpoint>`
  );
}

function serviceXml(s: ScriptService): string {
  const attributes = (s.attributes ?? [])
    .map(([name, value]) => `<ns1:ServiceAttribute><ns1:dataType>Boolean</ns1:dataType><ns1:name>${escape(name)}</ns1:name><ns1:value>${escape(value)}</ns1:value></ns1:ServiceAttribute>`)
    .join('');
  return (
    `<ns1:ServiceCareSummaryDestination><ns1:id>${escape(s.id)}</ns1:id><ns1:name>${escape(s.name)}</ns1:name>` +
    `<ns1:serviceEndpoints>${s.endpoints.map((e, i) => endpointXml(e, i + 1)).join('')}</ns1:serviceEndpoints>` +
    `<ns1:attributes>${attributes}</ns1:attributes></ns1:ServiceCareSummaryDestination>`
  );
}

/** A SOAP 1.2 CheckCapacitySummary response listing `services` in rank order. */
export function checkCapacitySummaryResponse(services: readonly ScriptService[]): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" xmlns:ns1="https://nww.pathwaysdos.nhs.uk/app/api/webservices">' +
    '<env:Body><ns1:CheckCapacitySummaryResponse><ns1:TransactionId>7c2e9b10-5d4a-4e0f-8a61-2f3b9d1c4e22</ns1:TransactionId>' +
    `<ns1:CheckCapacitySummaryResult>${services.map(serviceXml).join('')}</ns1:CheckCapacitySummaryResult>` +
    '</ns1:CheckCapacitySummaryResponse></env:Body></env:Envelope>'
  );
}
