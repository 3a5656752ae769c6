/**
 * The sandbox's ITK receiver: mounted on the sandbox server at `/itk/` (DoS lists
 * `${baseUrl}/itk/<serviceId>` as each service's ITK endpoint).
 */
import type { SandboxHandle } from '../types';
import { createItkReceiver, type ItkReceiver, type ItkReceiverOptions } from './receiver';

export { sandboxAppointmentIndex, type AppointmentIndex, type LinkedAppointment } from './appointment-index';
export { createItkReceiver, type ItkFault, type ItkLink, type ItkReceiver, type ItkReceiverOptions, type ReceivedDocument } from './receiver';
export { validateItkMessage, ItkInvalid, type ItkReceived } from './validate-message';

/** Mounts the receiver on a running sandbox. */
export function mountItkReceiver(sandbox: Pick<SandboxHandle, 'route'>, options: ItkReceiverOptions = {}): ItkReceiver {
  const receiver = createItkReceiver(options);
  sandbox.route('POST', '/itk/', receiver.handler);
  return receiver;
}
