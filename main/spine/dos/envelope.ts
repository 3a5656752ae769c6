import { XMLBuilder } from 'fast-xml-parser';
import type { CapacityQuery } from '../../workflow/ports';

export const DOS_NS = 'https://nww.pathwaysdos.nhs.uk/app/api/webservices';
export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface DosCredentials {
  username: string;
  password: string;
}

/** Search settings a deployment owns: the DoS needs a symptom group and discriminators besides the disposition. */
export interface CapacityDefaults {
  symptomGroup: number;
  symptomDiscriminators: number[];
  searchDistanceKm?: number;
}

// The builder escapes every text value, so a postcode or password can never inject markup.
// fast-xml-builder (the successor) is not a direct dependency and package.json is not ours to change.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: false, format: false });

function envelope(operation: string, body: Record<string, unknown>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    (builder.build({
        'soapenv:Envelope': {
          '@xmlns:soapenv': SOAP11_NS,
          '@xmlns:web': DOS_NS,
          'soapenv:Header': '',
          'soapenv:Body': { [`web:${operation}`]: body },
        },
      }))
  );
}

function userInfo(credentials: DosCredentials): Record<string, unknown> {
  // The DoS SOAP API authenticates each call with these fields (soap_auth_1_5): never logged.
  return { 'web:userInfo': { 'web:username': credentials.username, 'web:password': credentials.password } };
}

const GENDER: Record<NonNullable<CapacityQuery['gender']>, string> = { male: 'M', female: 'F', other: 'I', unknown: 'I' };

/** CheckCapacitySummary request (digest §1.1): the ranked services for an assessment outcome. */
export function checkCapacitySummaryEnvelope(credentials: DosCredentials, query: CapacityQuery, defaults: CapacityDefaults): string {
  const disposition = /^\d+$/.test(query.dispositionCode) ? query.dispositionCode : query.dispositionCode.replace(/^Dx/i, '');
  // The assessment's own SG and SD rank services for this patient; the settings' pair only stands in when the case has none.
  const symptomGroup = query.symptomGroup ?? defaults.symptomGroup;
  const discriminators = query.symptomGroup === undefined ? defaults.symptomDiscriminators : (query.symptomDiscriminators ?? []);
  return envelope('CheckCapacitySummary', {
    ...userInfo(credentials),
    'web:c': {
      'web:serviceVersion': '1.5',
      'web:postcode': query.postcode,
      'web:age': String(query.ageYears ?? 30),
      'web:ageFormat': 'Years',
      'web:disposition': disposition,
      'web:symptomGroup': String(symptomGroup),
      'web:symptomDiscriminatorList': { 'web:int': discriminators.map(String) },
      ...(defaults.searchDistanceKm === undefined ? {} : { 'web:searchDistance': String(defaults.searchDistanceKm) }),
      'web:gender': GENDER[query.gender ?? 'unknown'],
    },
  });
}

/** ServiceDetailsById request (digest §1.1): one service and its endpoints. */
export function serviceDetailsByIdEnvelope(credentials: DosCredentials, serviceId: string): string {
  return envelope('ServiceDetailsById', { ...userInfo(credentials), 'web:serviceId': serviceId });
}
