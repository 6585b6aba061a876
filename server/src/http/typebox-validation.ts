/**
 * Request validation for the routes whose schemas come from miniprogram/contract (TypeBox).
 * JSON bodies are checked as sent, never coerced ("1" is not 1, 0 is not null); query strings and
 * params are converted (they are text) and get their schema defaults. Errors carry the path of
 * the offending value, which the error handler turns into `field`.
 */
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { TypeRegistry } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { FastifySchemaCompiler } from 'fastify'

interface EnumSchema {
  type?: string
  enum?: readonly unknown[]
}

// stringEnum() in the contract is Type.Unsafe({type: 'string', enum}); teach the compiler to check it.
if (!TypeRegistry.Has('Unsafe')) {
  TypeRegistry.Set<EnumSchema>('Unsafe', (schema, value) => {
    if (schema.type === 'string' && typeof value !== 'string') return false
    return schema.enum === undefined || schema.enum.includes(value)
  })
}

function messageOf(schema: TSchema, fallback: string): string {
  const e = schema as EnumSchema
  return e.enum !== undefined ? `must be one of ${e.enum.join(', ')}` : fallback
}

const LONE_SURROGATE = /\p{Cs}/u

/** The JSON-pointer path of the first string holding a lone surrogate (malformed Unicode), or null. */
function malformedTextPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? path : null
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = malformedTextPath(item, `${path}/${i}`)
      if (found !== null) return found
    }
    return null
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = malformedTextPath(item, `${path}/${key}`)
      if (found !== null) return found
    }
  }
  return null
}

const validationError = (path: string, message: string): Error => Object.assign(new Error(message), { validation: [{ instancePath: path, message, params: {} }] })

export const contractValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema)
  return (input: unknown) => {
    let value = input
    if (httpPart !== 'body') value = Value.Convert(schema, Value.Default(schema, Value.Clone(input)))
    if (check.Check(value)) {
      // JSON.parse accepts "\ud800"; such text cannot be stored or shown faithfully.
      const malformed = malformedTextPath(value, '')
      return malformed === null ? { value } : { error: validationError(malformed, 'must be well-formed Unicode text') }
    }
    const first = check.Errors(value).First()
    return { error: validationError(first?.path ?? '', first === undefined ? 'invalid' : messageOf(first.schema, first.message)) }
  }
}
