/** A shopper's delivery addresses. Posting one already kept answers the kept one (unique fingerprint). */
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Address, AddressInput } from '../../../miniprogram/contract/order-schemas'
import { newId } from '../db/ids'
import type { AddressesTable, Database } from '../db/schema'

export const MAX_ADDRESSES_PER_USER = 20

export function toAddress(row: AddressesTable): Address {
  return {
    id: row.id,
    createdAt: Number(row.created_at),
    name: row.name,
    phone: row.phone,
    province: row.province,
    city: row.city,
    district: row.district,
    detail: row.detail,
    postalCode: row.postal_code,
  }
}

function fingerprint(input: AddressInput): string {
  const fields = [input.name, input.phone, input.province, input.city, input.district, input.detail, input.postalCode ?? '']
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

export type AddressAddResult = { kind: 'created' | 'existed'; address: Address } | { kind: 'full' }

export class AddressesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async list(userId: string): Promise<Address[]> {
    const rows = await this.db.selectFrom('addresses').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id').execute()
    return rows.map(toAddress)
  }

  async find(userId: string, id: string): Promise<Address | undefined> {
    const row = await this.db.selectFrom('addresses').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
    return row === undefined ? undefined : toAddress(row)
  }

  async add(userId: string, input: AddressInput, now: number): Promise<AddressAddResult> {
    const print = fingerprint(input)
    const kept = await this.byFingerprint(userId, print)
    if (kept !== undefined) return { kind: 'existed', address: kept }
    const count = await this.db.selectFrom('addresses').select((eb) => eb.fn.countAll<number | string>().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()
    if (Number(count.n) >= MAX_ADDRESSES_PER_USER) return { kind: 'full' }
    const row: AddressesTable = {
      id: newId('addr'),
      user_id: userId,
      fingerprint: print,
      name: input.name,
      phone: input.phone,
      province: input.province,
      city: input.city,
      district: input.district,
      detail: input.detail,
      postal_code: input.postalCode ?? '',
      created_at: now,
    }
    const result = await this.db.insertInto('addresses').values(row).onConflict((oc) => oc.columns(['user_id', 'fingerprint']).doNothing()).executeTakeFirst()
    if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return { kind: 'created', address: toAddress(row) }
    // A concurrent post of the same address won.
    const winner = await this.byFingerprint(userId, print)
    if (winner === undefined) throw new Error('address vanished after a conflicting insert')
    return { kind: 'existed', address: winner }
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('addresses').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  private async byFingerprint(userId: string, print: string): Promise<Address | undefined> {
    const row = await this.db.selectFrom('addresses').selectAll().where('user_id', '=', userId).where('fingerprint', '=', print).executeTakeFirst()
    return row === undefined ? undefined : toAddress(row)
  }
}
