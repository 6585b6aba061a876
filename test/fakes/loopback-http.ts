/**
 * A fake upstream (WeChat's API, ZEGO's server API) as a real HTTP server on 127.0.0.1, so the
 * server under test goes through its real HTTP client, timeouts included. Closing destroys held
 * answers and open sockets, so a test that played a timeout still ends at once.
 */
import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

export abstract class LoopbackHttpFake {
  /** Answers held back on purpose (a timeout being played); never sent. */
  protected readonly held: http.ServerResponse[] = []
  private readonly server = http.createServer((req, res) => void this.handle(req, res))
  private readonly sockets = new Set<Socket>()

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  protected abstract handle(req: http.IncomingMessage, res: http.ServerResponse): void | Promise<void>

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return this.baseUrl
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy()
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }
}
