/**
 * Builds the Fastify app from its dependencies. main.ts supplies real ones; tests supply a tmp
 * SQLite file, a memory store, a log stream and, where needed, a clock.
 */
import { randomBytes } from 'node:crypto'
import rateLimit, { type RateLimitPluginOptions } from '@fastify/rate-limit'
import swagger from '@fastify/swagger'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest, type RouteOptions } from 'fastify'
import type { DestinationStream } from 'pino'
import { authPlugin } from './auth/auth-routes'
import { DevModeCommentModerator, WechatCommentModerator, type CommentModerator } from './comments/comment-moderation'
import { commentsPlugin } from './comments/comment-routes'
import { CommentsRepo } from './comments/comments-repo'
import { RoomMutes } from './comments/room-mutes'
import { authenticate, installAuth, type BearerSessions } from './auth/guard'
import { UsersRepo } from './auth/users-repo'
import type { Config } from './config'
import type { DatabaseHandle } from './db/database'
import { answerFrameworkError, installErrorHandler } from './errors'
import { GoodsRepo } from './goods/goods-repo'
import { goodsPlugin } from './goods/goods-routes'
import { createCachedAnswers, type CachedAnswers } from './http/cached-answers'
import { installRequestLog } from './http/request-log'
import { DEV_MODE_NOTICE, healthPlugin } from './http/health-routes'
import { ReminderDispatcher } from './reminders/reminder-dispatcher'
import { remindersPlugin } from './reminders/reminder-routes'
import { RemindersRepo } from './reminders/reminders-repo'
import { RoomsRepo } from './rooms/rooms-repo'
import { roomsPlugin } from './rooms/rooms-routes'
import { BudgetedCache } from './shared-store/budgeted-cache'
import { failClosedStore } from './http/rate-limit-store'
import { installValidation } from './http/validation'
import type { SharedStore } from './shared-store/shared-store'
import { SingleFlight } from './shared-store/single-flight'
import { AccessTokenProvider } from './wechat/access-token'
import { wechatLivePlugin } from './wechat/live-routes'
import { LiveRoomsService } from './wechat/live-rooms'
import { MsgSecCheck } from './wechat/msg-sec-check'
import { SubscribeMessageSender } from './wechat/subscribe-message'
import { WechatHttp } from './wechat/wechat-http'
import { consoleStatic, type ConsoleServer } from './console/console-static'
import { monitorPlugin } from './console/monitor-routes'
import { roomOrderLines } from './orders/room-order-lines'
import { MONITOR_ORDERS_MAX } from '../../miniprogram/contract/console-schemas'
import { RoomEventBus } from './console/room-events'
import { uploadsPlugin } from './console/upload-routes'
import { consoleUsersPlugin } from './console/users-routes'
import { StaffRepo } from './staff/staff-repo'
import { staffPlugin } from './staff/staff-routes'
import { installStaffSessions, resolveStaffSession, type StaffSessions } from './staff/staff-session'
import { addressesPlugin } from './addresses/address-routes'
import { AddressesRepo } from './addresses/addresses-repo'
import { adminOrdersPlugin } from './orders/admin-order-routes'
import type { OrderDeps } from './orders/order-deps'
import { ordersPlugin } from './orders/order-routes'
import { OrderSweeper } from './orders/order-sweeper'
import type { PaymentGateway } from './payments/payment-gateway'
import { createPaymentGateway } from './payments/create-gateway'
import { notifyPlugin } from './payments/notify-routes'
import { simulatePlugin } from './payments/simulate-route'
import { SimulatorGateway } from './payments/simulator-gateway'
import { sharesPlugin } from './shares/share-routes'
import { shareOpensPlugin } from './shares/share-open-routes'
import { roomCodesPlugin } from './shares/room-code-routes'
import { WxaCodeClient } from './wechat/wxacode'
import { clientConfigPlugin } from './channels/client-config-routes'
import { noShippingInfo, WechatShippingInfo, type ShippingInfo } from './wechat/shipping-info'
import { zegoTokenPlugin } from './zego/zego-routes'
import { zegoCallbackPlugin } from './zego/callback-routes'
import { ZegoServerApi } from './zego/server-api'
import { CloudRecordingApi } from './replays/cloud-recording-api'
import { LiveRecorder } from './replays/live-recorder'
import { LiveSessionsRepo } from './replays/live-sessions-repo'
import { RECORDING_OFF_NOTICE } from './replays/recording-config'
import { RecordingSweeper } from './replays/recording-sweeper'
import { replaysPlugin } from './replays/replay-routes'
import { LikesBroadcaster, type AnnounceTimer } from './likes/likes-broadcaster'
import { LikesRepo } from './likes/likes-repo'
import { CommentBroadcaster } from './comments/comment-broadcaster'
import { likesPlugin } from './likes/likes-routes'
import { OnlineCounts } from './zego/online-counts'
import { onlineCountsPlugin } from './console/online-routes'
import { LocalImageStore, type ImageStore } from './storage/image-store'
import { S3ImageStore } from './storage/s3-image-store'

