/**
 * The identifiers an NHS CDA document uses (NHS CDA / NPfIT messaging): where each id, code
 * and template comes from. Kept in one place so a conformance check can be read against it.
 */
export const OID = {
  /** NHS number, traced and verified (PDS). */
  nhsNumberVerified: '2.16.840.1.113883.2.1.4.1',
  /** NHS number given by the caller, not traced. */
  nhsNumberUnverified: '2.16.840.1.113883.2.1.3.2.4.18.23',
  /** A local identifier, e.g. our case id when there is no NHS number. */
  localIdentifier: '2.16.840.1.113883.2.1.3.2.4.18.24',
  /** ODS organisation codes. */
  ods: '2.16.840.1.113883.2.1.3.2.4.19.1',
  /** SDS user id and SDS role profile id. */
  sdsUserId: '1.2.826.0.1285.0.2.0.65',
  sdsRoleProfileId: '1.2.826.0.1285.0.2.0.67',
  /** NHS message type ids (the DocumentReference type coding of the Appointment uses the same). */
  messageType: '2.16.840.1.113883.2.1.3.2.4.18.17',
  /** HL7 typeId of a CDA R2 document. */
  cdaTypeId: '2.16.840.1.113883.1.3',
  /** SNOMED CT, as NHS CDA writes it. */
  snomed: '2.16.840.1.113883.2.1.3.2.4.15',
  /** NHS administrative gender codes. */
  gender: '2.16.840.1.113883.2.1.3.2.4.16.25',
  /** HL7 confidentiality codes. */
  confidentiality: '2.16.840.1.113883.1.11.16926',
  /** NHS Pathways disposition codes. */
  pathwaysDisposition: '2.16.840.1.113883.2.1.3.2.4.17.416',
  /** HL7 v2-0131 contact roles. */
  contactRole: '2.16.840.1.113883.12.131',
} as const;

/** The IUC / NHS 111 report: the message type the Appointment's DocumentReference names. */
export const IUC_REPORT = { messageType: 'POCD_MT200001GB02', typeId: 'POCD_HD000040', title: 'NHS 111 Report' } as const;

/** SNOMED CT "report of clinical encounter": the document code of an NHS 111 report. */
export const DOCUMENT_CODE = { code: '371531000', displayName: 'Report of clinical encounter' } as const;

/** The title of the section that links the document to the appointment (digest §8). */
export const BOOKED_SECTION_TITLE = 'Booked Appointment Information';

export const CDA_NS = 'urn:hl7-org:v3';
export const NPFIT_NS = 'NPFIT:HL7:Localisation';

/** The title of the section carrying the clinician's notes of the call, as they wrote them. */
export const NOTES_SECTION_TITLE = 'Clinical notes of the call';

/** The title of the section carrying a safeguarding concern the assessment recorded (BaRS App1 asks the same of every referral). */
export const SAFEGUARDING_SECTION_TITLE = 'Safeguarding concern';
