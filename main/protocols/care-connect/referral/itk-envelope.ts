import { randomUUID } from 'node:crypto';
import { buildXml, xmlText, type XmlNode } from './xml';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const WSA_NS = 'http://www.w3.org/2005/08/addressing';
export const WSSE_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
export const WSU_NS = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
export const ITK_NS = 'urn:nhs-itk:ns:201005';

/** The ITK service an NHS 111 report is sent to; it is also the WS-Addressing Action. */
export const ITK_SERVICE = 'urn:nhs-itk:services:201005:SendNHS111Report-v2-0';
export const ITK_PROFILE = 'urn:nhs-en:profile:nhs111CDADocument-v2-0';

export interface ItkMessage {
  /** WS-Addressing To: the service's ITK endpoint URL from DoS. */
  to: string;
  /** Our ITK address (settings `itk.fromAddress`). */
  from: string;
  /** Our organisation's ODS code, for the audit identity. */
  senderOds: string;
  /** The receiving service's ODS code when DoS gives one; else its DoS service id. */
  recipientAddress: string;
  /** The DoS endpoint's interaction, e.g. `urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0`. */
  interaction: string;
  /** The ClinicalDocument element tree. */
  cda: XmlNode;
  /** The local user, for the WS-Security username token (never a password: ITK uses TLS for trust). */
  username: string;
  now: Date;
}

/** SOAP 1.1 with WS-Addressing headers and the ITK distribution envelope carrying the CDA. */
export function buildItkSoap(m: ItkMessage): { xml: string; messageId: string; trackingId: string } {
  const messageId = randomUUID().toUpperCase();
  const trackingId = randomUUID().toUpperCase();
  const payloadId = `uuid_${randomUUID().toUpperCase()}`;
  const expires = new Date(m.now.getTime() + 10 * 60_000);
  const tree: XmlNode = {
    'soap:Envelope': {
      '@xmlns:soap': SOAP11_NS,
      '@xmlns:wsa': WSA_NS,
      '@xmlns:wsse': WSSE_NS,
      '@xmlns:wsu': WSU_NS,
      '@xmlns:itk': ITK_NS,
      'soap:Header': {
        'wsa:MessageID': { '#text': `uuid:${messageId}` },
        'wsa:Action': { '#text': ITK_SERVICE },
        'wsa:To': { '#text': xmlText(m.to) },
        'wsa:From': { 'wsa:Address': { '#text': xmlText(m.from) } },
        'wsse:Security': {
          'wsu:Timestamp': { '@wsu:Id': `TS-${messageId}`, 'wsu:Created': { '#text': m.now.toISOString() }, 'wsu:Expires': { '#text': expires.toISOString() } },
          'wsse:UsernameToken': { 'wsse:Username': { '#text': xmlText(m.username) } },
        },
      },
      'soap:Body': {
        'itk:DistributionEnvelope': {
          'itk:header': {
            '@service': ITK_SERVICE,
            '@trackingid': trackingId,
            'itk:addresslist': { 'itk:address': { '@uri': xmlText(m.recipientAddress) } },
            'itk:auditIdentity': { 'itk:id': { '@uri': xmlText(`urn:nhs-uk:identity:ods:${m.senderOds}`) } },
            'itk:manifest': { '@count': '1', 'itk:manifestitem': { '@id': payloadId, '@mimetype': 'text/xml', '@profileid': ITK_PROFILE } },
            'itk:senderAddress': { '@uri': xmlText(m.from) },
            'itk:handlingSpecification': {
              'itk:spec': [
                { '@key': 'urn:nhs-itk:ns:201005:interaction', '@value': xmlText(m.interaction) },
                { '@key': 'urn:nhs-itk:ns:201005:ackrequested', '@value': 'true' },
              ],
            },
          },
          'itk:payloads': { '@count': '1', 'itk:payload': { '@id': payloadId, ...m.cda } },
        },
      },
    },
  };
  return { xml: buildXml(tree), messageId, trackingId };
}

/** The ITK addressing form of an ODS code. */
export function odsAddress(ods: string): string {
  return `urn:nhs-uk:addressing:ods:${ods}`;
}
