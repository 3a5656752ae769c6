import { describe, expect, it } from 'vitest';
import { BOOKED_SECTION_TITLE, buildCda, NOTES_SECTION_TITLE, OID, SAFEGUARDING_SECTION_TITLE, xmlParser } from '../../main/referral';
import { XMLValidator } from 'fast-xml-parser';
import { APPOINTMENT_URL, booking, cdaInput, DOCUMENT_ID, OUTCOME, PATIENT } from './fixtures';

type Node = Record<string, unknown>;
const parse = (xml: string): Node => (xmlParser().parse(xml) as Node).ClinicalDocument as Node;
const list = (v: unknown): Node[] => (v === undefined ? [] : Array.isArray(v) ? (v as Node[]) : [v as Node]);
const sections = (doc: Node): Node[] => list(((doc.component as Node).structuredBody as Node).component).map((c) => c.section as Node);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : typeof (v as Node)['#text'] === 'string' ? ((v as Node)['#text'] as string) : '');
// eslint-disable-next-line @typescript-eslint/no-deprecated
const wellFormed = (xml: string) => XMLValidator.validate(xml);

describe('the CDA referral document', () => {
  it('is well-formed and carries the booking’s document UUID as ClinicalDocument/id/@root', () => {
    const { xml } = buildCda(cdaInput({ booking: booking() }));
    expect(wellFormed(xml)).toBe(true);
    const doc = parse(xml);
    expect(((doc.id as Node)['@root'] as string).toLowerCase()).toBe(DOCUMENT_ID);
    expect(doc['npfitlc:messageType']).toMatchObject({ '@root': OID.messageType, '@extension': 'POCD_MT200001GB02' });
    expect(doc.typeId).toMatchObject({ '@extension': 'POCD_HD000040' });
  });

  it('puts the absolute Appointment URL in the "Booked Appointment Information" section', () => {
    const doc = parse(buildCda(cdaInput({ booking: booking() })).xml);
    const booked = sections(doc).filter((s) => textOf(s.title) === BOOKED_SECTION_TITLE);
    expect(booked).toHaveLength(1);
    const items = list(((booked[0]?.text as Node).list as Node).item);
    const link = items.map((i) => i.linkHtml as Node | undefined).find((l) => l !== undefined);
    expect(link?.['@href']).toBe(APPOINTMENT_URL);
    // People at the receiving service read UK local time (10:00 UTC is 11:00 BST in June).
    expect(JSON.stringify(booked[0])).toContain('Start: Wed, 10 Jun 2026, 11:00 UK time');
  });

  it('has no booked section without a booking', () => {
    const doc = parse(buildCda(cdaInput()).xml);
    expect(sections(doc).map((s) => textOf(s.title))).not.toContain(BOOKED_SECTION_TITLE);
    expect(sections(doc).map((s) => textOf(s.title))).toContain('Assessment outcome');
  });

  it('carries the call’s notes as their own titled section after the assessment outcome, one paragraph per line, escaped', () => {
    const notes = 'Pain <left> wrist & swelling since 14:00.\n\n  On warfarin — INR not known.  ';
    const doc = parse(buildCda(cdaInput({ notes })).xml);
    const titles = sections(doc).map((s) => textOf(s.title));
    expect(titles.indexOf(NOTES_SECTION_TITLE)).toBe(titles.indexOf('Assessment outcome') + 1);
    const notesSection = sections(doc).find((s) => textOf(s.title) === NOTES_SECTION_TITLE);
    expect(list((notesSection?.text as Node).paragraph).map(textOf)).toEqual(['Pain <left> wrist & swelling since 14:00.', 'On warfarin — INR not known.']);
  });

  it('says a recorded safeguarding concern in words, in its own section straight after the assessment outcome', () => {
    const detail = 'Bruising <both arms> & fears going home.';
    const doc = parse(buildCda(cdaInput({ notes: 'Wrist pain.', outcome: { ...OUTCOME, safeguarding: { about: 'adult', detail, recordedAt: '2026-06-10T09:05:00.000Z' } } })).xml);
    const titles = sections(doc).map((s) => textOf(s.title));
    expect(titles.indexOf(SAFEGUARDING_SECTION_TITLE)).toBe(titles.indexOf('Assessment outcome') + 1);
    const concern = sections(doc).find((s) => textOf(s.title) === SAFEGUARDING_SECTION_TITLE)?.text as Node;
    expect(textOf(concern.paragraph)).toBe('An adult is a cause for safeguarding concern.');
    // The clinician's words as written (escaped by the builder, read back whole), and when, in UK time.
    expect(list((concern.list as Node).item).map(textOf)).toEqual([`Concern: ${detail}`, 'Recorded: Wed, 10 Jun 2026, 10:05 UK time']);
    const child = parse(buildCda(cdaInput({ outcome: { ...OUTCOME, safeguarding: { about: 'child', detail: 'Left alone.', recordedAt: '2026-06-10T09:05:00.000Z' } } })).xml);
    expect(JSON.stringify(sections(child).find((s) => textOf(s.title) === SAFEGUARDING_SECTION_TITLE))).toContain('A child is a cause for safeguarding concern.');
  });

  it('has no safeguarding section when none was recorded', () => {
    expect(sections(parse(buildCda(cdaInput()).xml)).map((s) => textOf(s.title))).not.toContain(SAFEGUARDING_SECTION_TITLE);
  });

  it('has no notes section when the call has no notes', () => {
    for (const notes of [undefined, '', ' \n ']) {
      const doc = parse(buildCda(cdaInput(notes === undefined ? {} : { notes })).xml);
      expect(sections(doc).map((s) => textOf(s.title))).not.toContain(NOTES_SECTION_TITLE);
    }
  });

  it('identifies the patient by verified NHS number, or without one by the case id only', () => {
    const withNhs = parse(buildCda(cdaInput()).xml);
    const role = (withNhs.recordTarget as Node).patientRole as Node;
    expect(role.id).toEqual({ '@root': OID.nhsNumberVerified, '@extension': '9434765919' });

    const { nhsNumber: _n, nhsNumberVerified: _v, ...noNumber } = PATIENT;
    const xml = buildCda(cdaInput({ patient: noNumber })).xml;
    const without = ((parse(xml).recordTarget as Node).patientRole as Node).id as Node;
    expect(without['@root']).toBe(OID.localIdentifier);
    expect(without['@extension']).toBe('0b6b6a58-1111-4222-8333-944445555666');
    expect(xml).not.toContain('9434765919');
  });

  it('lists contacts with the primary (rank 1) first, and third parties with their relationship', () => {
    const doc = parse(buildCda(cdaInput({ patient: { ...PATIENT, telecom: [{ system: 'phone', value: '0113 496 0000', use: 'home', rank: 2 }, { system: 'phone', value: '07700 900123', use: 'mobile', rank: 1 }] } })).xml);
    const telecoms = list(((doc.recordTarget as Node).patientRole as Node).telecom);
    expect(telecoms.map((t) => t['@value'])).toEqual(['tel:07700900123', 'tel:01134960000']);
    const participant = list(doc.participant).find((p) => p['@typeCode'] === 'IND');
    expect((participant?.associatedEntity as Node).code).toMatchObject({ '@code': 'N', '@displayName': 'Husband' });
  });

  it('escapes hostile patient text: markup, ampersands, quotes, emoji and very long names survive intact', () => {
    const hostile = `</family><script>alert("x")</script> & O'Brien "Jr" 😀🏥 ]]> <!--`;
    const long = 'Ⅹ'.repeat(5000);
    const patient = {
      ...PATIENT,
      given: hostile,
      family: long,
      address: { ...PATIENT.address, lines: ['Flat 1 & 2 <b>', `"Quoted" 'Road'`] },
      contacts: PATIENT.contacts.map((c) => ({ ...c, relationshipText: '<Mother & "carer">' })),
    };
    const outcome = { ...cdaInput().outcome, dispositionText: 'Dx05 <urgent> & "soon"' };
    const { xml } = buildCda(cdaInput({ patient, outcome, booking: booking({ appointmentUrl: `${APPOINTMENT_URL}?a=1&b="2"` }) }));
    expect(wellFormed(xml)).toBe(true);
    expect(xml).not.toContain('<script>');
    const name = (((parse(xml).recordTarget as Node).patientRole as Node).patient as Node).name as Node;
    expect(textOf(name.given)).toBe(hostile.trim());
    expect(textOf(name.family)).toBe(long);
    const booked = sections(parse(xml)).find((s) => textOf(s.title) === BOOKED_SECTION_TITLE);
    expect(JSON.stringify(booked)).toContain(`${APPOINTMENT_URL}?a=1&b=\\"2\\"`);
  });

  it('replaces characters XML cannot carry instead of producing a broken document', () => {
    const patient = { ...PATIENT, given: 'Ann\uFFFEa\uD800' };
    const { xml } = buildCda(cdaInput({ patient }));
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toContain('Ann\uFFFDa\uFFFD');
  });
});
