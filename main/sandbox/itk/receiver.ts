import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { readBody } from '../http/respond';
import type { RouteHandler } from '../types';
import type { AppointmentIndex, LinkedAppointment } from './appointment-index';
import { sendFault, sendSimpleAck } from './soap-answers';
import { ItkInvalid, validateItkMessage, type ItkReceived } from './validate-message';

/** A CDA the sandbox service received. */
export interface ReceivedDocument extends ItkReceived {
  /** The DoS service id from the path `/itk/<serviceId>`. */
  serviceId: string;
  receivedAt: string;
  /** The whole SOAP message as it arrived. */
  message: string;
}

/** The two halves of the booking–referral link (digest §8), whichever arrived first. */
export interface ItkLink {
  documentId: string;
  document?: ReceivedDocument;
  appointment?: LinkedAppointment;
  state: 'linked' | 'document-only' | 'appointment-only' | 'none';
  /** When the document carries an Appointment URL, whether it is the appointment's own. */
  urlMatches?: boolean;
}

/** What a test or the admin page can make the next message meet. */
export type ItkFault = 'soap-fault' | 'http-500' | 'drop';

export interface ItkReceiver {
  handler: RouteHandler;
  documents(): ReceivedDocument[];
  link(documentId: string): ItkLink;
  /** The next message (only) meets this failure. */
  failNext(fault: ItkFault): void;
}

/** How many received referrals the sandbox keeps to show and link: a shift's worth, not a week's. */
export const KEEP_DOCUMENTS = 200;

export interface ItkReceiverOptions {
  appointments?: AppointmentIndex;
  /** Received documents kept, newest first out last; default KEEP_DOCUMENTS. */
  keep?: number;
  now?: () => Date;
  logger?: Logger;
}

/**
 * The sandbox's ITK endpoint: validates the SOAP/ITK envelope and the CDA, keeps the document,
 * answers a simple acknowledgement, and links it to the Provider's appointment by document UUID.
 */
export function createItkReceiver(options: ItkReceiverOptions = {}): ItkReceiver {
  const now = options.now ?? ((): Date => new Date());
  const keep = options.keep ?? KEEP_DOCUMENTS;
  const byDocument = new Map<string, ReceivedDocument>();
  let fault: ItkFault | undefined;

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const serviceId = decodeURIComponent((req.url ?? '').split('?')[0]?.replace(/^\/itk\/?/, '') ?? '');
    const body = await readBody(req);
    const injected = fault;
    fault = undefined;
    if (injected === 'drop') {
      req.socket.destroy();
      return;
    }
    if (injected === 'http-500') {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Internal Server Error');
      return;
    }
    if (injected === 'soap-fault') {
      sendFault(res, 'Service unavailable', '2500', 'The receiving system is not taking messages (sandbox fault).');
      return;
    }
    let received: ItkReceived;
    try {
      received = validateItkMessage(body);
    } catch (error) {
      if (!(error instanceof ItkInvalid)) throw error;
      options.logger?.info({ serviceId, problem: error.message }, 'ITK message refused');
      sendFault(res, 'Invalid message', error.errorCode, error.message);
      return;
    }
    const key = received.documentId.toUpperCase();
    byDocument.delete(key);
    byDocument.set(key, { ...received, serviceId, receivedAt: now().toISOString(), message: body });
    // A sandbox left running for a week of calls must not hold every referral: keep the newest (Map keeps insertion order).
    for (const oldest of byDocument.keys()) {
      if (byDocument.size <= keep) break;
      byDocument.delete(oldest);
    }
    options.logger?.info({ serviceId, trackingId: received.trackingId }, 'ITK message received');
    sendSimpleAck(res, received.messageId, received.service);
  };

  return {
    handler,
    documents: () => [...byDocument.values()],
    failNext: (f) => {
      fault = f;
    },
    link(documentId) {
      const document = byDocument.get(documentId.toUpperCase());
      const appointment = options.appointments?.findByDocumentId(documentId);
      const state = document !== undefined && appointment !== undefined ? 'linked' : document !== undefined ? 'document-only' : appointment !== undefined ? 'appointment-only' : 'none';
      return {
        documentId,
        state,
        ...(document !== undefined ? { document } : {}),
        ...(appointment !== undefined ? { appointment } : {}),
        ...(document?.appointmentUrl !== undefined && appointment !== undefined ? { urlMatches: sameAppointment(document.appointmentUrl, appointment.url) } : {}),
      };
    },
  };
}

/** The Location header carries `/_history/<v>`; the appointment is the same whatever the version. */
function sameAppointment(fromDocument: string, fromProvider: string): boolean {
  return fromDocument.replace(/\/_history\/[^/]+$/, '') === fromProvider;
}
