/** Spec and SKU limits both the console's forms and the server apply. No imports: the mini-program loads this at run time. */
export const SPEC_RULES = {
  /** 0–2 dimensions, e.g. 颜色 × 尺码. */
  maxDimensions: 2,
  maxValuesPerDimension: 20,
  nameMaxLength: 10,
  valueMaxLength: 20,
  maxSkus: 100,
} as const

/** How a SKU's spec values read on a card or an order line: 红色 / M. Empty for the default SKU. */
export function specText(specValues: readonly string[]): string {
  return specValues.join(' / ')
}
