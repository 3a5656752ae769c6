/**
 * The stand-in's storage for sign-in state (interactions, codes, sessions, grants): in memory, on
 * purpose — the embedded CIS2 is a sandbox whose sessions should end with the app. Given to
 * oidc-provider explicitly so it does not warn the user, on every start, that a development
 * adapter "MUST" be replaced: for a stand-in it is the right one.
 */
interface Stored {
  payload: Record<string, unknown>;
  expiresAt: number | undefined;
}

/** One store per stand-in (tests start several in one process), one map per kind of model inside it. */
export function memoryAdapterFor(now: () => number = Date.now): new (name: string) => object {
  const stores = new Map<string, Map<string, Stored>>();
  return class StandInAdapter {
    private readonly items: Map<string, Stored>;

    constructor(name: string) {
      const existing: Map<string, Stored> | undefined = stores.get(name);
      this.items = existing ?? new Map<string, Stored>();
      if (existing === undefined) stores.set(name, this.items);
    }

    upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      this.items.set(id, { payload: { ...payload }, expiresAt: expiresIn !== undefined ? now() + expiresIn * 1000 : undefined });
      return Promise.resolve();
    }

    find(id: string): Promise<Record<string, unknown> | undefined> {
      return Promise.resolve(this.live(id)?.payload);
    }

    findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
      return Promise.resolve(this.first((p) => p.uid === uid));
    }

    findByUserCode(userCode: string): Promise<Record<string, unknown> | undefined> {
      return Promise.resolve(this.first((p) => p.userCode === userCode));
    }

    consume(id: string): Promise<void> {
      const item = this.live(id);
      if (item !== undefined) item.payload.consumed = Math.floor(now() / 1000);
      return Promise.resolve();
    }

    destroy(id: string): Promise<void> {
      this.items.delete(id);
      return Promise.resolve();
    }

    revokeByGrantId(grantId: string): Promise<void> {
      for (const [id, item] of this.items) if (item.payload.grantId === grantId) this.items.delete(id);
      return Promise.resolve();
    }

    private live(id: string): Stored | undefined {
      const item = this.items.get(id);
      if (item === undefined) return undefined;
      if (item.expiresAt !== undefined && item.expiresAt <= now()) {
        this.items.delete(id);
        return undefined;
      }
      return item;
    }

    private first(match: (payload: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
      for (const id of this.items.keys()) {
        const item = this.live(id);
        if (item !== undefined && match(item.payload)) return item.payload;
      }
      return undefined;
    }
  };
}
