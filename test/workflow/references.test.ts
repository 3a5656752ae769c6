import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bookingReference, caseReference, providerNumber } from '../../main/workflow/references';

describe('references people can read aloud', () => {
  it('a case reference is six characters without 0/O, 1/I/L, in two threes; an appointment adds its number in the case', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 1, max: 99 }), (id, n) => {
        const ref = caseReference(id);
        expect(ref).toMatch(/^[2-9A-HJKMNP-Z]{3}-[2-9A-HJKMNP-Z]{3}$/);
        expect(bookingReference(ref, n)).toBe(`${ref}/${String(n)}`);
      }),
    );
  });

  it('the Provider’s id is shown as it is when it can be read out, shortened when it is a long id (given in full for copy)', () => {
    expect(providerNumber('Riverside UTC', '48217730')).toEqual({ label: 'Riverside UTC’s appointment number', shown: '48217730', full: '48217730' });
    const uuid = '3f2a9c1e-7b4d-4e1a-9c3b-2d1e0f9a8b7c';
    expect(providerNumber('Riverside UTC', uuid)).toEqual({ label: 'Riverside UTC’s appointment number', shown: '3f2a9c1e…', full: uuid });
    expect(providerNumber('Riverside UTC', undefined)).toBeUndefined();
  });
});
