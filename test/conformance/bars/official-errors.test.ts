/**
 * The client reads every error NHS England's BaRS proxy and API publish (official/operation-outcomes.json:
 * the proxy's ErrorRepository and the API's OperationOutcome examples, by status): the code is
 * read for the audit, the failure is a kind the workflow acts on, and the clinician's sentence
 * names no code. Before this, the client's error reading was only ever checked against the sandbox.
 */
import { describe, expect, it } from 'vitest';
import { failureKind, outcomeCode, PLAIN_MESSAGES } from '../../../main/protocols/bars';
import { at, obj, official } from './artefacts';

const catalogue = official('operation-outcomes.json');
/** [name, HTTP status, body]: the proxy's by its name (`404ProxyNotFound`), the examples by path (`REC/409-REC_CONFLICT-duplicate`). */
const answers: [string, number, unknown][] = [
  ...Object.entries(obj(catalogue.proxy) ?? {}).map(([name, body]): [string, number, unknown] => [`proxy ${name}`, Number(/^(\d{3})/.exec(name)?.[1]), body]),
  ...Object.entries(obj(catalogue.examples) ?? {}).map(([name, body]): [string, number, unknown] => [name, Number(/\/(\d{3})-/.exec(name)?.[1]), body]),
];

describe('every official BaRS error answer', () => {
  it('is in the catalogue (57: 16 from the proxy, 41 examples)', () => {
    expect(answers).toHaveLength(57);
    for (const [name, status] of answers) expect(status, name).toBeGreaterThanOrEqual(400);
  });

  it.each(answers)('%s: its code is read, it is a failure the workflow acts on, and the user is told plainly', (_name, status, body) => {
    const read = outcomeCode(body);
    expect(read?.code).toBe(at(body, 'issue.details.coding.code')[0]);
    expect(read?.issue).toBe(at(body, 'issue.code')[0]);
    for (const call of ['search', 'book', 'cancel', 'refer'] as const) {
      const kind = failureKind(status, read, call);
      // Every published answer is understood: none reads as an answer we could not read.
      expect(kind, call).not.toBe('malformed');
      expect(PLAIN_MESSAGES[kind]).not.toContain(String(read?.code));
      expect(PLAIN_MESSAGES[kind]).not.toMatch(/\b\d{3}\b/);
    }
  });

  it('a booking answered 409 duplicate, a conflict, is the slot taken; the proxy not finding the service is a service not set up', () => {
    const examples = obj(catalogue.examples) ?? {};
    expect(failureKind(409, outcomeCode(examples['REC/409-REC_CONFLICT-conflict']), 'book')).toBe('slot-unavailable');
    expect(failureKind(404, outcomeCode(obj(catalogue.proxy)?.['404ProxyNotFound']), 'book')).toBe('misconfigured');
    expect(failureKind(429, outcomeCode(examples['SEND/429-SEND_TOO_MANY_REQUESTS-throttled']), 'search')).toBe('provider-unavailable');
  });
});
