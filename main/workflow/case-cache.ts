/**
 * What main keeps in memory per case (offered slots, the ranked service list), for the few cases
 * a clinician is working on: the least recently used case goes once `cap` are held. A desk left
 * open all week works thousands of cases; without a cap every list ever searched stays in memory.
 * A case that was evicted is searched again: its entry is never guessed or borrowed from another.
 */
export class CaseCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(readonly cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`a case cache holds at least one case (cap ${cap})`);
  }

  get size(): number {
    return this.entries.size;
  }

  has(caseId: string): boolean {
    return this.entries.has(caseId);
  }

  /** Reading a case makes it the most recently used. */
  get(caseId: string): V | undefined {
    const value = this.entries.get(caseId);
    if (value === undefined) return undefined;
    this.entries.delete(caseId);
    this.entries.set(caseId, value);
    return value;
  }

  set(caseId: string, value: V): void {
    this.entries.delete(caseId);
    this.entries.set(caseId, value);
    // A Map iterates in insertion order: the first key is the least recently used.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.cap) break;
      this.entries.delete(oldest);
    }
  }

  delete(caseId: string): void {
    this.entries.delete(caseId);
  }
}
