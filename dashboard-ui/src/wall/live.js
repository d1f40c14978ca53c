import EventBus from '@vertx/eventbus-bridge-client.js';

/**
 * The bridge's addresses the wall subscribes to (backend: cn.haikou.mediation.live.LiveAddresses).
 * KPIs, feed and trend come together on live.pulse: one frame per tick instead of three.
 */
export const ADDRESSES = [
  'live.pulse', 'live.types', 'live.regions', 'live.channels', 'live.hotspots',
  'live.workload', 'live.overdue', 'live.mass', 'live.warnings', 'live.heartbeat',
];

/**
 * A live.pulse message as the messages of the panels it carries ({"kpi": .., "feed": .., "trend": ..}
 * becomes live.kpi, live.feed, live.trend), each with the pulse's seq, snapshot flag and time.
 */
export function unpackPulse(message) {
  const parts = message.data ?? {};
  return Object.keys(parts).map((part) => [`live.${part}`, { ...message, data: parts[part] }]);
}

/**
 * Addresses whose updates carry only the fields that changed (backend: live.JsonChanges): a screen
 * keeps the snapshot and merges each update into it.
 */
export const CHANGES_ONLY = new Set(['live.kpi']);

/**
 * `state` with `changes` written over it: objects merge field by field, anything else (numbers,
 * strings, arrays, null) replaces. A new object along every changed path, so a panel holding the
 * previous state never sees it change under it.
 */
export function mergeChanges(state, changes) {
  if (!isObject(state) || !isObject(changes)) {
    return changes;
  }
  const merged = { ...state };
  for (const [name, value] of Object.entries(changes)) {
    merged[name] = isObject(value) && isObject(state[name]) ? mergeChanges(state[name], value) : value;
  }
  return merged;
}

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** Heartbeats come every 2 s: this long without any message means a dead link the socket missed. */
const SILENCE_MS = 30_000;
const PROBE_TIMEOUT_MS = 10_000;
/** Same-origin transports only; the iframe ones exist for cross-domain pages this wall is not. */
const TRANSPORTS = ['websocket', 'xhr-streaming', 'xhr-polling'];

/**
 * The wall's link to the live bridge, kept up for weeks without a page reload.
 *
 * Each attempt first asks /eventbus/info with the token: 401 means the token is wrong or revoked
 * (stop and say so: retrying cannot help), any other failure means the server is away (retry
 * after 1 s, 2 s, 4 s ... up to 30 s, with jitter so a hall of screens does not return in step).
 * On open it subscribes to ADDRESSES; the server answers each with a snapshot, then updates.
 * Sequence numbers restart with every connection (and every server start), so they are tracked
 * per connection: an update not newer than the last applied is dropped, a snapshot is applied
 * unless it is older.
 */
export class LiveConnection {
  constructor(token, { onMessage, onState, onUnauthorized }) {
    this.token = token;
    this.onMessage = onMessage;
    this.onState = onState;
    this.onUnauthorized = onUnauthorized;
    this.lastSeq = new Map();
    this.attempt = 0;
    this.retryTimer = 0;
    this.bus = null;
    this.openedAt = 0;
    this.lastMessageAt = 0;
    this.stopped = false;
    this.state = 'connecting';
    this.handler = (error, frame) => {
      if (!error && frame) {
        this.receive(frame.address, frame.body);
      }
    };
    this.watchdog = setInterval(() => this.checkSilence(), 5_000);
  }

  start() {
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.watchdog);
    const bus = this.bus;
    this.bus = null;
    if (bus) {
      bus.onclose = null;
      try {
        bus.close();
      } catch {
        // already closed
      }
    }
  }

  async connect() {
    this.retryTimer = 0;
    this.report('connecting');
    const status = await probe(this.token);
    if (this.stopped) {
      return;
    }
    if (status === 401 || status === 403) {
      this.report('unauthorized');
      this.stop();
      this.onUnauthorized();
      return;
    }
    if (status !== 200) {
      this.retryLater();
      return;
    }
    this.open();
  }

  open() {
    const bus = new EventBus(`${window.location.origin}/eventbus?token=${encodeURIComponent(this.token)}`, {
      vertxbus_ping_interval: 5_000,
      transports: TRANSPORTS,
    });
    this.bus = bus;
    this.openedAt = Date.now();
    bus.onerror = () => {
      // error frames (a refused subscription) change nothing the wall can act on
    };
    bus.onopen = () => {
      if (this.bus !== bus) {
        return;
      }
      this.lastSeq.clear();
      this.lastMessageAt = Date.now();
      for (const address of ADDRESSES) {
        bus.registerHandler(address, this.handler);
      }
      this.report('live');
    };
    bus.onclose = () => {
      if (this.bus !== bus) {
        return;
      }
      this.bus = null;
      if (!this.stopped) {
        this.retryLater();
      }
    };
  }

  receive(address, body) {
    let message;
    try {
      message = typeof body === 'string' ? JSON.parse(body) : body;
    } catch {
      return;
    }
    if (!message || typeof message.seq !== 'number') {
      return;
    }
    const last = this.lastSeq.get(address);
    if (last !== undefined && (message.snapshot ? message.seq < last : message.seq <= last)) {
      return;
    }
    this.lastSeq.set(address, message.seq);
    this.lastMessageAt = Date.now();
    // data flows: the next outage starts its backoff from 1 s again
    this.attempt = 0;
    this.onMessage(address, message);
  }

  retryLater() {
    const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** Math.min(this.attempt, 10));
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.attempt += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
    this.report('reconnecting', { attempt: this.attempt, retryAt: Date.now() + delay });
  }

  /** A socket can stay "open" over a dead network path; silence is the only sign. */
  checkSilence() {
    const bus = this.bus;
    if (bus && Date.now() - Math.max(this.openedAt, this.lastMessageAt) > SILENCE_MS) {
      try {
        bus.close(); // its onclose schedules the retry
      } catch {
        this.bus = null;
        this.retryLater();
      }
    }
  }

  report(state, details = {}) {
    this.state = state;
    this.onState({ state, ...details });
  }
}

async function probe(token) {
  try {
    const response = await fetch(`/eventbus/info?token=${encodeURIComponent(token)}&t=${Date.now()}`, {
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    return response.status;
  } catch {
    return 0;
  }
}
