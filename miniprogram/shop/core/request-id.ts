/**
 * The requestId POST /api/orders de-duplicates on: made once per submission and sent again with
 * every retry of it, so a submit whose answer was lost never makes a second order.
 */
export function newRequestId(now: number = Date.now(), random: () => number = Math.random): string {
  const noise = Array.from({ length: 3 }, () => Math.floor(random() * 0x100000000).toString(36)).join('')
  return `o${now.toString(36)}-${noise}`.slice(0, 64)
}
