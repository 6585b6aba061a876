/**
 * Serves the built console (admin/dist) at /admin, same origin as the API, with index.html for
 * every client-side route. @fastify/static does the serving; where it cannot be loaded (jest on
 * Node 20 cannot load its ESM-only dependencies) a small handler serves the same files.
 * Without a build, /admin answers 503 saying how to make one.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { ApiError } from '../errors'

export const CONSOLE_PREFIX = '/admin'
export const DEFAULT_CONSOLE_DIR = path.resolve(__dirname, '../../../admin/dist')

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
}

export type ConsoleServer = 'fastify-static' | 'fallback' | 'not-built'

/** Security headers for the console's pages: nothing may frame it or load it from elsewhere. */
function pageHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('content-security-policy', "default-src 'self'; img-src 'self' https: http: data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
}

// The console's own types win over the plugin's mime table (which still says
// application/javascript), so both ways of serving answer the same bytes with the same type.
function assetHeaders(reply: FastifyReply, file: string): void {
  const type = CONTENT_TYPES[path.extname(file)]
  if (type !== undefined) reply.header('content-type', type)
  reply.header('x-content-type-options', 'nosniff')
}

export async function consoleStatic(app: FastifyInstance, options: { dir?: string; preferPlugin?: boolean } = {}): Promise<ConsoleServer> {
  const dir = options.dir ?? DEFAULT_CONSOLE_DIR
  const index = path.join(dir, 'index.html')
  if (!fs.existsSync(index)) {
    app.get(`${CONSOLE_PREFIX}`, { schema: { hide: true } }, async () => {
      throw new ApiError(503, 'console_not_built', 'the console is not built: run npm run build (or npm start)')
    })
    app.get(`${CONSOLE_PREFIX}/*`, { schema: { hide: true } }, async () => {
      throw new ApiError(503, 'console_not_built', 'the console is not built: run npm run build (or npm start)')
    })
    return 'not-built'
  }
  const sendIndex = async (_req: unknown, reply: FastifyReply): Promise<FastifyReply> =>
    pageHeaders(reply).header('content-type', CONTENT_TYPES['.html']).header('cache-control', 'no-cache').send(await fs.promises.readFile(index))

  if (options.preferPlugin !== false) {
    const plugin = await import('@fastify/static').then((m) => m.default, () => null)
    if (plugin !== null) {
      await app.register(async (scope) => {
        await scope.register(plugin, { root: dir, prefix: `${CONSOLE_PREFIX}/`, index: false, wildcard: false, setHeaders: assetHeaders })
        scope.get(CONSOLE_PREFIX, { schema: { hide: true } }, sendIndex)
        scope.get(`${CONSOLE_PREFIX}/`, { schema: { hide: true } }, sendIndex)
        scope.get(`${CONSOLE_PREFIX}/*`, { schema: { hide: true } }, sendIndex)
      })
      return 'fastify-static'
    }
  }

  const root = path.resolve(dir)
  app.get(CONSOLE_PREFIX, { schema: { hide: true } }, sendIndex)
  app.get<{ Params: { '*': string } }>(`${CONSOLE_PREFIX}/*`, { schema: { hide: true } }, async (request, reply) => {
    const file = path.resolve(root, request.params['*'])
    const type = CONTENT_TYPES[path.extname(file)]
    const inside = file.startsWith(root + path.sep)
    const stat = inside && type !== undefined ? await fs.promises.stat(file).catch(() => null) : null
    if (stat === null || !stat.isFile()) return sendIndex(request, reply)
    return reply.header('content-type', type).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=3600').send(await fs.promises.readFile(file))
  })
  return 'fallback'
}
