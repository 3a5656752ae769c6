import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Logger } from 'pino';
import { channelsOf, contract } from '../../preload/contract';
import type { Dispatch } from '../api/dispatch';
import { APP_ORIGIN } from './protocol';

/** Only the app's own top-level frame may call main; anything else is refused before parsing. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (frame === null) return false;
  return frame === event.sender.mainFrame && new URL(frame.url).origin === APP_ORIGIN;
}

/** Registers the contract's handler table on Electron IPC: the second transport beside the HTTP bridge. */
export function registerIpc(dispatch: Dispatch, logger: Logger): void {
  for (const { channel } of channelsOf(contract)) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedSender(event)) {
        logger.warn({ channel }, 'IPC call from an untrusted frame refused');
        return { ok: false, error: { code: 'forbidden-caller', message: 'This window may not use the workstation.' } };
      }
      return dispatch(channel, request, { transport: 'ipc' });
    });
  }
}
