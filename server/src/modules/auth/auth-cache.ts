import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Actor } from '../access/actor.ts';

/** The channel migration 0025's triggers notify when a session, token, user or the unit tree changes. */
export const AUTH_CHANNEL = 'rapport_auth';

/** What a look-up found: the actor, and for a browser session its CSRF token and end. */
export type CachedAuth = {
  actor: Actor;
  session: { csrfToken: string; expiresAt: Date } | null;
  /** When the row was last marked seen or used (a look-up older than a minute goes to the database). */
  lastSeenAt: Date | null;
};

type Entry = { value: CachedAuth; until: number };

/**
 * A short-lived, in-process cache of session and API token look-ups, so a read does not pay a
 * database round trip just to learn who is asking.
 *
 * Correct with several instances: every change that could end or narrow someone's access (a
 * session deleted, a token revoked or changed, a user changed or deactivated, the unit tree
 * behind a senior manager's scope) notifies AUTH_CHANNEL from a trigger in the writing
 * transaction, so PostgreSQL sends it at commit to every instance's listener, whichever
 * instance or tool wrote it. A write through this instance also waits, before it answers, until
 * this instance has heard everything committed before it (`settle`), so the caller's next
 * request never meets a stale entry here. The cache is used only while the listener is
 * connected: after a lost connection it starts empty, and entries live `ttlMs` at most anyway.
 */
export class AuthCache {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  private stopListening: (() => Promise<void>) | null = null;
  private readonly waiting = new Map<string, () => void>();

  constructor(
    private readonly database: Database,
    private readonly ttlMs = 10_000,
    private readonly maxEntries = 10_000,
    private readonly settleMs = 2_000,
  ) {}

  async start(): Promise<void> {
    this.stopListening = await this.database.listen(
      AUTH_CHANNEL,
      (payload) => this.heard(payload),
      (listening) => {
        this.listening = listening;
        this.entries.clear();
        if (!listening) this.releaseWaiting();
      },
    );
  }

  async stop(): Promise<void> {
    await this.stopListening?.();
    this.releaseWaiting();
  }

  private releaseWaiting(): void {
    for (const done of this.waiting.values()) done();
    this.waiting.clear();
  }

  /** The cached look-up for this key (`s:` + session id, `t:` + token hash), if still good. */
  get(key: string, now = Date.now()): CachedAuth | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: CachedAuth, now = Date.now()): void {
    if (!this.listening) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: now + this.ttlMs });
  }

  /** Forgets a key (a sign-out through this instance, before the notification comes back). */
  forget(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Resolves once this instance has heard every notification committed before the call: it
   * notifies a nonce of its own, and notifications arrive in commit order. At once when not
   * listening (nothing is cached then).
   */
  async settle(): Promise<void> {
    if (!this.listening) return;
    const nonce = `sync:${randomUUID()}`;
    const heard = new Promise<void>((resolve) => this.waiting.set(nonce, resolve));
    await this.database.db.execute(sql`select pg_notify(${AUTH_CHANNEL}, ${nonce})`);
    // Never hang an answer on the listener: if our own notification is not heard in time, the
    // listener is in doubt, so nothing cached is trusted (the next look-ups go to the database).
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.settleMs);
    });
    const outcome = await Promise.race([heard.then(() => 'heard' as const), late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      this.waiting.delete(nonce);
      this.entries.clear();
    }
  }

  private heard(payload: string): void {
    const [kind, list = ''] = payload.split(/:(.*)/s);
    if (kind === 'sync') {
      this.waiting.get(payload)?.();
      this.waiting.delete(payload);
      return;
    }
    if (kind !== 'user' && kind !== 'session') {
      this.entries.clear(); // 'all', or a kind this version does not know
      return;
    }
    const ids = new Set(list.split(','));
    for (const [key, entry] of this.entries) {
      const hit =
        kind === 'user'
          ? ids.has(entry.value.actor.userId)
          : entry.value.actor.sessionId !== null && ids.has(entry.value.actor.sessionId);
      if (hit) this.entries.delete(key);
    }
  }
}
