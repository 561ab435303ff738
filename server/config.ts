import { resolve } from 'node:path';

/** Everything the process reads from its environment, in one place. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** WANGGE_ATTACHMENTS_DIR: where case photos and documents are stored (default `<dataDir>/attachments`). */
  attachmentsDir: string;
  databaseUrl?: string;
  demo: boolean;
  /** Public base URL for links printed on QR codes; defaults to the request's own host. */
  publicUrl?: string;
  cookieSecure: boolean;
  webDir: string;
  rateLimits: {
    /** WANGGE_RATE_LIMITS=off turns every limit off (benchmarks, trusted networks); the server warns at start. */
    enabled: boolean;
    loginPerMinute: number;
    publicPerMinute: number;
    apiPerMinute: number;
    /** Public form submissions per IP per minute (WANGGE_SUBMIT_RATE). */
    submitPerMinute: number;
    /** Public form submissions per phone number per hour (WANGGE_PHONE_SUBMIT_RATE). */
    submitPerPhonePerHour: number;
  };
  /** WANGGE_TIME_ZONE: the deployment's time zone; a daily check-in counts for the day there. */
  timeZone: string;
  /** WANGGE_TALLY_POLL_MS: how often submissions are folded into the statistics tallies; 0 switches the loop off (reads still catch up). */
  tallyPollMs: number;
  /** WANGGE_ESCALATION_POLL_MS: how often overdue cases are escalated; 0 switches the scheduler off. */
  escalationPollMs: number;
  logLevel: string;
  /** WANGGE_ENCRYPTION_KEY; when unset a key file in dataDir is used (made on first start). */
  encryptionKey?: string;
  /** WANGGE_WEBHOOK_POLL_MS: how often the group-chat delivery worker looks for due work; 0 switches it off. */
  webhookPollMs: number;
  /** WANGGE_WEBHOOK_ALLOW_PRIVATE=1: webhooks may point at private, loopback and link-local addresses (an intranet relay). */
  webhookAllowPrivate: boolean;
  /** WANGGE_WEBHOOK_ALLOW_HOSTS=relay.corp,10.1.2.3: these hosts may be private even when the rest may not. */
  webhookAllowHosts: string[];
  /** WANGGE_SPEECH_COMMAND: the espeak-ng compatible command that reads broadcast scripts aloud. */
  speechCommand: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const root = resolve(new URL('..', import.meta.url).pathname);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  const dataDir = resolve(env.WANGGE_DATA_DIR ?? './data');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    attachmentsDir: resolve(env.WANGGE_ATTACHMENTS_DIR || `${dataDir}/attachments`),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: env.WANGGE_DEMO !== '0',
    publicUrl: env.WANGGE_PUBLIC_URL || undefined,
    cookieSecure: env.WANGGE_COOKIE_SECURE === '1',
    webDir: resolve(env.WANGGE_WEB_DIR ?? `${root}/dist/web`),
    rateLimits: {
      loginPerMinute: Number(env.WANGGE_LOGIN_RATE ?? 10),
      publicPerMinute: Number(env.WANGGE_PUBLIC_RATE ?? 120),
      apiPerMinute: Number(env.WANGGE_API_RATE ?? 1200),
      enabled: env.WANGGE_RATE_LIMITS !== 'off',
      submitPerMinute: Number(env.WANGGE_SUBMIT_RATE ?? 30),
      submitPerPhonePerHour: Number(env.WANGGE_PHONE_SUBMIT_RATE ?? 30),
    },
    timeZone: env.WANGGE_TIME_ZONE || 'Asia/Shanghai',
    tallyPollMs: Number(env.WANGGE_TALLY_POLL_MS ?? 1000),
    escalationPollMs: Number(env.WANGGE_ESCALATION_POLL_MS ?? 60_000),
    logLevel: env.LOG_LEVEL ?? 'info',
    encryptionKey: env.WANGGE_ENCRYPTION_KEY || undefined,
    webhookPollMs: Number(env.WANGGE_WEBHOOK_POLL_MS ?? 5000),
    webhookAllowPrivate: env.WANGGE_WEBHOOK_ALLOW_PRIVATE === '1',
    webhookAllowHosts: (env.WANGGE_WEBHOOK_ALLOW_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    speechCommand: env.WANGGE_SPEECH_COMMAND || 'espeak-ng',
  };
}
