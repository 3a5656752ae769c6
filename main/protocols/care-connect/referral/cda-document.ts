import { randomUUID } from 'node:crypto';
import type { AssessmentOutcome, Booking, Patient } from '../../../../preload/contract';
import { contactParticipant, hl7Time, practiceParticipant, recordTarget, section, text } from './cda-parts';
import { BOOKED_SECTION_TITLE, CDA_NS, DOCUMENT_CODE, IUC_REPORT, NOTES_SECTION_TITLE, NPFIT_NS, OID, SAFEGUARDING_SECTION_TITLE } from './oids';
import { ukTimeText } from './uk-time-text';
import { buildXml, xmlText, type XmlNode } from './xml';

/** Everything the NHS 111 report says; built from the case, the session and the chosen service. */
export interface CdaInput {
  /** ClinicalDocument/id/@root: the booking's documentId when booked, else a fresh UUID. */
  documentId: string;
  caseId: string;
  caseStartedAt: string;
  createdAt: Date;
  patient: Patient;
  outcome: AssessmentOutcome;
  registeredPractice?: { odsCode: string; name?: string };
  /** The clinician's notes of the call, as typed (line breaks kept as paragraphs). */
  notes?: string;
  author: { displayName: string; title?: string; sdsUserId: string; sdsRoleProfileId: string };
  organisation: { odsCode: string; name: string };
  recipient: { serviceId: string; name: string; odsCode?: string };
  /** The booked appointment; when present, the "Booked Appointment Information" section links it. */
  booking?: Pick<Booking, 'appointmentUrl' | 'slot' | 'serviceName' | 'appointmentId'> & { appointmentUrl: string };
}

const organisation = (ods: string, name: string): XmlNode => ({
  '@classCode': 'ORG',
  '@determinerCode': 'INSTANCE',
  id: { '@root': OID.ods, '@extension': xmlText(ods) },
  name: text(name),
});

function assessmentSection(input: CdaInput): XmlNode {
  const o = input.outcome;
  return section(randomUUID().toUpperCase(), 'Assessment outcome', {
    paragraph: text(`${o.dispositionCode}: ${o.dispositionText}`),
    list: {
      item: [
        text(`Case started: ${ukTimeText(input.caseStartedAt)}`),
        text(`Timeframe deadline: ${ukTimeText(o.deadline)}${o.deadlineSetByHand ? ` (set by hand by ${o.deadlineDecidedBy ?? 'a clinician'}${o.deadlineReason !== undefined ? `: ${o.deadlineReason}` : ''})` : ''}`),
        text(`Referred to: ${input.recipient.name} (DoS service id ${input.recipient.serviceId})`),
      ],
    },
  });
}

/**
 * A safeguarding concern the assessment recorded, in words, straight after the outcome so the
 * receiving clinician meets it before the notes. No section when none was recorded.
 */
function safeguardingSection(concern: AssessmentOutcome['safeguarding']): XmlNode | undefined {
  if (concern === undefined) return undefined;
  return section(randomUUID().toUpperCase(), SAFEGUARDING_SECTION_TITLE, {
    paragraph: text(`${concern.about === 'child' ? 'A child is' : 'An adult is'} a cause for safeguarding concern.`),
    list: { item: [text(`Concern: ${concern.detail}`), text(`Recorded: ${ukTimeText(concern.recordedAt)}`)] },
  });
}

/** The link from the document to the appointment (digest §8): the absolute Appointment URL and when and where. */
function bookedSection(b: NonNullable<CdaInput['booking']>): XmlNode {
  const where = [b.slot.location?.name, b.slot.healthcareService ?? b.serviceName].filter((s): s is string => s !== undefined && s !== '');
  return section(randomUUID().toUpperCase(), BOOKED_SECTION_TITLE, {
    paragraph: text(`An appointment has been booked${where.length > 0 ? ` at ${where.join(', ')}` : ''}.`),
    list: {
      item: [
        text(`Start: ${ukTimeText(b.slot.start)}`),
        text(`End: ${ukTimeText(b.slot.end)}`),
        ...(b.appointmentId !== undefined ? [text(`Appointment id: ${b.appointmentId}`)] : []),
        { '#text': 'Appointment: ', linkHtml: { '@href': xmlText(b.appointmentUrl), '#text': xmlText(b.appointmentUrl) } },
      ],
    },
  });
}

/** The call's clinical notes: one paragraph per line written, so the receiver reads them as the clinician set them out. */
function notesSection(notes: string | undefined): XmlNode | undefined {
  const lines = (notes ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) return undefined;
  return section(randomUUID().toUpperCase(), NOTES_SECTION_TITLE, { paragraph: lines.map(text) });
}

