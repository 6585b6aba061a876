import { fork } from 'node:child_process'

/**
 * Runs a TypeScript entry in a process of its own, passing it one JSON request as its argument,
 * and collects the one reply it sends over IPC and everything it printed. miniprogram-ci keeps a
 * compiler process alive after compiling; a worker that ends takes it along, so the caller (CLI or
 * test runner) is left with no stray handles.
 */
export function runWorker<Reply>(script: string, request: unknown): Promise<{ reply?: Reply; output: string }> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [JSON.stringify(request)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    let output = ''
    let reply: Reply | undefined
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('message', (message) => (reply = message as Reply))
    child.on('error', reject)
    child.on('exit', () => resolve({ reply, output }))
  })
}
