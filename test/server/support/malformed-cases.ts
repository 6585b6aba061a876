/**
 * Malformed requests generated from an OpenAPI document: for every parameter and every body field
 * of an operation, values of the wrong JSON type, extreme or oddly written numbers, lone UTF-16
 * surrogates, over-long strings and deep objects, each sent with everything else left plausible.
 */

export interface JsonSchema {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  /** OpenAPI 3.0's way of saying `null` is accepted too. */
  nullable?: boolean
  minItems?: number
}

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header' | 'cookie'
  required?: boolean
  schema?: JsonSchema
}

interface OperationObject {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> }
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>
}

export interface Operation {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  /** The OpenAPI path, `{name}` for path parameters. */
  path: string
  parameters: Parameter[]
  body: JsonSchema | null
}

export interface MalformedCase {
  label: string
  method: Operation['method']
  url: string
  /** Raw JSON text, so values JSON.stringify cannot write (1e400, lone surrogates) reach the server. */
  body?: string
  headers?: Record<string, string>
}

const METHODS = new Set(['get', 'post', 'patch', 'delete', 'put'])

export function operationsOf(doc: OpenApiDocument): Operation[] {
  const operations: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue
      const body = op.requestBody?.content?.['application/json']?.schema ?? null
      operations.push({ method: method.toUpperCase() as Operation['method'], path, parameters: op.parameters ?? [], body })
    }
  }
  return operations
}

const typesOf = (schema: JsonSchema | undefined): string[] => {
  if (schema === undefined) return []
  const nullable = schema.nullable === true ? ['null'] : []
  if (Array.isArray(schema.type)) return [...schema.type, ...nullable]
  if (typeof schema.type === 'string') return [schema.type, ...nullable]
  const alternatives = schema.anyOf ?? schema.oneOf ?? []
  return [...alternatives.flatMap(typesOf), ...nullable]
}

/** Strings tried, in order, for a string field with a pattern (IDs, URLs, phone numbers, session keys). */
const STRING_CANDIDATES = ['abc', 'abcd1234', 'https://example.com/a.png', '12345']

function plausibleString(schema: JsonSchema): string {
  const padded = 'a'.repeat(Math.max(1, schema.minLength ?? 1))
  let pattern: RegExp | null = null
  try {
    pattern = schema.pattern === undefined ? null : new RegExp(schema.pattern, 'u')
  } catch {
    return padded
  }
  const fits = (v: string): boolean => v.length >= (schema.minLength ?? 0) && v.length <= (schema.maxLength ?? Infinity) && (pattern === null || pattern.test(v))
  return [padded, ...STRING_CANDIDATES].find(fits) ?? padded
}

/** A value the schema accepts, as far as it can tell (the base every other field keeps). */
export function plausible(schema: JsonSchema | undefined): unknown {
  if (schema === undefined) return 'x'
  if (schema.enum !== undefined && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0]
  const type = typesOf(schema).find((t) => t !== 'null') ?? 'string'
  switch (type) {
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(1, schema.maximum ?? 1))
    case 'boolean':
      return true
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => plausible(schema.items))
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const name of schema.required ?? []) out[name] = plausible(schema.properties?.[name])
      return out
    }
    default:
      return plausibleString(schema)
  }
}

/** Raw JSON literals, wrong or extreme for any field. */
const JSON_VALUES: Array<[string, string]> = [
  ['null', 'null'],
  ['an array', '[1,2]'],
  ['an object', '{"a":1}'],
  ['a boolean', 'true'],
  ['a string', '"x"'],
  ['an empty string', '""'],
  ['1e400', '1e400'],
  ['-1e400', '-1e400'],
  ['2^53+1', '9007199254740993'],
  ['-0', '-0'],
  ['a fraction', '1.5'],
  ['a negative number', '-1'],
  ['"0x10"', '"0x10"'],
  ['"1e3"', '"1e3"'],
  ['"1e400"', '"1e400"'],
  ['a lone high surrogate', '"\\ud800"'],
  ['a lone low surrogate', '"a\\udc00b"'],
  ['a NUL character', '"a\\u0000b"'],
  ['an over-long string', JSON.stringify('長'.repeat(20_000))],
  ['a deep object', `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`],
  ['a deep array', `${'['.repeat(5000)}${']'.repeat(5000)}`],
  ['a long array', `[${Array.from({ length: 5000 }, () => '"x"').join(',')}]`],
]

