import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AuditEventInput, AuditEventRecord, AuditSink } from '../../main/audit/event';
import { JwtFactory } from '../../main/spine/jwt';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse, n: number) => void;

/** A local node:http server standing in for SSP + Provider; each test sets the handler. */
export class FakeProvider {
  readonly seen: SeenRequest[] = [];
  handler: Handler = (_req, res) => res.writeHead(500).end();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  private constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.seen.push(seen);
        this.handler(seen, res, this.seen.length);
      });
    });
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(): Promise<FakeProvider> {
    const fake = new FakeProvider();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }
  get sspBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/ssp`;
  }
  get serviceRoot(): string {
    return `http://127.0.0.1:${this.port}/fhir`;
  }

  reset(): void {
    this.seen.length = 0;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function fhir(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/fhir+json;charset=utf-8', ...headers }).end(JSON.stringify(body));
}

/** An in-memory AuditSink. */
export class MemoryAudit implements AuditSink {
  readonly events: AuditEventInput[] = [];
  append(event: AuditEventInput): AuditEventRecord {
    this.events.push(event);
    return { ...event, id: String(this.events.length), seq: this.events.length, at: new Date().toISOString(), userId: 'u', workstation: 'w', hash: '', prevHash: '' };
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
}

export const testJwt = new JwtFactory({
  system: {
    issuer: 'https://booking-workstation.test',
    device: { system: 'https://booking-workstation.test/device', value: 'WS-1', model: 'Booking Workstation', version: 'test' },
    organisation: { name: 'NHS 111 Test', odsCode: 'X99' },
    localUserSystem: 'https://booking-workstation.test/user',
  },
  user: () => ({ id: 'u-1', displayName: 'Test User', sdsUserId: 'UNK', sdsRoleProfileId: 'UNK', localUserId: 'tuser' }),
});
