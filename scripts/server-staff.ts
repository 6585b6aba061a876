/**
 * npm run server:staff -- create <name> <admin|operator>
 * Creates a console account in the database named by DATABASE_URL (or sets a new password and
 * role when the name exists, which signs its sessions out). The password is never an argument,
 * so it stays out of shell history and `ps`: it is read from STAFF_PASSWORD when set (for
 * provisioning scripts), otherwise asked twice on the terminal without echo.
 */
import readline from 'node:readline'
import { Writable } from 'node:stream'
import { DEFAULT_DATABASE_URL } from '../server/src/config'
import { openDatabase } from '../server/src/db/database'
import { migrateToLatest } from '../server/src/db/migrations'
import type { StaffRole } from '../server/src/db/schema'
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../server/src/staff/password'
import { STAFF_NAME_PATTERN, STAFF_ROLES, StaffRepo } from '../server/src/staff/staff-repo'

function ask(question: string): Promise<string> {
  let muted = false
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stdout.write(chunk)
      callback()
    },
  })
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true })
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close()
      process.stdout.write('\n')
      resolve(answer)
    })
    muted = true
  })
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.STAFF_PASSWORD
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  if (!process.stdin.isTTY) throw new Error('no terminal to ask for the password: set STAFF_PASSWORD in the environment')
  const first = await ask('Password: ')
  const second = await ask('Repeat password: ')
  if (first !== second) throw new Error('the two passwords differ')
  return first
}

async function main(): Promise<void> {
  const [command, name, role] = process.argv.slice(2)
  if (command !== 'create' || name === undefined || role === undefined || !(STAFF_ROLES as readonly string[]).includes(role)) {
    console.error(`usage: npm run server:staff -- create <name> <${STAFF_ROLES.join('|')}>   (password from STAFF_PASSWORD or a prompt)`)
    process.exit(2)
  }
  if (!new RegExp(STAFF_NAME_PATTERN).test(name)) throw new Error(`the name must match ${STAFF_NAME_PATTERN}`)
  const password = await readPassword()
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) throw new Error(`the password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`)
  const database = openDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL)
  try {
    await migrateToLatest(database.db)
    const { staff, created } = await new StaffRepo(database.db).upsert(name, role as StaffRole, password, Math.floor(Date.now() / 1000))
    console.log(`${created ? 'created' : 'updated'} console account ${staff.name} (${staff.role}, ${staff.id})`)
  } finally {
    await database.close()
  }
}

main().catch((err: unknown) => {
  console.error('server:staff failed:', err instanceof Error ? err.message : err)
  process.exit(1)
})
