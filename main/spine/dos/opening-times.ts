import type { OpeningSession } from '../../workflow/opening-now';
import { isNode, list, text, type Node } from './xml-node';

/*
 * DoS opening times as CheckCapacitySummary (and ServiceDetailsById) carry them on each
 * ServiceCareSummaryDestination. Element names are the DoS web service's own, as its WSDL
 * (https://nww.pathwaysdos.nhs.uk/app/api/webservices) defines them and as the JAXB classes
 * generated from it (OctopusConsortium.DosService: ServiceCareSummaryDestination,
 * ServiceCareItemRotaSession, TimeOfDay) and NHS 111 Online's DosService model
 * (NHS111.Models.Models.Web.FromExternalServices) read them:
 *
 *   <rotaSessions>                                   ArrayOfServiceCareItemRotaSession, optional
 *     <ServiceCareItemRotaSession>                   one per session; a day may have several
 *       <startDayOfWeek>Monday</startDayOfWeek>      DayOfWeek, Sunday..Saturday
 *       <startTime><hours>9</hours><minutes>0</minutes></startTime>   TimeOfDay, optional
 *       <endDayOfWeek>Tuesday</endDayOfWeek>         a session may end on a later day
 *       <endTime><hours>2</hours><minutes>0</minutes></endTime>
 *       <status>Open</status>
 *   <openTimeSpecifiedSessions>                      ArrayOfOpenTimeSpecified, optional
 *     <openTimeSpecified>26-12-2026-10:00-16:00</openTimeSpecified>   DD-MM-YYYY-HH:MM-HH:MM
 *
 * A date with specified sessions (a bank holiday, say) has those sessions only: NHS 111 Online's
 * tests treat them as replacing every rota session of that day, and so does opening-now.ts.
 * A specified date marked closed has no form we could find, so none is read: such a day shows
 * its weekly sessions. Anything unreadable is left out, never read as open.
 */

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const SPECIFIED = /^(\d{2})-(\d{2})-(\d{4})-(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;

function dayOf(value: unknown): number | undefined {
  const day = DAYS.indexOf(text(value)?.toLowerCase() ?? '');
  return day === -1 ? undefined : day;
}

/** `HH:MM` from a TimeOfDay; 24:00 is allowed as the end of a day. */
function timeOf(value: unknown): string | undefined {
  if (!isNode(value)) return undefined;
  const hours = text(value.hours);
  const minutes = text(value.minutes) ?? '0';
  if (hours === undefined || !/^\d{1,2}$/.test(hours) || !/^\d{1,2}$/.test(minutes)) return undefined;
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 24 || m > 59 || (h === 24 && m !== 0)) return undefined;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** One rota session as weekly sessions: one that runs past the next midnight is cut at each midnight. */
function rotaSession(node: Node): OpeningSession[] {
  const status = text(node.status);
  if (status !== undefined && status.toLowerCase() !== 'open') return [];
  const startDay = dayOf(node.startDayOfWeek);
  const endDay = dayOf(node.endDayOfWeek) ?? startDay;
  const from = timeOf(node.startTime);
  const to = timeOf(node.endTime);
  if (startDay === undefined || endDay === undefined || from === undefined || to === undefined) return [];
  const span = (endDay - startDay + 7) % 7;
  if (span === 0) return to > from ? [{ days: [startDay], from, to }] : [];
  // Ending the next day is one overnight session, as OpeningSession already reads `to` before `from`.
  if (span === 1 && to <= from) return [{ days: [startDay], from, to }];
  const sessions: OpeningSession[] = [{ days: [startDay], from, to: '24:00' }];
  for (let d = 1; d < span; d++) sessions.push({ days: [(startDay + d) % 7], from: '00:00', to: '24:00' });
  if (to !== '00:00') sessions.push({ days: [endDay], from: '00:00', to });
  return sessions;
}

function specifiedSession(raw: string): OpeningSession | undefined {
  const m = SPECIFIED.exec(raw.trim());
  if (m === null) return undefined;
  const [, dd, mm, yyyy, fh, fm, th, tm] = m;
  const date = `${yyyy}-${mm}-${dd}`;
  const parsed = new Date(`${date}T12:00:00Z`);
  // 31-02-2026 and the like are not dates.
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return undefined;
  const from = `${fh}:${fm}`;
  const to = `${th}:${tm}`;
  if (from > '24:00' || to > '24:00' || Number(fm) > 59 || Number(tm) > 59) return undefined;
  return { days: [parsed.getUTCDay()], from, to, date };
}

/** Every string under a node, wherever the array's item element sits. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (isNode(value)) return Object.entries(value).flatMap(([key, v]) => (key.startsWith('@') ? [] : strings(v)));
  return [];
}

/** The service's opening sessions, weekly and dated, in UK local time; empty when DoS gives none readable. */
export function openingSessionsOf(service: Node): OpeningSession[] {
  const rota = isNode(service.rotaSessions) ? list(service.rotaSessions.ServiceCareItemRotaSession).flatMap(rotaSession) : [];
  const specified = strings(service.openTimeSpecifiedSessions)
    .map(specifiedSession)
    .filter((s): s is OpeningSession => s !== undefined);
  return [...rota, ...specified];
}
