// The statements of one tenant's data: kept together so the table layout is read in one place.

/** Locks the tenant's row (creating it) and answers where it stands. */
export const LOCK_TENANT = `INSERT INTO sandbox_tenants (key) VALUES ($1)
  ON CONFLICT (key) DO UPDATE SET key = EXCLUDED.key
  RETURNING epoch, version`

/**
 * What changed since a version, in one snapshot: the tenant's row and its changed records (all of
 * them when its epoch is no longer the one asked about: it was reset).
 */
export const LOAD_CHANGES = `SELECT t.epoch, t.version, t.counters, c.collection, c.id, c.record
  FROM (SELECT $1::text AS key) k
  LEFT JOIN sandbox_tenants t ON t.key = k.key
  LEFT JOIN sandbox_changes c ON c.key = k.key AND c.version > CASE WHEN t.epoch = $2 THEN $3 ELSE -1 END`

/** Writes a batch's changes (a null record is a deletion) and moves the tenant to its new version. */
export const WRITE_CHANGES = `WITH moved AS (
    UPDATE sandbox_tenants SET version = $2, counters = counters || $6::jsonb WHERE key = $1
  )
  INSERT INTO sandbox_changes (key, collection, id, version, record)
  SELECT $1, u.collection, u.id, $2, u.record FROM unnest($3::text[], $4::text[], $5::jsonb[]) AS u(collection, id, record)
  ON CONFLICT (key, collection, id) DO UPDATE SET version = EXCLUDED.version, record = EXCLUDED.record`

export const DELETE_CHANGES = 'DELETE FROM sandbox_changes WHERE key = $1'

/** A reset: a new epoch tells every replica to read the tenant afresh. */
export const NEW_EPOCH = `UPDATE sandbox_tenants SET epoch = epoch + 1, version = version + 1, counters = '{}'::jsonb
  WHERE key = $1 RETURNING epoch, version`

/** Where some tenants stand, for the check before each read. */
export const PROBE = 'SELECT key, epoch, version FROM sandbox_tenants WHERE key = ANY($1::text[])'