/** Raw query-string values, already URL-encoded where needed. */
const QUERY_VALUES: Array<[string, string]> = [
  ['empty', ''],
  ['1e400', '1e400'],
  ['-1e400', '-1e400'],
  ['2^53+1', '9007199254740993'],
  ['-0', '-0'],
  ['0x10', '0x10'],
  ['1e3', '1e3'],
  ['1.5', '1.5'],
  ['Infinity', 'Infinity'],
  ['NaN', 'NaN'],
  ['a space', '%20'],
  ['null', 'null'],
  ['true', 'true'],
  ['a word', 'abc'],
  ['a lone surrogate as UTF-8 bytes', '%ED%A0%80'],
  ['invalid UTF-8', '%FF%FE'],
  ['a broken escape', '%E0%A4%A'],
  ['a NUL byte', 'a%00b'],
  ['an over-long value', 'x'.repeat(5000)],
]

const encodePath = (value: string): string => value.replace(/[^A-Za-z0-9_.~%-]/g, (ch) => encodeURIComponent(ch))

function urlOf(operation: Operation, pathValue: (name: string) => string, pathOverride?: [string, string], query = ''): string {
  const path = operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => (pathOverride?.[0] === name ? pathOverride[1] : encodePath(pathValue(name))))
  return query ? `${path}?${query}` : path
}

/** The base body with one field (a path of property names) replaced by a raw JSON literal. */
function bodyWith(schema: JsonSchema, path: string[], literal: string): string {
  const marker = '\u0000__malformed__\u0000'
  const base = plausible(schema) as Record<string, unknown>
  let target: Record<string, unknown> = base
  let at: JsonSchema | undefined = schema
  for (const name of path.slice(0, -1)) {
    at = at?.properties?.[name]
    // An optional object gets its own required fields, so only the replaced field is wrong.
    const next = (target[name] ?? plausible(at)) as Record<string, unknown>
    target[name] = next
    target = next
  }
  target[path[path.length - 1] ?? ''] = marker
  return JSON.stringify(base).replace(JSON.stringify(marker), literal)
}

/** Property paths of a body schema, nested objects and array items included (two levels). */
function fieldPaths(schema: JsonSchema, prefix: string[] = [], depth = 0): string[][] {
  const out: string[][] = []
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    out.push([...prefix, name])
    if (depth < 2 && typesOf(sub).includes('object')) out.push(...fieldPaths(sub, [...prefix, name], depth + 1))
  }
  return out
}

