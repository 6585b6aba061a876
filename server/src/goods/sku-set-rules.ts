/**
 * What PUT /api/goods/:id/skus must satisfy beyond its JSON schema: spec names and values unique,
 * every SKU with one value per dimension from that dimension, every combination exactly once,
 * and kept SKU IDs belonging to this goods, each used once.
 */
import type { SkusPutRequest } from '../../../miniprogram/contract/goods-schemas'
import { SPEC_RULES } from '../../../miniprogram/contract/goods-rules'
import { badRequest, type ApiError } from '../errors'

const comboKey = (values: readonly string[]): string => JSON.stringify(values)

/** The first problem found, or null. `existingIds` are the goods' SKU IDs (retired ones too). */
export function skuSetProblem(request: SkusPutRequest, existingIds: ReadonlySet<string>): ApiError | null {
  const { specs, skus } = request
  const names = new Set<string>()
  for (const dim of specs) {
    if (names.has(dim.name)) return badRequest('specs', `spec "${dim.name}" appears twice`)
    names.add(dim.name)
    if (new Set(dim.values).size !== dim.values.length) return badRequest('specs', `spec "${dim.name}" lists a value twice`)
  }
  const combinations = specs.reduce((n, dim) => n * dim.values.length, 1)
  if (combinations > SPEC_RULES.maxSkus) return badRequest('specs', `${combinations} combinations is more than ${SPEC_RULES.maxSkus} SKUs`)

  const seen = new Set<string>()
  const ids = new Set<string>()
  for (const sku of skus) {
    if (sku.specValues.length !== specs.length) return badRequest('specValues', `every SKU needs ${specs.length} spec value(s), one per spec, got [${sku.specValues.join(', ')}]`)
    for (const [i, value] of sku.specValues.entries()) {
      const dim = specs[i]
      if (dim !== undefined && !dim.values.includes(value)) return badRequest('specValues', `"${value}" is not a value of spec "${dim.name}"`)
    }
    const key = comboKey(sku.specValues)
    if (seen.has(key)) return badRequest('specValues', `the combination [${sku.specValues.join(', ')}] appears twice`)
    seen.add(key)
    if (sku.id !== undefined) {
      if (!existingIds.has(sku.id)) return badRequest('id', `SKU ${sku.id} does not belong to this goods`)
      if (ids.has(sku.id)) return badRequest('id', `SKU ${sku.id} is used twice`)
      ids.add(sku.id)
    }
  }
  if (seen.size !== combinations) return badRequest('skus', `the specs make ${combinations} combination(s); ${combinations - seen.size} have no SKU`)
  return null
}
