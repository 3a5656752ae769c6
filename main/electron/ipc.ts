import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Logger } from 'pino';
import { channelsOf, contract } from '../../preload/contract';
import type { Dispatch } from '../api/dispatch';
import { isAppUrl } from './protocol';

/** Whether a webContents is the app's one window (main.ts knows which). */
export type MainContentsCheck = (contents: WebContents) => boolean;

/** Only the app's own window, its top-level frame, showing the app's page, may call main. */
export function isTrustedSender(event: IpcMainInvokeEvent, isMainContents: MainContentsCheck): boolean {
  try {
    if (!isMainContents(event.sender)) return false;
    const frame = event.senderFrame;
    if (frame === null) return false;
    return frame === event.sender.mainFrame && isAppUrl(frame.url);
  } catch {
    // A frame that went away while its call was in flight throws on access: not a caller to trust.
    return false;
  }
}

/** Registers the contract's handler table on Electron IPC: the second transport beside the HTTP bridge. */
export function registerIpc(dispatch: Dispatch, logger: Logger, isMainContents: MainContentsCheck): void {
  for (const { channel } of channelsOf(contract)) {
    ipcMain.handle(channel, (event, request: unknown) => {
      // Refused before the request is parsed: an untrusted caller learns nothing from its errors.
      if (!isTrustedSender(event, isMainContents)) {
        logger.warn({ channel }, 'IPC call from an untrusted frame refused');
        return { ok: false, error: { code: 'forbidden-caller', message: 'This window may not use the workstation.' } };
      }
      return dispatch(channel, request, { transport: 'ipc' });
    });
  }
}
