// autocannon ships no types and @types/autocannon is not installed: the part the benchmark uses.
declare module 'autocannon' {
  namespace autocannon {
    interface AutocannonRequest {
    method?: 'GET' | 'POST'
    path?: string
    headers?: Record<string, string>
    body?: string
  }
    interface AutocannonRequestStep extends AutocannonRequest {
    /** Changes each request before it is sent (here: which sender's token it carries). */
    setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest
  }
    interface AutocannonOptions {
    url: string
    method?: 'GET' | 'POST'
    headers?: Record<string, string>
    body?: string
    connections?: number
    duration?: number
    pipelining?: number
    requests?: AutocannonRequestStep[]
  }
    interface Histogram {
    average: number
    mean: number
    p50: number
    p99: number
    max: number
    total: number
  }
    interface AutocannonResult {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    '2xx': number
    duration: number
    statusCodeStats: Record<string, { count: number }>
  }
  }
  function autocannon(options: autocannon.AutocannonOptions): Promise<autocannon.AutocannonResult>
  export = autocannon
}
