/**
 * The document and audit-log half of the store port, the same in both dialects (Kysely): append-only revisions
 * of what salesops produces, and who did what when.
 * @module
 */
import type { Kysely } from 'kysely';
import { InputError } from '../domain/errors.js';
import type { StoreDatabase } from './schema.js';
import type {
  AuditEntry,
  DocumentKind,
  DocumentMeta,
  NewAuditEntry,
  NewDocument,
  StoredDocument,
} from './store.js';

type Db = Kysely<StoreDatabase>;

const META_COLUMNS = ['kind', 'key', 'revision', 'saved_at', 'saved_by', 'note'] as const;

interface MetaRow {
  kind: string;
  key: string;
  revision: number;
  saved_at: string;
  saved_by: string | null;
  note: string | null;
}

function toMeta(row: MetaRow): DocumentMeta {
  return {
    kind: row.kind as DocumentKind,
    key: row.key,
    revision: Number(row.revision),
    savedAt: row.saved_at,
    savedBy: row.saved_by,
    note: row.note,
  };
}

async function latestRevision(db: Db, kind: DocumentKind, key: string): Promise<number> {
  const row = await db
    .selectFrom('documents')
    .select((eb) => eb.fn.max('revision').as('revision'))
    .where('kind', '=', kind)
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.revision == null ? 0 : Number(row.revision);
}

export async function saveDocument<Body>(db: Db, document: NewDocument<Body>): Promise<DocumentMeta> {
  const body = JSON.stringify(document.body, (_, value: unknown) => {
    if (typeof value === 'bigint') throw new TypeError('a document body holds a bigint; store minor units');
    return value;
  });
  return db.transaction().execute(async (transaction) => {
    const latest = await latestRevision(transaction, document.kind, document.key);
    if (document.expectRevision !== undefined && document.expectRevision !== latest) {
      throw new InputError({
        message:
          latest === 0
            ? `there is no ${document.kind} "${document.key}" to revise`
            : document.expectRevision === 0
              ? `${document.kind} "${document.key}" already exists and cannot be replaced`
              : `${document.kind} "${document.key}" was changed meanwhile (revision ${latest}, expected ${document.expectRevision})`,
        location: { field: document.kind },
        fix:
          document.expectRevision === 0
            ? 'choose another name; saved documents are kept as they were saved'
            : 'run the command again on the latest revision',
      });
    }
    const row: MetaRow & { body: string } = {
      kind: document.kind,
      key: document.key,
      revision: latest + 1,
      saved_at: document.savedAt,
      saved_by: document.savedBy ?? null,
      note: document.note ?? null,
      body,
    };
    await transaction.insertInto('documents').values(row).execute();
    return toMeta(row);
  });
}

export async function readDocument<Body>(
  db: Db,
  kind: DocumentKind,
  key: string,
  revision?: number,
): Promise<StoredDocument<Body> | null> {
  let query = db
    .selectFrom('documents')
    .selectAll()
    .where('kind', '=', kind)
    .where('key', '=', key)
    .orderBy('revision', 'desc')
    .limit(1);
  if (revision !== undefined) query = query.where('revision', '=', revision);
  const row = await query.executeTakeFirst();
  if (row === undefined) return null;
  return { ...toMeta(row), body: JSON.parse(row.body) as Body };
}

export async function listDocuments(db: Db, kind: DocumentKind): Promise<DocumentMeta[]> {
  const rows = await db
    .selectFrom('documents as d')
    .select(META_COLUMNS.map((column) => `d.${column}` as const))
    .where('d.kind', '=', kind)
    .where((eb) =>
      eb(
        'd.revision',
        '=',
        eb
          .selectFrom('documents as latest')
          .select((inner) => inner.fn.max('latest.revision').as('revision'))
          .whereRef('latest.kind', '=', 'd.kind')
          .whereRef('latest.key', '=', 'd.key'),
      ),
    )
    .orderBy('d.key')
    .execute();
  return rows.map(toMeta);
}

export async function documentRevisions(db: Db, kind: DocumentKind, key: string): Promise<DocumentMeta[]> {
  const rows = await db
    .selectFrom('documents')
    .select(META_COLUMNS)
    .where('kind', '=', kind)
    .where('key', '=', key)
    .orderBy('revision')
    .execute();
  return rows.map(toMeta);
}

export async function appendAudit(db: Db, entry: NewAuditEntry): Promise<void> {
  await db.transaction().execute(async (transaction) => {
    const row = await transaction
      .selectFrom('audit_log')
      .select((eb) => eb.fn.max('sequence').as('sequence'))
      .executeTakeFirst();
    await transaction
      .insertInto('audit_log')
      .values({
        sequence: (row?.sequence == null ? 0 : Number(row.sequence)) + 1,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject: entry.subject,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      })
      .execute();
  });
}

export async function readAuditLog(db: Db, subject?: string): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('sequence');
  if (subject !== undefined) query = query.where('subject', '=', subject);
  const rows = await query.execute();
  return rows.map((row) => ({
    sequence: Number(row.sequence),
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    ...(row.detail === null ? {} : { detail: JSON.parse(row.detail) as unknown }),
  }));
}
