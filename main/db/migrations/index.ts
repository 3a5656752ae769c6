import type { Migration } from './types';
import { migration001 } from './001-audit-events';
import { migration002 } from './002-cases';

/** Every migration, in order. Add a file and a line here; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002];

export type { Migration } from './types';