export interface AppDependencies {
  config: Config
  database: DatabaseHandle
  store: SharedStore
  /** Where logs go (tests capture them); stdout when absent. */
  logStream?: DestinationStream
  nowMs?: () => number
  randomBytes?: (size: number) => Buffer
  /**
   * Serve the Swagger UI at /docs (default). Jest on Node 20 cannot load it (its @fastify/static
   * dependency pulls in an ESM-only package), so in-process tests serve only /docs/json.
   */
  docsUi?: boolean
  /** The built console to serve at /admin (default admin/dist); tests point it at a fixture. */
  consoleDir?: string
  /** false: serve the console with the small fallback handler even where @fastify/static loads. */
  consoleStaticPlugin?: boolean
  /** How often the order sweeper runs (app clock for its decisions); 0 = never (tests call sweepOnce). */
  orderSweepIntervalMs?: number
  /** How often the recording sweeper runs; 0 = never (tests call sweepOnce). */
  recordingSweepIntervalMs?: number
  /** The timer likes announcements wait on (tests drive it with their clock). */
  likesTimer?: AnnounceTimer
  /** Sees every route as it is registered, schemas included (tests check each route's contract). */
  onRoute?: (route: RouteOptions) => void
  /** The timer rooms' comment batches wait on (tests drive it with their clock). */
  commentsTimer?: AnnounceTimer
}

/**
 * What the process and the tests reach besides HTTP: repos to seed and set roles with, sweepers
 * to run, broadcasters and senders to wait on. Routes never see this; each domain's plugin gets
 * only its own dependencies (below).
 */
export interface AppHandles {
  config: Config
  /** The database as the routes use it: every write goes through the cached answers' write watch. */
  database: DatabaseHandle
  store: SharedStore
  /** Prepared answers of the public lists and memoised lookups, dropped on every write to their tables. */
  cachedAnswers: CachedAnswers
  users: UsersRepo
  goods: GoodsRepo
  rooms: RoomsRepo
  /** Console accounts and their web sessions. */
  staff: StaffRepo
  /** null in dev mode (no WeChat credentials). */
  liveRooms: LiveRoomsService | null
  zegoServerApi: ZegoServerApi
  /** Room events for the console's live monitor (SSE). */
  roomEvents: RoomEventBus
  /** Sends a room's pending reminders when it goes live (after the caller has answered). */
  reminderDispatcher: ReminderDispatcher
  /** Live sessions and their cloud recording (replays/); status writers tell it when a room goes live or ends. */
  recorder: LiveRecorder
  recordingSweeper: RecordingSweeper
  /** The orders domain's dependencies, its sweeper and the payment provider (tests drive them). */
  buying: { deps: OrderDeps; sweeper: OrderSweeper; gateway: PaymentGateway }
  /** Rooms' like totals and their announcements to the room (tests wait on `broadcaster.idle()`). */
  likes: { repo: LikesRepo; broadcaster: LikesBroadcaster }
  /** Accepted live comments on their way to the rooms in batches (tests move the clock, then wait on `idle()`). */
  commentBroadcaster: CommentBroadcaster
}

const DEFAULT_ORDER_SWEEP_INTERVAL_MS = 30_000
const DEFAULT_RECORDING_SWEEP_INTERVAL_MS = 30_000

