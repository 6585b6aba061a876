/** What the order pages say when the server cannot give the order. */
import { ApiError } from '../../services/api'

export function orderErrorText(err: unknown, fallback: string): string {
  // Another user's order answers 404 as well: to this shopper it does not exist.
  if (err instanceof ApiError && err.status === 404) return '订单不存在'
  return err instanceof Error && err.message ? err.message : fallback
}
