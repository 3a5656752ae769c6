export interface OrgMigration {
  /** Strictly increasing; recorded in org_schema_migrations once applied. */
  version: number;
  name: string;
  /** SQL run inside one transaction. */
  up: string;
}