/** Log paths that may carry secrets; pino replaces them before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'authorization',
  'token',
  'access_token',
  'secret',
  'session_key',
  '*.token',
  '*.access_token',
  '*.secret',
  '*.session_key',
]

export async function buildApp(deps: AppDependencies): Promise<{ app: FastifyInstance; handles: AppHandles; consoleServer: ConsoleServer }> {
  const { config } = deps
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      ...(deps.logStream === undefined ? {} : { stream: deps.logStream }),
    },
    // Only the proxies the deployment names may say who the client is (TRUST_PROXY, docs/server.md).
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 64 * 1024,
    // One line per request instead (http/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    // Bad URLs (invalid percent-encoding) answer in the project's error shape too.
    frameworkErrors: answerFrameworkError,
  })
  if (deps.onRoute !== undefined) app.addHook('onRoute', deps.onRoute)
  // Bodies are not coerced, numbers are finite and bounded, text is well-formed (http/validation.ts).
  installValidation(app)
  installRequestLog(app)

  const nowMs = deps.nowMs ?? Date.now
  const nowSeconds = (): number => Math.floor(nowMs() / 1000)
  const wechatHttp = new WechatHttp(config.wechatApiBase, config.wechatTimeoutMs)
  const singleFlight = new SingleFlight(deps.store)
  let liveRooms: LiveRoomsService | null = null
  let commentModerator: CommentModerator = new DevModeCommentModerator()
  let subscribeMessages: SubscribeMessageSender | null = null
  let shipping: ShippingInfo = noShippingInfo
  let wxaCode: WxaCodeClient | null = null
  if (config.wechat !== null) {
    const tokens = new AccessTokenProvider(wechatHttp, config.wechat, deps.store, singleFlight, app.log, nowSeconds)
    const cache = new BudgetedCache(deps.store, singleFlight, app.log, nowMs)
    liveRooms = new LiveRoomsService(wechatHttp, tokens, cache, app.log, { dailyBudget: config.wechatLiveDailyBudget })
    commentModerator = new WechatCommentModerator(new MsgSecCheck(wechatHttp, tokens))
    subscribeMessages = new SubscribeMessageSender(wechatHttp, tokens)
    shipping = new WechatShippingInfo(wechatHttp, tokens, deps.store, config.wechat.appId, app.log)
    wxaCode = new WxaCodeClient(wechatHttp, tokens, config.wechatCodeEnvVersion)
  } else {
    app.log.warn(DEV_MODE_NOTICE)
  }
  const randomBytesOf = deps.randomBytes ?? randomBytes

  // Every query goes through the write watch, so any write to the tables behind a cached list drops it.
  const { answers: cachedAnswers, writeWatch } = createCachedAnswers(deps.store, app.log, nowMs, deps.database.kind)
  const database: DatabaseHandle = { ...deps.database, db: deps.database.db.withPlugin(writeWatch) }
  await cachedAnswers.invalidation.start()
  const db = database.db
  const reminders = new RemindersRepo(db)
  const reminderDispatcher = new ReminderDispatcher({
    repo: reminders,
    template: config.liveReminders,
    sender: subscribeMessages,
    log: app.log,
    nowSeconds,
  })
  // Reminders still being sent finish before the database they write to is closed.
  app.addHook('onClose', () => reminderDispatcher.idle())
  const roomEvents = new RoomEventBus({
    relay: deps.store.createRoomRelay?.(),
    onRelayError: (err) => app.log.warn({ err }, 'room event not relayed to other instances (Redis); monitors on this instance still got it'),
  })
  roomEvents.start().catch((err: unknown) => app.log.error({ err }, 'not receiving room events from other instances (Redis subscribe failed)'))
  app.addHook('onClose', () => roomEvents.close())
  const gateway = createPaymentGateway(config, { nowMs, log: app.log })
  const orderDeps: OrderDeps = {
    db,
    gateway,
    shipping,
    log: app.log.child({ domain: 'orders' }),
    nowSeconds,
    payMinutes: config.orderPayMinutes,
    sessionSecret: config.sessionSecret,
    publishRoomOrder: (roomId, event) => roomEvents.publish(roomId, event),
  }
  const sweeper = new OrderSweeper(orderDeps)
  sweeper.start(deps.orderSweepIntervalMs ?? DEFAULT_ORDER_SWEEP_INTERVAL_MS)
  app.addHook('onClose', () => sweeper.stop())
  const liveSessions = new LiveSessionsRepo(db)
  const recordingApi =
    config.recording === null
      ? null
      : new CloudRecordingApi({ config: config.recording, appId: config.zego.appId, serverSecret: config.zego.serverSecret, timeoutMs: config.zego.apiTimeoutMs, nowMs, randomBytes: randomBytesOf })
  if (recordingApi === null) app.log.warn(RECORDING_OFF_NOTICE)
  const recorder = new LiveRecorder({ repo: liveSessions, api: recordingApi, log: app.log.child({ domain: 'replays' }), nowMs })
  const recordingSweeper = new RecordingSweeper(liveSessions, recorder, app.log.child({ domain: 'replays' }), nowMs)
  recordingSweeper.start(deps.recordingSweepIntervalMs ?? DEFAULT_RECORDING_SWEEP_INTERVAL_MS)
  // Recording calls still under way finish before the database they write to is closed.
  app.addHook('onClose', async () => {
    await recordingSweeper.stop()
    await recorder.idle()
  })
  const zegoServerApi = new ZegoServerApi({
    baseUrl: config.zego.apiBase,
    appId: config.zego.appId,
    serverSecret: config.zego.serverSecret,
    timeoutMs: config.zego.apiTimeoutMs,
    nowMs,
    randomBytes: randomBytesOf,
  })
  const likes = new LikesRepo(db)
  const likesBroadcaster = new LikesBroadcaster({
    likes,
    store: deps.store,
    zego: zegoServerApi,
    log: app.log.child({ domain: 'likes' }),
    nowMs,
    commandsPerSecond: config.zegoCommandsPerSecond,
    timer: deps.likesTimer,
    onTotal: (roomId, total) => roomEvents.publish(roomId, { type: 'likes', total }),
  })
  const commentBroadcaster = new CommentBroadcaster({
    zego: zegoServerApi,
    store: deps.store,
    log: app.log.child({ domain: 'comments' }),
    nowMs,
    messagesPerSecond: config.zegoCommandsPerSecond,
    timer: deps.commentsTimer,
  })
  const users = new UsersRepo(db)
  const goods = new GoodsRepo(db)
  const rooms = new RoomsRepo(db)
  const staff = new StaffRepo(db)
  const comments = new CommentsRepo(db)
  const onlineCounts = new OnlineCounts(zegoServerApi, deps.store, app.log.child({ domain: 'online-counts' }), { ...config.onlineCounts, nowMs })
  const imageStore: ImageStore = config.storage.kind === 's3' ? new S3ImageStore(config.storage, app.log.child({ domain: 'storage' })) : new LocalImageStore(config.storage.dir)

  // After the reminder dispatcher's hook: reminders still being sent need the upstream connections.
  app.addHook('onClose', async () => {
    await Promise.all([wechatHttp.close(), zegoServerApi.close(), cachedAnswers.invalidation.close()])
  })
  installErrorHandler(app)
  await app.register(rateLimit, rateLimitOptions(deps.store, nowMs, app.log))
  await app.register(swagger, {
    openapi: {
      info: { title: 'Live storefront merchant server', version: '0.1.0' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' }, staffCookie: { type: 'apiKey', in: 'cookie', name: 'sf_staff' } } },
    },
  })
  if (deps.docsUi === false) {
    app.get('/docs/json', { schema: { hide: true } }, async () => app.swagger())
  } else {
    const { default: swaggerUi } = await import('@fastify/swagger-ui')
    await app.register(swaggerUi, { routePrefix: '/docs' })
  }
  // Who asks is resolved on the root instance, so every domain's routes see it.
  const bearerSessions: BearerSessions = { sessionSecret: config.sessionSecret, users, userMemo: cachedAnswers.user, nowSeconds }
  const staffSessions: StaffSessions = { staff, nowSeconds }
  installAuth(app, bearerSessions)
  await installStaffSessions(app, staffSessions)
  const identify = async (request: FastifyRequest): Promise<void> => {
    await authenticate(bearerSessions, request)
    await resolveStaffSession(staffSessions, request)
  }
  // What a room's status writers tell besides the rooms table.
  const statusListeners = { reminderDispatcher, roomEvents, recorder }

  await app.register(healthPlugin, {
    db,
    database: database.kind,
    sharedStore: deps.store.kind,
    payments: gateway.mode,
    storage: imageStore.kind,
    devMode: config.wechat === null,
    recordingOn: config.recording !== null,
  })
  await app.register(authPlugin, { users, sessionSecret: config.sessionSecret, wechat: config.wechat, wechatHttp, loginPerMinute: config.rateLimits.loginPerMinute, nowSeconds })
  await app.register(zegoTokenPlugin, { zego: config.zego, rooms, roomMemo: cachedAnswers.room, tokensPerMinute: config.rateLimits.zegoTokenPerMinute, nowMs, randomBytes: randomBytesOf })
  await app.register(zegoCallbackPlugin, { zego: config.zego, rooms, ...statusListeners, nowSeconds })
  await app.register(wechatLivePlugin, { liveRooms, nowMs })
  await app.register(goodsPlugin, { goods, rooms, db, listAnswers: cachedAnswers.goods, identify, nowSeconds })
  await app.register(roomsPlugin, { rooms, users, goods, listAnswers: cachedAnswers.rooms, ...statusListeners, nowSeconds })
  await app.register(commentsPlugin, {
    comments,
    rooms,
    roomMemo: cachedAnswers.room,
    mutes: new RoomMutes(comments, cachedAnswers.mutes, nowSeconds),
    moderator: commentModerator,
    broadcaster: commentBroadcaster,
    roomEvents,
    commentsPerMinute: config.rateLimits.commentsPerMinute,
    nowMs,
  })
  await app.register(remindersPlugin, { reminders, rooms, configured: config.liveReminders !== null, nowSeconds })
  // Announcements on their way finish before the store and database they use are closed.
  app.addHook('onClose', () => likesBroadcaster.stop())
  app.addHook('onClose', () => commentBroadcaster.stop())
  await app.register(likesPlugin, { likes, rooms, broadcaster: likesBroadcaster, nowSeconds, batchesPerMinute: config.rateLimits.likesPerMinute })
  await app.register(addressesPlugin, { addresses: new AddressesRepo(db), nowSeconds })
  await app.register(ordersPlugin, { deps: orderDeps })
  await app.register(adminOrdersPlugin, { deps: orderDeps })
  await app.register(sharesPlugin, { db, sessionSecret: config.sessionSecret, nowSeconds })
  await app.register(shareOpensPlugin, { db, sessionSecret: config.sessionSecret, nowSeconds })
  await app.register(roomCodesPlugin, { db, sessionSecret: config.sessionSecret, wxaCode, randomBytes: randomBytesOf, nowSeconds })
  await app.register(clientConfigPlugin, { config })
  await app.register(notifyPlugin, { deps: orderDeps })
  await app.register(replaysPlugin, { repo: liveSessions, recorder, rooms, goods, recording: config.recording, zego: config.zego, nowMs })
  // The dev payment route exists only while the pay simulator stands in for WeChat Pay.
  if (gateway instanceof SimulatorGateway) await app.register(simulatePlugin, { deps: orderDeps, simulator: gateway })
  await app.register(staffPlugin, { staff, signInPerMinute: config.rateLimits.staffSignInPerMinute, nowSeconds })
  await app.register(consoleUsersPlugin, { users })
  await app.register(uploadsPlugin, { uploadDir: config.uploadDir, imageStore })
  await app.register(monitorPlugin, {
    rooms,
    goods,
    comments,
    roomEvents,
    nowSeconds,
    likes,
    roomOrders: (roomId, since) => roomOrderLines(orderDeps, roomId, since, MONITOR_ORDERS_MAX),
  })
  await app.register(onlineCountsPlugin, { rooms, onlineCounts })
  const consoleServer = await consoleStatic(app, { dir: deps.consoleDir, preferPlugin: deps.consoleStaticPlugin })
  const handles: AppHandles = {
    config,
    database,
    store: deps.store,
    cachedAnswers,
    users,
    goods,
    rooms,
    staff,
    liveRooms,
    zegoServerApi,
    roomEvents,
    reminderDispatcher,
    recorder,
    recordingSweeper,
    buying: { deps: orderDeps, sweeper, gateway },
    likes: { repo: likes, broadcaster: likesBroadcaster },
    commentBroadcaster,
  }
  return { app, handles, consoleServer }
}

/** The nearest `hops` peers are proxies (Fastify's own hop-count rule, which its types leave out). */
const trustHops = (hops: number) => (_address: string, hop: number): boolean => hop < hops

export { RATE_LIMIT_NAMESPACE } from './shared-store/redis-store'

/**
 * With Redis the per-client and per-user limits count in Redis, so N instances together allow the
 * limit once, not N times; when Redis cannot count they fail closed after a short grace
 * (http/rate-limit-store.ts). Without it they count in this process, as the rest of the store does.
 */
export function rateLimitOptions(store: SharedStore, nowMs: () => number, log: FastifyBaseLogger): RateLimitPluginOptions {
  const counter = store.rateLimitCounter
  if (counter === undefined) return { global: false }
  return {
    global: false,
    store: failClosedStore({
      counter,
      nowMs,
      onHealthChange: (healthy, err) => {
        if (healthy) log.info('rate-limit counter answers again')
        else log.error({ err }, 'rate-limit counter failed: counting in this process for a short grace, then refusing limited routes with 503')
      },
    }),
    skipOnError: false,
  }
}
