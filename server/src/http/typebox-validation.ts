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

export const contractValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = TypeCompiler.Compile(schema)
  return (input: unknown) => {
    let value = input
    if (httpPart !== 'body') value = Value.Convert(schema, Value.Default(schema, Value.Clone(input)))
    if (check.Check(value)) return { value }
    const first = check.Errors(value).First()
    const path = first?.path ?? ''
    const error = Object.assign(new Error(first === undefined ? 'invalid' : messageOf(first.schema, first.message)), {
      validation: [{ instancePath: path, message: first === undefined ? 'invalid' : messageOf(first.schema, first.message), params: {} }],
    })
    return { error }
  }
}
