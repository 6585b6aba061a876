/**
 * Prices travel as integer fen (server, API, store) and become yuan text only at the edge of the
 * screen, so that no floating-point sum ever decides what a shopper pays.
 */

/** 1990 → "19.90"; 2000 → "20.00". Negative or fractional fen is a bug upstream, so it throws. */
export function yuanText(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a price in fen: ${fen}`)
  const yuan = Math.floor(fen / 100)
  const cents = fen % 100
  return `${yuan}.${cents < 10 ? '0' : ''}${cents}`
}

/** "¥19.90", for labels and buttons. */
export function priceLabel(fen: number): string {
  return `¥${yuanText(fen)}`
}
