/**
 * What a console role may do on the routes that need the admin role. Operators run the shop day
 * to day (goods, rooms, the live monitor, orders and shipping); only admins also manage users and
 * decide refunds. Keyed by the route's pattern, as Fastify registered it.
 */
import type { StaffRole } from '../db/schema'

const ADMIN_ONLY_ROUTES: readonly RegExp[] = [/^\/api\/admin\/users(\/|$)/, /^\/api\/refunds\/:id\/(approve|reject)$/]

export function staffMayCall(role: StaffRole, routeUrl: string | undefined): boolean {
  if (role === 'admin') return true
  if (routeUrl === undefined) return false
  return !ADMIN_ONLY_ROUTES.some((pattern) => pattern.test(routeUrl))
}
