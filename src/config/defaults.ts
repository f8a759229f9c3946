/** Every default of gateway.yaml, with its unit in the name. */
export const DEFAULTS = {
  listenHost: '0.0.0.0',
  listenPort: 8080,
  adminHost: '127.0.0.1',
  adminPort: 9090,
  scriptPath: '/w',
  wikiTimeoutSeconds: 30,
  sessionCheckSeconds: 60,
  appTokenTtlSeconds: 10,
  userTokenTtlSeconds: 10,
  storeMaxEntries: 100_000,
  /** Tokens one caller (key id, else client address) may generate a minute, after a burst. */
  generatePerMinute: 60,
  generateBurst: 20,
  /** PHP's max_input_vars is 1000: past it, PHP drops parameters silently. */
  maxParams: 200,
  /** Far below PHP's post_max_size (8 MiB), past which PHP drops the body silently. */
  maxBodyBytes: 1024 * 1024,
  /** Node's own default: cookies of a wiki session fit with room to spare. */
  maxHeaderBytes: 16 * 1024,
  /** A client dribbling its headers holds a socket: far below Node's 60 s. */
  headersTimeoutSeconds: 20,
  /** A whole request, body included; bodies are at most maxBodyBytes. */
  requestTimeoutSeconds: 60,
  /** Ten wrong guesses at once, then one every 10 s, per client address. */
  authFailuresPerSecond: 0.1,
  authFailuresBurst: 10,
  logLevel: 'info',
  /** One line per pass-through request, as the access log of any proxy. */
  accessLogLevel: 'info',
  /** Polling the file's content catches editors' renames and Kubernetes' symlink swaps. */
  reloadWatchSeconds: 2,
  /** Below Kubernetes' default grace period of 30 s, so that the drain ends before SIGKILL. */
  shutdownDrainSeconds: 25,
  /** Cheaper per request than http-proxy by more than 1.3 times: docs/performance.md. */
  proxyEngine: 'undici',
  workers: 1,
} as const;
