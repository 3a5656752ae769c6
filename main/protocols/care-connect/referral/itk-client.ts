import { Agent as HttpsAgent } from 'node:https';
import { send, TransportError, type MutualTls } from '../../../spine/ssp/transport';
import { ItkError } from './itk-errors';
import { xmlParser, type XmlNode } from './xml';

export interface ItkClientOptions {
  /** How long one send may take before it counts as failed (settings `timeouts.referralMs`). */
  timeoutMs: number;
  /** The system's client certificate and the CA for the endpoint: live mode; loaded on first send. */
  tls?: () => Promise<MutualTls & { passphrase?: string }>;
  /** Sandbox only: plain http to 127.0.0.1 / localhost / ::1. Everything else must be https. */
  allowInsecureLoopback?: boolean;
  maxResponseBytes?: number;
}

export interface ItkAccepted {
  httpStatus: number;
  /** `OK` for an ITK simple message response; empty for a bare 202. */
  answer: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Finds a child element by local name, whatever namespace prefix the sender chose. */
export function child(node: unknown, localName: string): unknown {
  if (node === null || typeof node !== 'object') return undefined;
  const key = Object.keys(node).find((k) => k === localName || k.endsWith(`:${localName}`));
  return key === undefined ? undefined : (node as Record<string, unknown>)[key];
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  const inner = typeof v === 'object' && v !== null ? (v as XmlNode)['#text'] : undefined;
  return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : '';
}

/** Sends SOAP 1.1 ITK messages over HTTPS with the system's certificate, and reads the acknowledgement or fault. */
export class ItkClient {
  private agent: HttpsAgent | undefined;

  constructor(private readonly options: ItkClientOptions) {}

  async send(url: string, soapXml: string): Promise<ItkAccepted> {
    const target = this.checkedUrl(url);
    const agent = target.protocol === 'https:' ? await this.httpsAgent() : undefined;
    let res;
    try {
      res = await send({
        method: 'POST',
        url: target.toString(),
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:nhs-itk:services:201005:SendNHS111Report-v2-0"', Accept: 'text/xml' },
        body: soapXml,
        timeoutMs: this.options.timeoutMs,
        maxBytes: this.options.maxResponseBytes ?? 1024 * 1024,
        ...(agent !== undefined ? { agent } : {}),
      });
    } catch (error) {
      if (error instanceof TransportError) throw new ItkError(error.kind === 'timeout' ? 'timeout' : error.kind === 'too-large' ? 'malformed-answer' : 'unreachable', error.message);
      throw new ItkError('unreachable', (error as Error).message);
    }
    return readAnswer(res.status, res.body.toString('utf8'));
  }

  private checkedUrl(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new ItkError('insecure-endpoint', 'the ITK address is not a URL');
    }
    if (target.protocol === 'https:') return target;
    if (target.protocol === 'http:' && this.options.allowInsecureLoopback === true && LOOPBACK.has(target.hostname)) return target;
    throw new ItkError('insecure-endpoint', `refusing ${target.protocol} to ${target.hostname}: only https is allowed`);
  }

  private async httpsAgent(): Promise<HttpsAgent | undefined> {
    if (this.agent === undefined && this.options.tls !== undefined) {
      try {
        const tls = await this.options.tls();
        // Verified server, our client certificate: the same mutual TLS as every Spine call.
        this.agent = new HttpsAgent({ ...tls, rejectUnauthorized: true, keepAlive: true });
      } catch (error) {
        throw new ItkError('unreachable', `the client certificate could not be loaded: ${(error as Error).message}`);
      }
    }
    return this.agent;
  }
}

/** A SOAP fault (any status) is a fault; a 2xx with an ITK response is accepted; anything else is an error. */
export function readAnswer(status: number, body: string): ItkAccepted {
  let envelope: unknown;
  if (body.trim() !== '') {
    try {
      envelope = child(xmlParser().parse(body), 'Envelope');
    } catch {
      envelope = undefined;
    }
  }
  const soapBody = child(envelope, 'Body');
  const fault = child(soapBody, 'Fault');
  if (fault !== undefined) {
    const info = child(child(fault, 'detail'), 'ToolkitErrorInfo');
    const errorText = textOf(child(info, 'ErrorText'));
    const faultCode = textOf(child(fault, 'faultcode'));
    throw new ItkError('soap-fault', `${faultCode}: ${textOf(child(fault, 'faultstring'))}${errorText !== '' ? ` — ${errorText}` : ''}`, status, faultCode);
  }
  if (status < 200 || status > 299) throw new ItkError('http-error', `HTTP ${status}`, status);
  if (status === 202 && body.trim() === '') return { httpStatus: status, answer: '' };
  const response = child(soapBody, 'SimpleMessageResponse');
  if (response === undefined) throw new ItkError('malformed-answer', 'no SOAP envelope with an ITK SimpleMessageResponse in the answer', status);
  return { httpStatus: status, answer: textOf(response) };
}
