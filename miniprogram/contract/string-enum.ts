import { Type, type TUnsafe } from '@sinclair/typebox'

/** `{type: 'string', enum: [...]}` typed as the union of its values (one schema, not a union of literals). */
export function stringEnum<T extends string>(values: readonly T[]): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values] })
}
