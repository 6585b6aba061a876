/**
 * `npm run server`: validate the environment, migrate, optionally seed demo data, listen.
 */
import { buildApp } from './app'
import { ConfigError, loadConfig, type Config } from './config'
import { openDatabase, type DatabaseHandle } from './db/database'
import { migrateToLatest } from './db/migrations'
import { seedDemoData, seedDemoStaff } from './demo/seed-demo'
import { MemoryStore } from './shared-store/memory-store'
import { RedisStore } from './shared-store/redis-store'
import type { SharedStore } from './shared-store/shared-store'

export interface StartOptions {
  seedDemo?: boolean
}

export interface RunningServer {
  url: string
  config: Config
  close(): Promise<void>
}

export async function startServer(env: NodeJS.ProcessEnv, options: StartOptions = {}): Promise<RunningServer> {
  const config = loadConfig(env)
  const database: DatabaseHandle = openDatabase(config.databaseUrl)
  await migrateToLatest(database.db)
  const store: SharedStore = config.redisUrl === null ? new MemoryStore() : new RedisStore(config.redisUrl)
  const { app, handles } = await buildApp({ config, database, store })
  if (options.seedDemo === true || env.SEED_DEMO === '1') {
    const seeded = await seedDemoData(handles, Math.floor(Date.now() / 1000))
    await seedDemoStaff(handles.staff, Math.floor(Date.now() / 1000))
    app.log.info({ seeded }, seeded ? 'demo data seeded' : 'demo data already present')
  }
  const url = await app.listen({ port: config.port, host: config.host })
  const close = async (): Promise<void> => {
    await app.close()
    await store.close()
    await database.close()
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void close().then(() => process.exit(0))
    })
  }
  return { url, config, close }
}

if (require.main === module) {
  startServer(process.env).catch((err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message)
    else console.error('server failed to start:', err)
    process.exit(1)
  })
}
