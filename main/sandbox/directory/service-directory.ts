/**
 * The sandbox's Directory of Services: DoS-shaped services with Scheduling and ITK endpoints,
 * ranked per disposition so the top service differs sensibly between outcomes.
 */
import type { CapacityQuery, DosEndpoint, DosService, ServiceDirectory } from '../../workflow/ports';
import { requireBookingFrom, type DosServiceAttribute } from '../../spine/dos/parse';
import { PROVIDER_SYSTEMS, SEED_SERVICES } from '../seed/catalogue';
import { BARS_SERVICES, type BarsService } from '../bars/seed';
import { BARS_PROXY_PATH } from '../bars';

/** The endpoint interaction by which the sandbox's DoS says a service takes BaRS bookings. */
export const BARS_INTERACTION = 'BaRS';

const ALL_SERVICES: readonly (SeedService | BarsService)[] = [...SEED_SERVICES, ...BARS_SERVICES];
import { SEED_DISTANCE_MILES } from '../seed/distances';
import type { ClinicSession, SeedService } from '../seed/types';

type Family = keyof SeedService['rankWeight'];

/**
 * A coarse grouping of NHS Pathways dispositions: enough to make rankings differ. Dx01–Dx03 and
 * Dx89/Dx94 send to emergency care; Dx1xx (dental) and Dx8x (pharmacy) to dental/pharmacy; the
 * primary-care timeframes (Dx05–Dx08, Dx11–Dx13, Dx32–Dx35) to primary care.
 */
export function dispositionFamily(code: string): Family {
  const c = code.trim().toUpperCase();
  if (/^DX0[1-3]$|^DX89$|^DX94$/.test(c)) return 'emergency';
  if (/^DX1\d\d$|^DX8[0-8]$/.test(c)) return 'dental-pharmacy';
  if (/^DX0[5-8]$|^DX1[1-3]$|^DX3[2-5]$/.test(c)) return 'primary-care';
  return 'default';
}

function itkInteraction(service: SeedService): string {
  if (service.typeName === 'Emergency Department') return 'urn:nhs-itk:interaction:primaryEmergencyDepartmentRecipientNHS111CDADocument-v2-0';
  if (service.typeName === 'GP Practice') return 'urn:nhs-itk:interaction:primaryGeneralPractitionerRecipientNHS111CDADocument-v2-0';
  return 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0';
}

function endpoints(service: SeedService | BarsService, baseUrl: string): DosEndpoint[] {
  const list: DosEndpoint[] = [];
  if ('listing' in service && service.listing === 'endpoint') {
    list.push({
      order: 1,
      transport: 'http',
      format: 'FHIR',
      interaction: BARS_INTERACTION,
      businessScenario: 'Primary',
      address: `${baseUrl}${BARS_PROXY_PATH}`,
      compression: 'uncompressed',
      comment: 'Booking and Referral Standard (FHIR R4)',
    });
  }
  const asid = PROVIDER_SYSTEMS.find((p) => p.key === service.provider)?.asid;
  if (asid) {
    list.push({
      order: 1,
      transport: 'http',
      format: 'FHIR',
      interaction: 'Scheduling',
      businessScenario: 'Primary',
      // DoS holds either form; the hub is configured with the bare ASID to exercise both.
      address: service.provider === 'hub' ? asid : `ASID:${asid}`,
      compression: 'uncompressed',
      comment: 'Care Connect booking',
    });
  }
  if (service.acceptsItk) {
    list.push({
      order: list.length + 1,
      transport: 'itk',
      format: 'CDA',
      interaction: itkInteraction(service),
      businessScenario: 'Primary',
      address: `${baseUrl}/itk/${service.id}`,
      compression: 'uncompressed',
    });
  }
  return list;
}

/**
 * The booking-only flag as DoS writes it in the assurance script (C2–C4): `REQUIRESAPPOINTMENT`
 * Y or N, or no attribute. It is read back by the same rule as a live DoS answer.
 */
export function dosAttributesOf(service: SeedService): DosServiceAttribute[] {
  if (service.requireBooking === 'absent') return [];
  return [{ name: 'REQUIRESAPPOINTMENT', value: service.requireBooking === 'true' ? 'Y' : 'N' }];
}

function toDos(service: SeedService, baseUrl: string, rank: number): DosService {
  const a = service.location.address;
  return {
    id: service.id,
    name: service.name,
    typeName: service.typeName,
    odsCode: service.organization.odsCode,
    address: [...a.line, a.city, a.postalCode].join(', '),
    postcode: a.postalCode,
    rank,
    requireBooking: requireBookingFrom(dosAttributesOf(service)),
    endpoints: endpoints(service, baseUrl),
    ...(SEED_DISTANCE_MILES[service.id] !== undefined ? { distanceMiles: SEED_DISTANCE_MILES[service.id] } : {}),
    ...openingOf(service),
    ...(service.phone === undefined ? {} : { phone: service.phone }),
  };
}

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The service's opening in DoS's plain words, from its diaries' hours (UK time). */
function openingOf(service: SeedService): Pick<DosService, 'openingStatus' | 'openAllHours' | 'openingSessions'> {
  if (service.diaries.some((d) => d.hours === 'utc-24x7')) return { openingStatus: 'Open 24 hours', openAllHours: true };
  const sessions = service.diaries.flatMap((d) => (d.hours === 'utc-24x7' ? [] : d.hours));
  const first = sessions[0];
  if (first === undefined) return {};
  return { openingStatus: `Open ${first.from}–${first.to} ${daysText(first)}`, openingSessions: sessions.map((s) => ({ days: s.days, from: s.from, to: s.to })) };
}

function daysText(session: ClinicSession): string {
  if (session.days.length === 7) return 'every day';
  if (session.days.join() === '1,2,3,4,5') return 'Mon–Fri';
  return session.days.map((d) => DAY_NAMES[d] ?? '').join(', ');
}

export class SandboxServiceDirectory implements ServiceDirectory {
  constructor(private readonly baseUrl: string) {}

  /** CheckCapacitySummary: every seed service, ranked 1..n for the disposition's family. */
  findServices(query: CapacityQuery): Promise<DosService[]> {
    const family = dispositionFamily(query.dispositionCode);
    const ranked = [...ALL_SERVICES].sort((a, b) => a.rankWeight[family] - b.rankWeight[family] || a.id.localeCompare(b.id));
    return Promise.resolve(ranked.map((s, i) => toDos(s, this.baseUrl, i + 1)));
  }

  /** ServiceDetailsById. */
  getService(serviceId: string): Promise<DosService | undefined> {
    const service = ALL_SERVICES.find((s) => s.id === serviceId);
    return Promise.resolve(service ? toDos(service, this.baseUrl, 1) : undefined);
  }
}
