import type { Logger } from 'pino';
import type { SessionInfo } from '../../preload/contract';
import { AppError } from '../api/app-error';
import type { Handlers } from '../api/handlers';
import { verifyAuditChain, type AuditStore } from '../audit';
import type { CaseStore } from '../cases';
import type { Settings, UserProfile } from '../config';
import type { Db } from '../db/database';
import { CaseService } from '../workflow/case-service';
import type { Clock } from '../workflow/clock';
import type { SpineConnection } from './spine-connection';

export interface AppServices {
  settings: Settings;
  profile: UserProfile;
  session: SessionInfo;
  db: Db;
  audit: AuditStore;
  cases: CaseStore;
  spine: SpineConnection;
  logger: Logger;
  clock: Clock;
}

const unavailable = () => Promise.reject(new AppError('internal', 'This part of the workstation is not available yet.'));

/** The one handler table; Electron IPC and the HTTP bridge both serve it. */
export function buildHandlers(s: AppServices): Handlers {
  const cases = new CaseService(s.cases, s.audit, s.settings, s.clock);
  return {
    session: { get: () => Promise.resolve(s.session) },
    case: {
      start: (req) => Promise.resolve(cases.start(req)),
      get: (req) => Promise.resolve(cases.get(req.caseId)),
      updatePatient: (req) => Promise.resolve(cases.updatePatient(req.caseId, req.patient)),
      list: () => Promise.resolve(cases.list()),
      chooseService: unavailable,
      close: (req) => Promise.resolve(cases.close(req.caseId)),
    },
    directory: { services: unavailable },
    slots: { search: unavailable },
    booking: { book: unavailable, resolve: unavailable, cancel: unavailable, rebook: unavailable, find: unavailable },
    referral: { send: unavailable, document: unavailable },
    reports: { run: unavailable, csv: unavailable },
    audit: {
      verify: () => Promise.resolve(verifyAuditChain(s.db)),
      caseEvents: (req) =>
        Promise.resolve({
          events: s.audit.eventsForCase(req.caseId).map((e) => ({
            id: e.id,
            seq: e.seq,
            at: e.at,
            type: e.type,
            ...(e.outcome !== undefined ? { outcome: e.outcome } : {}),
            ...(e.httpStatus !== undefined ? { httpStatus: e.httpStatus } : {}),
            ...(e.requestId !== undefined ? { requestId: e.requestId } : {}),
            ...(e.dosServiceId !== undefined ? { dosServiceId: e.dosServiceId } : {}),
          })),
        }),
    },
  };
}
