/**
 * The renderer's door to the UK date and time text shared with main (preload/contract/uk-time.ts):
 * one implementation, so a time reads the same on screen, in main's messages and in the referral.
 */
export * from '../../../preload/contract/uk-time';
