import { describe, expect, it } from 'vitest';
import { buildCda, buildItkSoap, ItkClient, ItkError, ITK_SERVICE, readAnswer } from '../../main/referral';
import { ItkInvalid, validateItkMessage } from '../../main/sandbox/itk';
import { cdaInput, DOCUMENT_ID, APPOINTMENT_URL, booking } from './fixtures';

function soap(overrides: Partial<Parameters<typeof buildItkSoap>[0]> = {}) {
  return buildItkSoap({
    to: 'https://itk.riverside.example.nhs.uk/itk',
    from: 'urn:nhs-uk:addressing:ods:X99999',
    senderOds: 'X99999',
    recipientAddress: 'urn:nhs-uk:addressing:ods:RX8AA',
    interaction: 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0',
    cda: buildCda(cdaInput({ booking: booking() })).tree,
    username: 'user-7f3a',
    now: new Date('2026-06-10T09:30:00.000Z'),
    ...overrides,
  });
}

const FAULT = `<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:itk="urn:nhs-itk:ns:201005"><soap:Body>
  <soap:Fault><faultcode>soap:Client</faultcode><faultstring>A client related error has occurred, see detail element for further information</faultstring>
  <detail><itk:ToolkitErrorInfo><itk:ErrorID>X</itk:ErrorID><itk:ErrorCode>1000</itk:ErrorCode><itk:ErrorText>Invalid message</itk:ErrorText></itk:ToolkitErrorInfo></detail>
  </soap:Fault></soap:Body></soap:Envelope>`;

describe('the ITK SOAP message', () => {
  it('carries the WS-Addressing headers and a distribution envelope the receiver accepts', () => {
    const message = soap();
    const received = validateItkMessage(message.xml);
    expect(received).toMatchObject({
      messageId: `uuid:${message.messageId}`,
      action: ITK_SERVICE,
      to: 'https://itk.riverside.example.nhs.uk/itk',
      from: 'urn:nhs-uk:addressing:ods:X99999',
      service: ITK_SERVICE,
      trackingId: message.trackingId,
      interaction: 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0',
      messageType: 'POCD_MT200001GB02',
      appointmentUrl: APPOINTMENT_URL,
    });
    expect(received.documentId.toLowerCase()).toBe(DOCUMENT_ID);
    expect(message.xml).toContain('<itk:spec key="urn:nhs-itk:ns:201005:ackrequested" value="true"');
  });

  it('the receiver refuses a malformed message, a missing header, a manifest mismatch and a CDA without an id', () => {
    const good = soap().xml;
    expect(() => validateItkMessage(good.replace('</soap:Envelope>', ''))).toThrow(ItkInvalid);
    expect(() => validateItkMessage(good.replace(/<wsa:To>[^<]*<\/wsa:To>/, ''))).toThrow('wsa:To');
    expect(() => validateItkMessage(good.replace('count="1"', 'count="1"').replace(/<itk:manifestitem [^>]*\/>/, ''))).toThrow('manifest');
    expect(() => validateItkMessage(good.replace(/<id root="[0-9A-F-]{36}"\/>/, '<id root="not-a-uuid"/>'))).toThrow('ClinicalDocument/id/@root');
  });
});

describe('the ITK answer', () => {
  it('a simple acknowledgement is accepted', () => {
    const ack = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><itk:SimpleMessageResponse xmlns:itk="urn:nhs-itk:ns:201005">OK</itk:SimpleMessageResponse></soap:Body></soap:Envelope>';
    expect(readAnswer(200, ack)).toEqual({ httpStatus: 200, answer: 'OK' });
    expect(readAnswer(202, '')).toEqual({ httpStatus: 202, answer: '' });
  });

  it('a SOAP fault, an HTTP error and an unreadable answer are typed failures with a user message', () => {
    const fault = (() => { try { readAnswer(500, FAULT); } catch (e) { return e as ItkError; } return undefined; })();
    expect(fault).toBeInstanceOf(ItkError);
    expect(fault).toMatchObject({ kind: 'soap-fault', faultCode: 'soap:Client', httpStatus: 500, code: 'referral-failed' });
    expect(fault?.detail).toContain('Invalid message');
    expect(fault?.userMessage).toBe('The service’s referral system rejected the referral.');
    expect(() => readAnswer(503, 'Service Unavailable')).toThrow(expect.objectContaining({ kind: 'http-error', httpStatus: 503 }) as Error);
    expect(() => readAnswer(200, '<html>hello</html>')).toThrow(expect.objectContaining({ kind: 'malformed-answer' }) as Error);
  });

  it('the client sends only over https, except plain http to loopback in sandbox mode', async () => {
    const live = new ItkClient({ timeoutMs: 1000 });
    await expect(live.send('http://127.0.0.1:9/itk', 'x')).rejects.toMatchObject({ kind: 'insecure-endpoint' });
    const sandbox = new ItkClient({ timeoutMs: 1000, allowInsecureLoopback: true });
    await expect(sandbox.send('http://itk.example.org/itk', 'x')).rejects.toMatchObject({ kind: 'insecure-endpoint' });
    await expect(sandbox.send('not a url', 'x')).rejects.toMatchObject({ kind: 'insecure-endpoint' });
    // Nothing listens on port 9 of loopback: the endpoint is down.
    await expect(sandbox.send('http://127.0.0.1:9/itk', 'x')).rejects.toMatchObject({ kind: 'unreachable' });
  });
});
