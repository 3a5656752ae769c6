import { describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer } from './fake-electron';
import { channelsOf, contract } from '../../preload/contract';

vi.mock('electron', () => import('./fake-electron'));

describe('the preload', () => {
  it('exposes one named object to the page, built from the contract, and no Electron API', async () => {
    await import('../../preload/index');
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, exposed] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, Record<string, unknown>>];
    expect(name).toBe('workstation');
    const namespaces = [...new Set(channelsOf(contract).map((c) => c.namespace))].sort();
    expect(Object.keys(exposed).sort()).toEqual(namespaces);
    // Exactly the contract's calls: nothing like ipcRenderer.invoke/send/on rides along.
    for (const [namespace, service] of Object.entries(exposed)) {
      const methods = channelsOf(contract).filter((c) => c.namespace === namespace).map((c) => c.method);
      expect(Object.keys(service).sort()).toEqual(methods.sort());
      for (const member of Object.values(service)) expect(typeof member).toBe('function');
    }
    expect(Object.values(exposed)).not.toContain(ipcRenderer);
  });

  it('each call goes to its own contract channel, nowhere the page chooses', async () => {
    await import('../../preload/index');
    const [, exposed] = contextBridge.exposeInMainWorld.mock.calls[0] as [string, Record<string, Record<string, (request: unknown) => Promise<unknown>>>];
    const [first] = channelsOf(contract);
    if (first === undefined) throw new Error('the contract has no channels');
    await exposed[first.namespace]?.[first.method]?.({ channel: 'audit:wipe' });
    expect(ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(first.channel, { channel: 'audit:wipe' });
  });
});
