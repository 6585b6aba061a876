/**
 * Demo data for `npm start`: an anchor, an admin, goods with SKUs and a scheduled room. Only run
 * when asked (SEED_DEMO=1 or scripts/start.ts); idempotent, so restarts do not duplicate it.
 * One goods has two spec dimensions (颜色 × 尺码) with different prices and a sold-out SKU, so a
 * newcomer can try the spec picker and buy through the pay simulator.
 */
import type { Kysely } from 'kysely'
import type { UsersRepo } from '../auth/users-repo'
import type { GoodsRepo } from '../goods/goods-repo'
import { replaceSkuSet } from '../goods/sku-set-repo'
import type { RoomsRepo } from '../rooms/rooms-repo'
import type { StaffRepo } from '../staff/staff-repo'
import type { Database } from '../db/schema'

export const DEMO_ANCHOR_OPENID = 'demo-anchor'
export const DEMO_ADMIN_OPENID = 'demo-admin'
export const DEMO_ROOM_ID = 'room_demo'
/** Console accounts of the demo (printed by npm start); a local demo only, never SEED_DEMO in production. */
export const DEMO_STAFF = [
  { name: 'demo-admin', role: 'admin' },
  { name: 'demo-operator', role: 'operator' },
] as const
export const DEMO_STAFF_PASSWORD = 'demo-console-2026'

/** Creates the demo console accounts that are missing; an existing account keeps its password. */
export async function seedDemoStaff(staff: StaffRepo, nowSeconds: number): Promise<void> {
  for (const account of DEMO_STAFF) {
    if ((await staff.credentials(account.name)) === undefined) await staff.upsert(account.name, account.role, DEMO_STAFF_PASSWORD, nowSeconds)
  }
}

export async function seedDemoData(repos: { users: UsersRepo; goods: GoodsRepo; rooms: RoomsRepo; database: { db: Kysely<Database> } }, nowSeconds: number): Promise<boolean> {
  if ((await repos.rooms.find(DEMO_ROOM_ID)) !== undefined) return false
  const anchor = await repos.users.setRole(DEMO_ANCHOR_OPENID, 'anchor')
  await repos.users.setRole(DEMO_ADMIN_OPENID, 'admin')
  const tee = await repos.goods.create({ title: '咖啡主题 T 恤', images: ['https://example.com/img/tee.jpg'], priceFen: 7900, stock: 0, status: 'on_sale' }, nowSeconds)
  await replaceSkuSet(
    repos.database.db,
    tee.id,
    {
      specs: [
        { name: '颜色', values: ['白色', '黑色'] },
        { name: '尺码', values: ['M', 'L'] },
      ],
      skus: [
        { specValues: ['白色', 'M'], priceFen: 7900, stock: 30 },
        { specValues: ['白色', 'L'], priceFen: 8900, stock: 20, limitPerOrder: 2 },
        { specValues: ['黑色', 'M'], priceFen: 7900, stock: 0 },
        { specValues: ['黑色', 'L'], priceFen: 8900, stock: 12, image: 'https://example.com/img/tee-black.jpg' },
      ],
    },
    nowSeconds,
  )
  const goods = [
    await repos.goods.create({ title: '手冲咖啡豆 250g', images: ['https://example.com/img/coffee.jpg'], priceFen: 6800, stock: 120, status: 'on_sale' }, nowSeconds),
    await repos.goods.create({ title: '陶瓷滤杯', images: ['https://example.com/img/dripper.jpg'], priceFen: 12900, stock: 40, status: 'on_sale' }, nowSeconds),
    tee,
    await repos.goods.create({ title: '保温随行杯', images: ['https://example.com/img/tumbler.jpg'], priceFen: 9900, stock: 0, status: 'off_sale' }, nowSeconds),
  ]
  await repos.rooms.create(
    {
      title: '周末咖啡直播',
      cover: 'https://example.com/img/cover.jpg',
      anchorUserId: anchor.id,
      scheduledStart: nowSeconds + 3600,
      scheduledEnd: nowSeconds + 3 * 3600,
      status: 'scheduled',
      shelf: goods.map((g) => g.id),
    },
    nowSeconds,
    DEMO_ROOM_ID,
  )
  return true
}
