import type { DeliveryChannel } from '../../preload/contract';
import type { Extension } from './types';

const CHANNELS: Record<string, DeliveryChannel> = {
  'in-person': 'In-person',
  inperson: 'In-person',
  'face-to-face': 'In-person',
  telephone: 'Telephone',
  phone: 'Telephone',
  video: 'Video',
};

/** Named once, not inline in find(): called for every slot row. */
const isDeliveryChannel = (e: Extension): boolean => /delivery-?channel/i.test(e.url);

/** The Slot's delivery channel from its extension (digest §6): null when not supplied, never a default. */
export function deliveryChannelOf(extensions: readonly Extension[] | undefined): DeliveryChannel | null {
  const ext = extensions?.find(isDeliveryChannel);
  if (ext === undefined) return null;
  const code = ext.valueCode ?? ext.valueCoding?.code ?? ext.valueString ?? ext.valueCodeableConcept?.coding?.[0]?.code;
  return code === undefined ? null : (CHANNELS[code.trim().toLowerCase()] ?? null);
}
