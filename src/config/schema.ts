/**
 * The shape of gateway.yaml, as JSON Schema. Semantic rules (addresses, ids,
 * references between sections) live in `semantic-checks.ts`; defaults with
 * their units live in `defaults.ts`.
 */
import { ENGINES } from '../proxy/create-forwarder';

/** More workers than cores only adds switching; 64 is far past any host's need. */
const MAX_WORKERS = 64;

const HOST_PORT = {
  type: 'object',
  additionalProperties: false,
  required: ['port'],
  properties: {
    host: { type: 'string', minLength: 1 },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
  },
} as const;

const LOG_LEVEL = { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] } as const;

const STRING_LIST = { type: 'array', items: { type: 'string', minLength: 1 } } as const;

const ACCOUNT = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', pattern: '^[^@]+@[^@]+$' },
    password: { type: 'string', minLength: 1 },
  },
} as const;

const RATE_LIMIT = {
  type: 'object',
  additionalProperties: false,
  required: ['perSecond', 'burst'],
  properties: {
    perSecond: { type: 'number', exclusiveMinimum: 0 },
    burst: { type: 'integer', minimum: 1 },
  },
} as const;

const API_KEY = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'account'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' },
    key: { type: 'string', minLength: 16 },
    keySha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
    account: { type: 'string', minLength: 1 },
    allowFrom: STRING_LIST,
    actionModules: STRING_LIST,
    restRoutes: STRING_LIST,
    issueAppTokens: { type: 'boolean' },
    rateLimit: RATE_LIMIT,
  },
} as const;

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['wiki', 'accounts'],
  properties: {
    listen: HOST_PORT,
    admin: HOST_PORT,
    wiki: {
      type: 'object',
      additionalProperties: false,
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://' },
        scriptPath: { type: 'string', pattern: '^(/[A-Za-z0-9._~-]+)*$' },
        timeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
        sessionCheckSeconds: { type: 'number', exclusiveMinimum: 0 },
      },
    },
    trustedProxies: STRING_LIST,
    salt: { type: 'string' },
    accounts: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[A-Za-z0-9_-]+$' },
      additionalProperties: ACCOUNT,
    },
    apiKeys: { type: 'array', items: API_KEY },
    appTokens: {
      type: 'object',
      additionalProperties: false,
      properties: {
        account: { type: 'string', minLength: 1 },
        ttlSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
        acceptBearer: { type: 'boolean' },
      },
    },
    userTokens: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ttlSeconds: { type: 'integer', minimum: 1, maximum: 3600 },
        allowAnonymous: { type: 'boolean' },
        enabled: { type: 'boolean' },
        singleUse: { type: 'boolean' },
      },
    },
    tokenEndpoints: {
      type: 'object',
      additionalProperties: false,
      properties: {
        verifyRequiresKey: { type: 'boolean' },
        generatePerMinute: { type: 'integer', minimum: 1 },
        generateBurst: { type: 'integer', minimum: 1 },
      },
    },
    store: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: {
        type: { enum: ['memory', 'redis'] },
        url: { type: 'string', pattern: '^rediss?://' },
        maxEntries: { type: 'integer', minimum: 1 },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      properties: {
        // PHP's max_input_vars (1000) and post_max_size (8 MiB): past them PHP
        // drops parameters or the whole body silently, and its reading would differ.
        maxParams: { type: 'integer', minimum: 1, maximum: 1000 },
        maxBodyBytes: { type: 'integer', minimum: 1, maximum: 8 * 1024 * 1024 },
        maxHeaderBytes: { type: 'integer', minimum: 1024, maximum: 1048576 },
        headersTimeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
        requestTimeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
        keyRateLimit: RATE_LIMIT,
        authFailures: RATE_LIMIT,
      },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      properties: {
        level: LOG_LEVEL,
        accessLevel: LOG_LEVEL,
      },
    },
    reload: {
      type: 'object',
      additionalProperties: false,
      properties: { watchSeconds: { type: 'number', minimum: 0 } },
    },
    shutdown: {
      type: 'object',
      additionalProperties: false,
      properties: { drainSeconds: { type: 'number', minimum: 0 } },
    },
    proxy: {
      type: 'object',
      additionalProperties: false,
      properties: { engine: { enum: [...ENGINES] } },
    },
    workers: { type: 'integer', minimum: 1, maximum: MAX_WORKERS },
  },
} as const;
