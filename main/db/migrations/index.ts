import type { Migration } from './types';
import { migration012 } from './012-bars-sent-messages';
import { migration001 } from './001-audit-events';
import { migration002 } from './002-cases';
import { migration003 } from './003-report-indexes';
import { migration004 } from './004-referrals';
import { migration005 } from './005-report-covering-indexes';
import { migration007 } from './007-drop-redundant-report-index';
import { migration006 } from './006-report-anchor-indexes';
import { migration008 } from './008-booking-truth';
import { migration009 } from './009-audit-keyed-chain';
import { migration010 } from './010-org-outbox';
import { migration013 } from './013-org-import';
import { migration014 } from './014-lean-audit-indexes';
import { migration015 } from './015-users-seen';
import { migration016 } from './016-org-causal-order';

/** Every migration, in order. Add a file and a line here; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007, migration008, migration009, migration010, migration012, migration013, migration014, migration015, migration016];

export type { Migration } from './types';