export function malformedCases(operation: Operation, pathValue: (name: string) => string): MalformedCase[] {
  const cases: MalformedCase[] = []
  const { method } = operation
  const baseBody = operation.body === null ? undefined : JSON.stringify(plausible(operation.body))
  const requiredQuery = operation.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(plausible(p.schema)))}`)

  for (const param of operation.parameters) {
    if (param.in === 'path') {
      for (const [label, raw] of QUERY_VALUES) {
        if (raw === '') continue
        cases.push({ label: `path ${param.name} = ${label}`, method, url: urlOf(operation, pathValue, [param.name, raw]), body: baseBody })
      }
    } else if (param.in === 'query') {
      const others = requiredQuery.filter((q) => !q.startsWith(`${encodeURIComponent(param.name)}=`))
      const name = encodeURIComponent(param.name)
      const variants: Array<[string, string]> = [
        ...QUERY_VALUES.map(([label, raw]): [string, string] => [label, `${name}=${raw}`]),
        ['repeated', `${name}=1&${name}=2`],
        ['bracketed', `${name}[a]=1`],
        ['without a value', name],
      ]
      for (const [label, query] of variants) {
        cases.push({ label: `query ${param.name} = ${label}`, method, url: urlOf(operation, pathValue, undefined, [...others, query].join('&')), body: baseBody })
      }
    } else if (param.in === 'header') {
      for (const value of ['', 'x'.repeat(4000), '\u00ff\u00fe']) {
        cases.push({ label: `header ${param.name} (${value.length} chars)`, method, url: urlOf(operation, pathValue, undefined, requiredQuery.join('&')), body: baseBody, headers: { [param.name]: value } })
      }
    }
  }

  const url = urlOf(operation, pathValue, undefined, requiredQuery.join('&'))
  if (operation.body !== null) {
    for (const [label, literal] of JSON_VALUES) cases.push({ label: `body = ${label}`, method, url, body: literal })
    cases.push({ label: 'body = malformed JSON', method, url, body: '{"a":' })
    cases.push({ label: 'body = JSON with a lone surrogate key', method, url, body: '{"\\ud800":1}' })
    cases.push({ label: 'body = __proto__', method, url, body: '{"__proto__":{"x":1}}' })
    for (const field of fieldPaths(operation.body)) {
      for (const [label, literal] of JSON_VALUES) {
        cases.push({ label: `body ${field.join('.')} = ${label}`, method, url, body: bodyWith(operation.body, field, literal) })
      }
    }
  } else if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
    cases.push({ label: 'unexpected body', method, url, body: '{"a":1}' })
  }
  // Headers a client may forge on any route.
  cases.push({ label: 'forged bearer', method, url, body: baseBody, headers: { authorization: `Bearer ${'x'.repeat(3000)}` } })
  cases.push({ label: 'bearer with a dot', method, url, body: baseBody, headers: { authorization: 'Bearer a.b.c' } })
  cases.push({ label: 'forged X-Forwarded-For', method, url, body: baseBody, headers: { 'x-forwarded-for': 'not-an-ip, 999.1.1.1, ::ffff:zz' } })
  return cases
}

/** One JSON literal of each JSON type, for fields of another type. */
const TYPED_LITERALS: Array<{ type: string; label: string; literal: string }> = [
  { type: 'string', label: 'a string of digits', literal: '"1"' },
  { type: 'integer', label: 'an integer', literal: '1' },
  { type: 'number', label: 'a fraction', literal: '1.5' },
  { type: 'boolean', label: 'a boolean', literal: 'true' },
  { type: 'null', label: 'null', literal: 'null' },
  { type: 'array', label: 'an array', literal: '[1]' },
  { type: 'object', label: 'an object', literal: '{"a":1}' },
]

const acceptsType = (types: string[], type: string): boolean => types.includes(type) || (type === 'integer' && types.includes('number'))

export interface WrongTypeCase extends MalformedCase {
  /** The property path, dotted (`skus.priceFen`). */
  path: string
  /** The field a 400 must name: the innermost property. */
  field: string
}

/**
 * For every body field whose schema names its JSON types, every JSON type it does not accept,
 * with the rest of the body plausible: a strict server answers each 400 naming that field.
 */
export function wrongTypeCases(operation: Operation, pathValue: (name: string) => string): WrongTypeCase[] {
  if (operation.body === null) return []
  const { method } = operation
  const requiredQuery = operation.parameters
    .filter((p) => p.in === 'query' && p.required)
    .map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(plausible(p.schema)))}`)
  const url = urlOf(operation, pathValue, undefined, requiredQuery.join('&'))
  const cases: WrongTypeCase[] = []
  for (const fieldPath of fieldPaths(operation.body)) {
    let at: JsonSchema | undefined = operation.body
    for (const name of fieldPath) at = at?.properties?.[name]
    const types = typesOf(at)
    if (types.length === 0) continue
    for (const { type, label, literal } of TYPED_LITERALS) {
      if (acceptsType(types, type)) continue
      const dotted = fieldPath.join('.')
      cases.push({ label: `body ${dotted} = ${label}`, method, url, body: bodyWith(operation.body, fieldPath, literal), path: dotted, field: fieldPath[fieldPath.length - 1] ?? '' })
    }
  }
  return cases
}
