/**
 * The preload: exposes the contract to the renderer as one named object, `window.workstation`,
 * backed by IPC. Nothing else (no ipcRenderer) crosses the context bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createClient } from './contract/client';
import type { Result } from './contract';

const workstation = createClient((channel, request) => ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>);
contextBridge.exposeInMainWorld('workstation', workstation);
