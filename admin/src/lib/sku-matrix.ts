/**
 * The SKU editor's rule: every combination of the spec values appears exactly once (the server
 * refuses anything else). Editing the specs keeps the price and stock of combinations that remain.
 */
import type { SkuInput, SpecDimension } from '@contract/goods-schemas'
import { SPEC_RULES } from '@contract/goods-rules'

export function combinations(specs: readonly SpecDimension[]): string[][] {
  return specs.reduce<string[][]>((rows, dim) => rows.flatMap((row) => dim.values.map((v) => [...row, v])), [[]])
}

export function rebuildSkus(specs: readonly SpecDimension[], previous: readonly SkuInput[]): SkuInput[] {
  const byKey = new Map(previous.map((s) => [s.specValues.join('\u0000'), s]))
  return combinations(specs).map((values) => byKey.get(values.join('\u0000')) ?? { specValues: values, priceFen: previous[0]?.priceFen ?? 0, stock: 0 })
}

/** Problems the server would also refuse, said before sending. */
export function specProblems(specs: readonly SpecDimension[]): string[] {
  const problems: string[] = []
  if (specs.length > SPEC_RULES.maxDimensions) problems.push(`最多 ${SPEC_RULES.maxDimensions} 个规格`)
  const names = new Set<string>()
  for (const dim of specs) {
    if (dim.name.trim() === '') problems.push('规格名不能为空')
    if (names.has(dim.name)) problems.push(`规格名重复：${dim.name}`)
    names.add(dim.name)
    if (dim.values.length === 0) problems.push(`「${dim.name}」至少要有一个值`)
    if (new Set(dim.values).size !== dim.values.length) problems.push(`「${dim.name}」有重复的值`)
  }
  if (combinations(specs).length > SPEC_RULES.maxSkus) problems.push(`SKU 最多 ${SPEC_RULES.maxSkus} 个`)
  return problems
}
