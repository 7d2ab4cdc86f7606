/**
 * The request log of `utfall serve` and `utfall start`: one readable line per request (`text`,
 * the default: `17:02:11 GET /api/meta 200 12 ms`), or Fastify's JSON lines as they are
 * (`json`, for a log collector; `--log-format json` or UTFALL_LOG_FORMAT=json). Cookies and the
 * CSRF token are never logged.
 */
import type { ServerOptions } from '../server/app.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const REDACT = ['req.headers.cookie', 'req.headers["x-csrf-token"]'];

/** Fastify's logger options for a format, its lines (each ending in a newline) to `write`. */
export function requestLogger(
  format: LogFormat,
  write: (text: string) => void,
): ServerOptions['logger'] {
  if (format === 'json') return { level: 'info', redact: REDACT, stream: { write } };
  return {
    level: 'info',
    redact: REDACT,
    // The reply's line carries its request's method and path, so that it alone makes the line.
    serializers: {
      res: (reply) => ({
        statusCode: reply.statusCode,
        method: reply.request?.method,
        url: reply.request?.url,
      }),
    },
    stream: {
      write(line: string) {
        const text = readableLine(line);
        if (text !== null) write(text + '\n');
      },
    },
  };
}

interface LogEntry {
  level?: unknown;
  time?: unknown;
  msg?: unknown;
  res?: { statusCode?: unknown; method?: unknown; url?: unknown };
  responseTime?: unknown;
  err?: { message?: unknown; stack?: unknown };
}

const LEVELS: Record<number, string> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * One JSON log line of Fastify's as a readable line: a finished request as time, method, path,
 * status and milliseconds; anything else as time, level (from warnings up) and message, with an
 * error's stack below it. Null for the lines it leaves out: the start of each request (its end
 * says it all) and Fastify's own "Server listening" (the command says where it listens).
 */
export function readableLine(line: string): string | null {
  let entry: LogEntry;
  try {
    entry = JSON.parse(line) as LogEntry;
  } catch {
    return line.trimEnd();
  }
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  if (msg === 'incoming request' || msg.startsWith('Server listening at')) return null;
  const time = clock(entry.time);
  const res = entry.res;
  if (
    res &&
    typeof res.method === 'string' &&
    typeof res.url === 'string' &&
    typeof entry.responseTime === 'number'
  ) {
    const ms = Math.round(entry.responseTime);
    const failed = msg === 'request errored' ? ` ${errorText(entry)}` : '';
    return `${time} ${res.method} ${res.url} ${String(res.statusCode)} ${ms} ms${failed}`;
  }
  const level = typeof entry.level === 'number' ? LEVELS[entry.level] : undefined;
  const stack = typeof entry.err?.stack === 'string' ? entry.err.stack : '';
  const text = [time, level, msg || errorText(entry)].filter(Boolean).join(' ');
  return stack ? `${text}\n${indent(stack)}` : text;
}

/** HH:MM:SS in local time. */
function clock(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : new Date();
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
}

function errorText(entry: LogEntry): string {
  return typeof entry.err?.message === 'string' ? entry.err.message : '';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line.trim()}`)
    .join('\n');
}
