/**
 * Form errors by field: from the contract's TypeBox schema before sending, and from the server's
 * `{field, message}` after. Whatever names no field of the form is shown above it.
 */
import { reactive } from 'vue'
import { TypeRegistry, type TSchema } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { ApiError } from '../api/client'

// The contract's string enums are Type.Unsafe({type: 'string', enum}) (one JSON schema the server's
// Ajv reads as is); TypeBox's own checker needs to be told what such a schema accepts.
if (!TypeRegistry.Has('Unsafe')) {
  TypeRegistry.Set('Unsafe', (schema: { enum?: unknown[]; type?: string }, value) => (schema.enum === undefined ? schema.type !== 'string' || typeof value === 'string' : schema.enum.includes(value)))
}

export interface FieldErrors {
  fields: Record<string, string>
  general: string
}

/** The first error per top-level field of `value` against `schema` (in Chinese where we know the rule). */
export function schemaErrors(schema: TSchema, value: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of Value.Errors(schema, value)) {
    const field = e.path.split('/').filter(Boolean)[0] ?? '_'
    out[field] ??= describe(e.schema as Record<string, unknown>, e.message)
  }
  return out
}

function describe(rule: Record<string, unknown>, fallback: string): string {
  if (typeof rule.minLength === 'number' && rule.minLength > 0 && typeof rule.maxLength === 'number') return `请填写 ${rule.minLength}–${rule.maxLength} 个字符`
  if (typeof rule.maxLength === 'number') return `最多 ${rule.maxLength} 个字符`
  if (typeof rule.maxItems === 'number') return `最多 ${rule.maxItems} 项`
  if (typeof rule.minimum === 'number' && typeof rule.maximum === 'number') return `须为 ${rule.minimum}–${rule.maximum} 之间的整数`
  if (typeof rule.pattern === 'string') return `格式不正确 (${fallback})`
  if (Array.isArray(rule.enum)) return `须为以下之一：${rule.enum.join(', ')}`
  return fallback
}

export function useFieldErrors(): FieldErrors & { clear(): void; check(schema: TSchema, value: unknown): boolean; fromError(err: unknown, known: readonly string[]): void } {
  const state = reactive<FieldErrors>({ fields: {}, general: '' })
  return Object.assign(state, {
    clear() {
      state.fields = {}
      state.general = ''
    },
    check(schema: TSchema, value: unknown): boolean {
      state.fields = schemaErrors(schema, value)
      state.general = ''
      return Object.keys(state.fields).length === 0
    },
    fromError(err: unknown, known: readonly string[]) {
      const message = err instanceof Error ? err.message : String(err)
      if (err instanceof ApiError && err.field !== undefined && known.includes(err.field)) state.fields = { ...state.fields, [err.field]: message }
      else state.general = message
    },
  })
}
