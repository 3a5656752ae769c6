import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { XMLBuilder } from 'fast-xml-parser';

const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA_NS = 'http://www.w3.org/2005/08/addressing';
const ITK_NS = 'urn:nhs-itk:ns:201005';
/** ITK toolkit error codes (ToolkitErrorInfo/ErrorCode). */
const ITK_ERROR_CODES = '2.16.840.1.113883.2.1.3.2.4.17.268';

// The builder escapes every value: fault text may echo what the sender sent.
// eslint-disable-next-line @typescript-eslint/no-deprecated
const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', suppressEmptyNode: true, suppressBooleanAttributes: false, format: false });

function send(res: ServerResponse, status: number, tree: Record<string, unknown>): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>${builder.build(tree)}`;
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': String(Buffer.byteLength(xml)) });
  res.end(xml);
}

function header(action: string, relatesTo: string | undefined): Record<string, unknown> {
  return {
    'wsa:MessageID': `uuid:${randomUUID().toUpperCase()}`,
    'wsa:Action': action,
    ...(relatesTo !== undefined ? { 'wsa:RelatesTo': relatesTo } : {}),
  };
}

/** The ITK simple acknowledgement: the message was taken in (not that a clinician has read it). */
export function sendSimpleAck(res: ServerResponse, relatesTo: string | undefined, service: string): void {
  send(res, 200, {
    'soap:Envelope': {
      '@xmlns:soap': SOAP11_NS,
      '@xmlns:wsa': WSA_NS,
      '@xmlns:itk': ITK_NS,
      'soap:Header': header(`${service}Response`, relatesTo),
      'soap:Body': { 'itk:SimpleMessageResponse': 'OK' },
    },
  });
}

/** A SOAP 1.1 fault with the ITK ToolkitErrorInfo detail, as an ITK endpoint answers a bad message. */
export function sendFault(res: ServerResponse, faultString: string, errorCode: string, errorText: string, relatesTo?: string): void {
  send(res, 500, {
    'soap:Envelope': {
      '@xmlns:soap': SOAP11_NS,
      '@xmlns:wsa': WSA_NS,
      '@xmlns:itk': ITK_NS,
      'soap:Header': header('http://www.w3.org/2005/08/addressing/fault', relatesTo),
      'soap:Body': {
        'soap:Fault': {
          faultcode: 'soap:Client',
          faultstring: faultString,
          detail: {
            'itk:ToolkitErrorInfo': {
              'itk:ErrorID': randomUUID().toUpperCase(),
              'itk:ErrorCode': { '@codeSystem': ITK_ERROR_CODES, '#text': errorCode },
              'itk:ErrorText': errorText,
            },
          },
        },
      },
    },
  });
}