function contactsSection(p: Patient): XmlNode | undefined {
  if (p.contacts.length === 0) return undefined;
  return section(randomUUID().toUpperCase(), 'Third party contacts', {
    list: {
      item: p.contacts.map((c) =>
        text(`${c.name.given} ${c.name.family} (${c.relationshipText ?? c.relationship}): ${c.telecom.map((t) => `${t.value}${t.rank === 1 ? ' (primary contact)' : ''}`).join(', ')}`),
      ),
    },
  });
}

/** The ClinicalDocument element tree: the ITK envelope embeds it, the referral store keeps its text. */
export function cdaTree(input: CdaInput): XmlNode {
  const now = hl7Time(input.createdAt);
  const sections = [assessmentSection(input), safeguardingSection(input.outcome.safeguarding), notesSection(input.notes), contactsSection(input.patient), input.booking !== undefined ? bookedSection(input.booking) : undefined]
    .filter((s): s is XmlNode => s !== undefined)
    .map((s) => ({ '@typeCode': 'COMP', '@contextConductionInd': 'true', ...s }));
  const participants = [
    ...input.patient.contacts.map(contactParticipant),
    ...(input.registeredPractice !== undefined ? [practiceParticipant(input.registeredPractice.odsCode, input.registeredPractice.name)] : []),
  ];
  return {
    ClinicalDocument: {
      '@xmlns': CDA_NS,
      '@xmlns:npfitlc': NPFIT_NS,
      '@xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      '@classCode': 'DOCCLIN',
      '@moodCode': 'EVN',
      typeId: { '@root': OID.cdaTypeId, '@extension': IUC_REPORT.typeId },
      'npfitlc:messageType': { '@root': OID.messageType, '@extension': IUC_REPORT.messageType },
      // NHS CDA writes UUID ids in upper case; the link compares them case-insensitively.
      id: { '@root': input.documentId.toUpperCase() },
      code: { '@code': DOCUMENT_CODE.code, '@codeSystem': OID.snomed, '@displayName': DOCUMENT_CODE.displayName },
      title: text(IUC_REPORT.title),
      effectiveTime: { '@value': now },
      confidentialityCode: { '@code': 'N', '@codeSystem': OID.confidentiality, '@displayName': 'normal' },
      setId: { '@root': input.documentId.toUpperCase() },
      versionNumber: { '@value': '1' },
      recordTarget: recordTarget(input.patient, input.caseId, input.organisation.odsCode),
      author: {
        '@typeCode': 'AUT',
        '@contextControlCode': 'OP',
        time: { '@value': now },
        assignedAuthor: {
          '@classCode': 'ASSIGNED',
          id: [
            { '@root': OID.sdsUserId, '@extension': xmlText(input.author.sdsUserId) },
            { '@root': OID.sdsRoleProfileId, '@extension': xmlText(input.author.sdsRoleProfileId) },
          ],
          assignedPerson: {
            '@classCode': 'PSN',
            '@determinerCode': 'INSTANCE',
            name: { prefix: input.author.title !== undefined ? text(input.author.title) : undefined, '#text': xmlText(input.author.displayName) },
          },
          representedOrganization: organisation(input.organisation.odsCode, input.organisation.name),
        },
      },
      custodian: {
        '@typeCode': 'CST',
        assignedCustodian: {
          '@classCode': 'ASSIGNED',
          representedCustodianOrganization: organisation(input.organisation.odsCode, input.organisation.name),
        },
      },
      informationRecipient: {
        '@typeCode': 'PRCP',
        intendedRecipient: {
          '@classCode': 'ASSIGNED',
          id: { '@root': OID.localIdentifier, '@extension': xmlText(input.recipient.serviceId), '@assigningAuthorityName': 'DoS' },
          receivedOrganization: organisation(input.recipient.odsCode ?? input.recipient.serviceId, input.recipient.name),
        },
      },
      participant: participants.length > 0 ? participants : undefined,
      componentOf: {
        '@typeCode': 'COMP',
        encompassingEncounter: {
          '@classCode': 'ENC',
          '@moodCode': 'EVN',
          id: { '@root': OID.localIdentifier, '@extension': input.caseId, '@assigningAuthorityName': xmlText(input.organisation.odsCode) },
          code: { '@code': xmlText(input.outcome.dispositionCode), '@codeSystem': OID.pathwaysDisposition, '@displayName': xmlText(input.outcome.dispositionText) },
          effectiveTime: { low: { '@value': hl7Time(input.caseStartedAt) } },
        },
      },
      component: { structuredBody: { '@classCode': 'DOCBODY', '@moodCode': 'EVN', component: sections } },
    },
  };
}

/** The NHS 111 report as text: well-formed, every value escaped by the builder, never concatenated. */
export function buildCda(input: CdaInput): { tree: XmlNode; xml: string } {
  const tree = cdaTree(input);
  return { tree, xml: buildXml(tree) };
}
