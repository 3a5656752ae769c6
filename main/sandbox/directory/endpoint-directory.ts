/**
 * Endpoint discovery over the sandbox's SDS records, with the same two steps and the same
 * failures as the live LDAP lookup (digest §1.2).
 */
import type { EndpointDirectory, EndpointLookup } from '../../workflow/ports';
import type { SdsRecords } from './sds-records';

function validEndpoint(text: string): boolean {
  try {
    const url = new URL(text);
    // In sandbox mode http is acceptable only on loopback.
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

export class SandboxEndpointDirectory implements EndpointDirectory {
  constructor(readonly records: SdsRecords) {}

  lookup(asid: string, interaction: string): Promise<EndpointLookup> {
    return Promise.resolve(this.find(asid, interaction));
  }

  private find(asid: string, interaction: string): EndpointLookup {
    const as = this.records.as.filter((a) => a.uniqueIdentifier === asid);
    const record = as[0];
    if (!record) return { ok: false, reason: 'as-not-found', detail: `No nhsAs entry with uniqueIdentifier=${asid}` };
    const careConnect = record.nhsAsSvcIA.filter((ia) => ia.includes(':careconnect:'));
    const gpConnect = record.nhsAsSvcIA.filter((ia) => ia.includes(':gpconnect:'));
    if (careConnect.length === 0 && gpConnect.length > 0) {
      return { ok: false, reason: 'gp-connect-only', detail: `ASID ${asid} lists GP Connect interactions only` };
    }
    if (careConnect.length > 0 && gpConnect.length > 0) {
      return { ok: false, reason: 'mixed-interactions', detail: `ASID ${asid} lists both Care Connect and GP Connect interactions` };
    }
    const mhs = this.records.mhs.filter((m) => m.nhsMhsPartyKey === record.nhsMhsPartyKey && m.nhsMhsSvcIA === interaction);
    if (mhs.length === 0) return { ok: false, reason: 'mhs-not-found', detail: `No nhsMhs for party key ${record.nhsMhsPartyKey} and ${interaction}` };
    if (mhs.length > 1) return { ok: false, reason: 'several-mhs', detail: `${mhs.length} nhsMhs entries for party key ${record.nhsMhsPartyKey} and ${interaction}` };
    const endpoint = mhs[0]?.nhsMhsEndPoint ?? '';
    if (!validEndpoint(endpoint)) return { ok: false, reason: 'invalid-endpoint', detail: `nhsMhsEndPoint is not a usable URL: ${endpoint}` };
    return { ok: true, asid, partyKey: record.nhsMhsPartyKey, serviceRoot: endpoint, interactions: careConnect };
  }
}
