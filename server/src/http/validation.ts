/**
 * How every route checks its input, whatever its schema says or forgets to say:
 * - JSON bodies are never coerced: `"12"` is not a number, `null` is not a string.
 * - Query strings and path parameters are text, so they are coerced, but an integer must be
 *   written in plain decimal (`-?[0-9]+`): `0x10`, `1e3`, `1.0`, ` 1` and `Infinity` answer 400.
 * - Numbers are finite (Ajv's strictNumbers), and an integer without bounds of its own is held to
 *   the safe-integer range, so 9007199254740993 never reaches storage rounded.
 * - Strings are well-formed Unicode without U+0000: a lone surrogate answers 400 naming the field
 *   instead of being stored as something that reads back differently (or that PostgreSQL refuses),
 *   and a string without a `maxLength` of its own is held to {@link DEFAULT_MAX_STRING_LENGTH}.
 * The rules are applied here, once, so routes added later get them without knowing.
 */
import AjvCompiler from '@fastify/ajv-compiler'
import type { FastifyInstance, FastifySchema, FastifySchemaValidationError } from 'fastify'

/** Characters (UTF-16 units) a string may have when its schema sets no maxLength. */
export const DEFAULT_MAX_STRING_LENGTH = 10_000
/** Object and array nesting a request part may have (only schemas that allow extra fields reach it). */
export const MAX_NESTING = 32

type Schema = Record<string, unknown>

interface ValidationIssue extends FastifySchemaValidationError {
  instancePath: string
  message: string
}

type ValidatorFn = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null }

const typesOf = (schema: Schema): string[] => (Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : [])

/** A copy of the schema with safe-integer bounds and a string length limit wherever it sets none. */
export function withDefaultBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withDefaultBounds)
  if (schema === null || typeof schema !== 'object') return schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(schema as Schema)) {
    // `properties`, `patternProperties`, `$defs`… map names to schemas; `enum`/`const` hold data.
    if (key === 'enum' || key === 'const' || key === 'default' || key === 'examples') out[key] = value
    else if (value !== null && typeof value === 'object') out[key] = isSchemaMap(key) ? mapValues(value as Schema) : withDefaultBounds(value)
    else out[key] = value
  }
  const types = typesOf(out)
  if (types.includes('integer') || types.includes('number')) {
    out.maximum ??= Number.MAX_SAFE_INTEGER
    out.minimum ??= -Number.MAX_SAFE_INTEGER
  }
  if (types.includes('string')) out.maxLength ??= DEFAULT_MAX_STRING_LENGTH
  return out
}

const isSchemaMap = (key: string): boolean => key === 'properties' || key === 'patternProperties' || key === '$defs' || key === 'definitions'
const mapValues = (map: Schema): Schema => Object.fromEntries(Object.entries(map).map(([k, v]) => [k, withDefaultBounds(v)]))

/** With the `u` flag a surrogate pair is one code point, so only a lone surrogate matches. */
const LONE_SURROGATE = /\p{Cs}/u

const pointer = (path: string, key: string | number): string => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`

const issue = (instancePath: string, message: string): ValidationIssue => ({ keyword: 'text', instancePath, schemaPath: '', params: {}, message })

/** The first string (or key) that is not well-formed Unicode or holds U+0000, or a part nested too deeply. */
export function malformedText(data: unknown): ValidationIssue | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: data, path: '', depth: 0 }]
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number }
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return issue(path, 'must be well-formed Unicode (it holds a lone surrogate)')
      if (value.includes('\u0000')) return issue(path, 'must not contain U+0000')
      continue
    }
    if (value === null || typeof value !== 'object') continue
    if (depth >= MAX_NESTING) return issue(path, `must not be nested more than ${MAX_NESTING} levels deep`)
    for (const [key, child] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key) || key.includes('\u0000')) return issue(path, 'has a field name that is not well-formed Unicode')
      stack.push({ value: child, path: pointer(path, key), depth: depth + 1 })
    }
  }
  return null
}

const DECIMAL_INTEGER = /^-?\d{1,16}$/
const DECIMAL_NUMBER = /^-?\d{1,16}(\.\d{1,16})?$/

/** Query and path values are text: an integer or number must be written as one, in decimal. */
function numberNotation(schema: Schema, data: unknown): ValidationIssue | null {
  if (data === null || typeof data !== 'object') return null
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  for (const [name, raw] of Object.entries(data as Record<string, unknown>)) {
    const property = properties[name]
    if (property === undefined) continue
    const types = typesOf(property)
    const values = Array.isArray(raw) ? raw : [raw]
    for (const value of values) {
      if (typeof value !== 'string') continue
      if (types.includes('integer') && !types.includes('string') && !DECIMAL_INTEGER.test(value)) {
        return issue(pointer('', name), 'must be an integer written in decimal digits')
      }
      if (types.includes('number') && !types.includes('string') && !DECIMAL_NUMBER.test(value)) {
        return issue(pointer('', name), 'must be a number written in decimal digits')
      }
    }
  }
  return null
}

const common = { removeAdditional: false, allErrors: false, strictNumbers: true, useDefaults: true, allowUnionTypes: true } as const

/** What a route part's validator is compiled from, as Fastify hands it over. */
export interface RequestPartSchema {
  schema: unknown
  httpPart?: string
  method: string
  url: string
}

/**
 * A compiler of request-part validators with every rule above: the one the server installs, and
 * the one a test fake checks its requests with, so no rule is written twice.
 */
export function requestValidatorCompiler(): (part: RequestPartSchema) => ValidatorFn {
  const factory = AjvCompiler()
  const bodyCompiler = factory({}, { customOptions: { ...common, coerceTypes: false } })
  const textCompiler = factory({}, { customOptions: { ...common, coerceTypes: 'array' } })

  return ({ schema, httpPart, method, url }) => {
    const bounded = withDefaultBounds(schema) as Schema
    const fromText = httpPart === 'querystring' || httpPart === 'params' || httpPart === 'headers'
    const compile = fromText ? textCompiler : bodyCompiler
    const ajvValidate = compile({ schema: bounded as FastifySchema, method, url, httpPart }) as ValidatorFn
    const validate: ValidatorFn = (data: unknown): boolean => {
      const notation = fromText ? numberNotation(bounded, data) : null
      if (notation !== null) {
        validate.errors = [notation]
        return false
      }
      if (!ajvValidate(data)) {
        validate.errors = ajvValidate.errors ?? []
        return false
      }
      const text = malformedText(data)
      validate.errors = text === null ? null : [text]
      return text === null
    }
    return validate
  }
}

export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(requestValidatorCompiler())
}
