import axios, { type AxiosInstance } from 'axios';
import type { Agent as HttpsAgent } from 'node:https';
import type { Logger } from 'pino';
import type { ErrorCode } from '../../../preload/contract';
import type { CapacityQuery, DosService, ServiceDirectory } from '../../workflow/ports';
import { checkCapacitySummaryEnvelope, serviceDetailsByIdEnvelope, type CapacityDefaults } from './envelope';
import { DosResponseError, parseCheckCapacitySummary, parseServiceDetailsById } from './parse';

export interface DosClientOptions {
  /** The DoS SOAP endpoint, e.g. `https://uat.pathwaysdos.nhs.uk/app/api/webservices`. */
  url: string;
  username: string;
  /** Read per call from the secret store; never logged. */
  password: () => string | Promise<string>;
  capacity: CapacityDefaults;
  timeoutMs?: number;
  httpsAgent?: HttpsAgent;
  logger?: Logger;
  /** Cap on a DoS reply; a ranked list is small. Default 5 MB. */
  maxResponseBytes?: number;
}

export type DirectoryFailure = 'unavailable' | 'timeout' | 'fault' | 'malformed';

/** DoS could not answer usefully; maps onto the contract's `directory-unavailable`. */
export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  readonly code: ErrorCode = 'directory-unavailable';
  constructor(
    readonly kind: DirectoryFailure,
    message: string,
    readonly httpStatus?: number,
    readonly faultCode?: string,
  ) {
    super(message);
  }
}

/** Service discovery through the UEC DoS SOAP API (digest §1.1). */
export class DosClient implements ServiceDirectory {
  private readonly http: AxiosInstance;

  constructor(private readonly options: DosClientOptions) {
    this.http = axios.create({
      timeout: options.timeoutMs ?? 10_000,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      // Every status is read here: a SOAP fault usually arrives as HTTP 500 with a body worth parsing.
      validateStatus: () => true,
      maxContentLength: options.maxResponseBytes ?? 5 * 1024 * 1024,
      ...(options.httpsAgent === undefined ? {} : { httpsAgent: options.httpsAgent }),
    });
  }

  /** CheckCapacitySummary: the ranked list of services for an assessment outcome. */
  async findServices(query: CapacityQuery): Promise<DosService[]> {
    const xml = await this.post('CheckCapacitySummary', checkCapacitySummaryEnvelope(await this.credentials(), query, this.options.capacity));
    return this.parse(() => parseCheckCapacitySummary(xml));
  }

  /** ServiceDetailsById: one service, or undefined when DoS does not know it. */
  async getService(serviceId: string): Promise<DosService | undefined> {
    const xml = await this.post('ServiceDetailsById', serviceDetailsByIdEnvelope(await this.credentials(), serviceId));
    return this.parse(() => parseServiceDetailsById(xml));
  }

  private async credentials(): Promise<{ username: string; password: string }> {
    return { username: this.options.username, password: await this.options.password() };
  }

  private async post(operation: string, envelope: string): Promise<string> {
    const started = Date.now();
    let response;
    try {
      response = await this.http.post<string>(this.options.url, envelope, {
        headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"${operation}"`, Accept: 'text/xml, application/soap+xml' },
      });
    } catch (error) {
      const timedOut = axios.isAxiosError(error) && (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT');
      const code = axios.isAxiosError(error) ? (error.code ?? 'network error') : 'network error';
      // The envelope holds the password: log the operation and error code only, never the request.
      this.options.logger?.warn({ operation, code }, 'DoS unreachable');
      throw new DirectoryError(timedOut ? 'timeout' : 'unavailable', `DoS ${operation}: ${code}`);
    }
    this.options.logger?.info({ operation, status: response.status, ms: Date.now() - started }, 'DoS call');
    const body = typeof response.data === 'string' ? response.data : '';
    if (response.status >= 400 && !/Fault/.test(body)) {
      throw new DirectoryError('unavailable', `DoS ${operation}: HTTP ${response.status}`, response.status);
    }
    return body;
  }

  private parse<T>(run: () => T): T {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof DosResponseError)) throw error;
      this.options.logger?.warn({ kind: error.kind, faultCode: error.faultCode }, 'DoS answer unusable');
      throw new DirectoryError(error.kind, error.message, undefined, error.faultCode);
    }
  }
}
