import { orgMigration001 } from './001-record';
import { orgMigration002 } from './002-roles';
import { orgMigration003 } from './003-month-partitions';
import { orgMigration004 } from './004-desk-logins';
import { orgMigration005 } from './005-reports';
import { orgMigration006 } from './006-find';
import { orgMigration007 } from './007-chain-heads';
import { orgMigration008 } from './008-facts';
import { orgMigration009 } from './009-user-names';
import { orgMigration010 } from './010-causal-order';
import type { OrgMigration } from './types';

/** Every organisation-record migration, in order. Add a file and a line; never edit one that has shipped. */
export const ORG_MIGRATIONS: readonly OrgMigration[] = [orgMigration001, orgMigration002, orgMigration003, orgMigration004, orgMigration005, orgMigration006, orgMigration007, orgMigration008, orgMigration009, orgMigration010];
export type { OrgMigration } from './types';
