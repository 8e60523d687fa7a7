/**
 * The few DDL words that differ between the engines. Queries never branch on the engine; only
 * column types in migrations do, and only here.
 */
import type { ColumnDataType, CreateTableBuilder } from 'kysely';
import type { Engine } from '../db.js';

/** Adds an auto-incrementing integer primary key `id`. */
export function withAutoId<T extends string>(
  table: CreateTableBuilder<T, never>,
  engine: Engine,
  big = false,
): CreateTableBuilder<T, 'id'> {
  return engine === 'postgres'
    ? table.addColumn('id', big ? 'bigserial' : 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export function doubleType(engine: Engine): ColumnDataType {
  return engine === 'postgres' ? 'double precision' : 'real';
}
