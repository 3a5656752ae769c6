/** The sandbox's public types: what other engineers code against. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { EndpointDirectory, ServiceDirectory } from '../workflow/ports';
import type { FaultControl } from './faults/fault-control';
import type { SdsRecords } from './directory/sds-records';
import type { ItkReceiver } from './itk';
import type { BarsSandbox } from './bars';
import type { PdsFault } from './pds/handler';

export interface SandboxOptions {
  /** SQLite file for the sandbox state; default ':memory:'. */
  dbPath?: string;
  host?: '127.0.0.1';
  /** 0 = a random free port. */
  port?: number;
  logger?: Logger;
  now?: () => Date;
  /** The consumer ASID the SSP accepts in Ssp-From; default '200000000001'. */
  ourAsid?: string;
  /** How long the SSP waits for a Provider before answering 504; default 25,000 ms. */
  sspTimeoutMs?: number;
  /**
   * The PDS stand-in's check of a Bearer token: the app passes its CIS2 stand-in's (a token it
   * issued, not run out or revoked). Absent, every token is refused.
   */
  pdsAcceptToken?: (token: string) => boolean | Promise<boolean>;
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface ProviderInfo {
  key: string;
  name: string;
  asid: string;
  /** The FHIR service root URL, as SDS holds it. */
  serviceRoot: string;
}

export interface SandboxHandle {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** SSP-style forwarder: `${sspBaseUrl}/${serviceRootUrl}/Slot?…` */
  sspBaseUrl: string;
  ourAsid: string;
  directory: ServiceDirectory;
  endpoints: EndpointDirectory;
  faults: FaultControl;
  /** The Provider systems hosted, with their ASIDs and service roots. */
  providers: ProviderInfo[];
  /** The raw SDS records (AS + MHS), for an LDAP front end or a test. */
  sds: SdsRecords;
  /** The ITK receiver: referrals sent to this sandbox, each linked to its appointment by document UUID. */
  itk: ItkReceiver;
  /** The BaRS proxy and receivers (R4), with the sandbox's own client registration. */
  bars: BarsSandbox;
  /** The PDS FHIR R4 stand-in (main/sandbox/pds/patients.ts lists its test patients). */
  pds: { baseUrl: string; setFault(fault: PdsFault | undefined): void };
  /** Mounts an extra route (e.g. the ITK receiver under `/itk/`); longest prefix wins. */
  route(method: string, pathPrefix: string, handler: RouteHandler): void;
  /** Restores the seed state: slots free again, appointments and faults gone. */
  reset(): void;
  close(): Promise<void>;
}
