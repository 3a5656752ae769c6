import { itkEndpointOf } from '../../../workflow/bookability';
import type { DosService, ServiceDirectory } from '../../../workflow/ports';
import { ItkError } from './itk-errors';

/** Where an NHS 111 report goes when the DoS endpoint does not say (the out-of-hours recipient). */
const DEFAULT_INTERACTION = 'urn:nhs-itk:interaction:primaryOutofHourRecipientNHS111CDADocument-v2-0';

export interface ItkTarget {
  url: string;
  interaction: string;
  /** The ITK address of the receiving organisation. */
  recipientAddress: string;
  recipientOds?: string;
}

/**
 * The service's ITK endpoint, asked of DoS at send time (ServiceDetailsById): the contract's
 * chosen service does not carry the URL, and the directory may have been corrected since.
 */
export async function resolveItkTarget(directory: ServiceDirectory, serviceId: string, override?: string): Promise<ItkTarget> {
  let dos: DosService | undefined;
  try {
    dos = await directory.getService(serviceId);
  } catch (error) {
    throw new ItkError('directory-unavailable', (error as Error).message);
  }
  const recipientOds = dos?.odsCode;
  const recipientAddress = recipientOds !== undefined ? `urn:nhs-uk:addressing:ods:${recipientOds}` : `urn:nhs-uk:addressing:dos:${serviceId}`;
  const endpoint = dos === undefined ? undefined : itkEndpointOf(dos);
  if (endpoint !== undefined && endpoint.address.trim() !== '') {
    return { url: endpoint.address.trim(), interaction: endpoint.interaction || DEFAULT_INTERACTION, recipientAddress, ...(recipientOds !== undefined ? { recipientOds } : {}) };
  }
  if (override !== undefined) return { url: override, interaction: DEFAULT_INTERACTION, recipientAddress, ...(recipientOds !== undefined ? { recipientOds } : {}) };
  throw new ItkError('no-endpoint', dos === undefined ? `DoS no longer lists service ${serviceId}` : `service ${serviceId} has no endpoint with transport itk and format CDA`);
}
