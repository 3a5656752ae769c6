import type { Server } from 'node:http';
import type { Logger } from 'pino';

/**
 * What the bridge allows one client: it serves one local user's browser windows, so Node's
 * server defaults (a minute for headers, five for a request, no cap on connections) only give a
 * stray or hostile local process room to hold sockets open.
 */
export interface BridgeLimits {
  /** Time for a client to send a request's headers, from when it connects. */
  headersTimeoutMs: number;
  /** Time for a client to send a whole request (headers and body); the app's answer is not counted. */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** Open connections at once; more are closed as they arrive. */
  maxConnections: number;
  /** The request head's size; the session cookie and a JSON content type need little. */
  maxHeaderBytes: number;
}

export const DEFAULT_BRIDGE_LIMITS: BridgeLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 2_000,
  maxConnections: 64,
  maxHeaderBytes: 8 * 1024,
};

/** The server options createServer takes at construction; the rest are set by applyLimits. */
export function serverOptions(limits: BridgeLimits): { maxHeaderSize: number; requestTimeout: number; headersTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number } {
  return {
    maxHeaderSize: limits.maxHeaderBytes,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks both timeouts only this often (30 s by default), which would stretch a short one.
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Caps connections, and logs the first refused one and then every hundredth, so a flood cannot fill the log. */
export function applyLimits(server: Server, limits: BridgeLimits, logger: Logger): void {
  server.maxConnections = limits.maxConnections;
  let dropped = 0;
  server.on('drop', () => {
    if (dropped % 100 === 0) logger.warn({ maxConnections: limits.maxConnections, dropped: dropped + 1 }, 'bridge connection refused: too many open at once');
    dropped += 1;
  });
}
