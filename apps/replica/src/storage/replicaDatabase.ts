/**
 * The replica's durable state in SQLite (WAL). Callers group statements into transactions through
 * GroupCommit; this class only knows rows. Nothing here interprets causality: what to write comes
 * from the core's journal events (see stepRecorder.ts).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type BufferedWrite,
  type DeliveryMode,
  type ReplicaId,
  type ReplicaSnapshot,
  type ReplicatedWrite,
  type Sibling,
  type VectorClock,
  writeSeq,
} from "@causal-kv/core";
import type { LinkSettings } from "@causal-kv/protocol";
import Database from "better-sqlite3";
import { writeJson } from "../writeJson.js";
import { AppliedWrites } from "./appliedWrites.js";
import { databaseSchema, schemaVersion } from "./databaseSchema.js";
import { upgradeDatabase } from "./databaseUpgrade.js";
import { type JournalBudget, JournalRetention } from "./journalRetention.js";
import { JournalRows, type StoredEvent } from "./journalRows.js";
import { walLimit } from "./walCheckpointer.js";
import { WalSync } from "./walSync.js";

/** The identity row: which replica this database belongs to, and its cluster. */
export interface Identity {
  readonly id: ReplicaId;
  readonly members: readonly ReplicaId[];
}

/** The core's counters that change at every step (the store and buffer have their own rows). */
export interface CoreCounters {
  readonly mode: DeliveryMode;
  readonly clock: VectorClock;
  readonly applied: ReplicaSnapshot["applied"];
  readonly nextEventSeq: number;
}

export class ReplicaDatabase {
  readonly connection: Database.Database;
  /** The journal's budget and where it now starts. */
  readonly journal: JournalRetention;
  /** The journal's rows, one per step. */
  private readonly rows: JournalRows;
  /** Which retained event applied each write. */
  private readonly applied: AppliedWrites;
  private readonly statements;

  private constructor(
    connection: Database.Database,
    /** Makes commits durable against power loss (SQLITE_SYNCHRONOUS=FULL); absent for NORMAL. */
    readonly walSync: WalSync | undefined,
    budget: JournalBudget | undefined,
  ) {
    this.connection = connection;
    this.rows = new JournalRows(connection);
    this.applied = new AppliedWrites(this.rows);
    this.journal = new JournalRetention(connection, budget, (cutoff) =>
      this.applied.forgetBefore(cutoff),
    );
    const db = connection;
    this.statements = {
      getMeta: db.prepare<[string], { value: string }>("SELECT value FROM meta WHERE name = ?"),
      putMeta: db.prepare<[string, string]>(
        "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      ),
      deleteMeta: db.prepare<[string]>("DELETE FROM meta WHERE name = ?"),
      putSiblings: db.prepare<[string, string]>(
        "INSERT INTO store (key, siblings) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET siblings = excluded.siblings",
      ),
      allSiblings: db.prepare<[], { key: string; siblings: string }>(
        "SELECT key, siblings FROM store",
      ),
      addBuffered: db.prepare<[string, string]>(
        "INSERT INTO buffer (write_id, entry) VALUES (?, ?)",
      ),
      removeBuffered: db.prepare<[string]>("DELETE FROM buffer WHERE write_id = ?"),
      allBuffered: db.prepare<[], { entry: string }>("SELECT entry FROM buffer ORDER BY position"),
      addOutbox: db.prepare<[number, string]>("INSERT INTO outbox (seq, message) VALUES (?, ?)"),
      pruneOutbox: db.prepare<[number]>("DELETE FROM outbox WHERE seq <= ?"),
      allOutbox: db.prepare<[], { message: string }>("SELECT message FROM outbox ORDER BY seq"),
      putAcknowledged: db.prepare<[string, number]>(
        "INSERT INTO acknowledged (peer, count) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET count = excluded.count",
      ),
      allAcknowledged: db.prepare<[], { peer: string; count: number }>(
        "SELECT peer, count FROM acknowledged",
      ),
      putLink: db.prepare<[string, string]>(
        "INSERT INTO links (peer, settings) VALUES (?, ?) ON CONFLICT (peer) DO UPDATE SET settings = excluded.settings",
      ),
      allLinks: db.prepare<[], { peer: string; settings: string }>(
        "SELECT peer, settings FROM links",
      ),
      bufferedEntry: db.prepare<[string], { entry: string }>(
        "SELECT entry FROM buffer WHERE write_id = ?",
      ),
    };
  }

  /**
   * Opens (creating if needed) `<dir>/replica.sqlite` in WAL mode. SQLite itself never syncs at
   * commit: for FULL the WAL file is synced off the event loop (see walSync.ts).
   */
  static open(
    dir: string,
    synchronous: "FULL" | "NORMAL",
    budget?: JournalBudget,
  ): ReplicaDatabase {
    mkdirSync(dir, { recursive: true });
    const connection = new Database(join(dir, "replica.sqlite"));
    connection.pragma("journal_mode = WAL");
    connection.pragma("synchronous = NORMAL");
    // After a checkpoint lets the WAL start over, its file is cut back to this size.
    connection.pragma(`journal_size_limit = ${walLimit}`);
    connection.pragma("foreign_keys = ON");
    connection.exec(databaseSchema);
    const version = connection.prepare<[], { value: string }>(
      "SELECT value FROM meta WHERE name = 'schemaVersion'",
    );
    const found = version.get()?.value;
    if (found === undefined) {
      connection
        .prepare("INSERT INTO meta (name, value) VALUES ('schemaVersion', ?)")
        .run(String(schemaVersion));
    } else if (found !== String(schemaVersion) && !upgradeDatabase(connection, found)) {
      throw new Error(
        `the database in ${dir} has schema ${found}; this replica reads ${schemaVersion}`,
      );
    }
    const walSync = synchronous === "FULL" ? new WalSync(`${connection.name}-wal`) : undefined;
    return new ReplicaDatabase(connection, walSync, budget);
  }

  getMeta(name: "identity" | "epoch" | "core"): string | undefined {
    return this.statements.getMeta.get(name)?.value;
  }

  putIdentity(identity: Identity): void {
    this.statements.putMeta.run("identity", JSON.stringify(identity));
  }

  /**
   * Whether this replica started on an empty disk and its rejoin gate has not opened since: kept on
   * disk so that a crash while it rejoins does not restart it with the gate open and none of its
   * old writes back (it would then reuse their ids).
   */
  get rejoinPending(): boolean {
    return this.statements.getMeta.get("rejoining") !== undefined;
  }

  setRejoinPending(pending: boolean): void {
    if (pending) this.statements.putMeta.run("rejoining", "1");
    else this.statements.deleteMeta.run("rejoining");
  }

  putEpoch(epoch: number): void {
    this.statements.putMeta.run("epoch", String(epoch));
  }

  putCore(counters: CoreCounters): void {
    this.statements.putMeta.run("core", JSON.stringify(counters));
  }

  putSiblings(key: string, siblings: readonly Sibling[]): void {
    this.statements.putSiblings.run(key, JSON.stringify(siblings));
  }

  allSiblings(): { key: string; siblings: string }[] {
    return this.statements.allSiblings.all();
  }

  addBuffered(writeId: string, entry: BufferedWrite): void {
    this.statements.addBuffered.run(writeId, JSON.stringify(entry));
  }

  removeBuffered(writeId: string): void {
    this.statements.removeBuffered.run(writeId);
  }

  allBuffered(): string[] {
    return this.statements.allBuffered.all().map((row) => row.entry);
  }

  /** Stores own writes, in order, as one outbox row keyed by the last one's seq. */
  addOutbox(messages: readonly ReplicatedWrite[]): void {
    const last = messages.at(-1);
    if (last === undefined) return;
    this.statements.addOutbox.run(writeSeq(last), `[${messages.map(writeJson).join(",")}]`);
  }

  putAcknowledged(peer: ReplicaId, count: number): void {
    this.statements.putAcknowledged.run(peer, count);
  }

  /** Forgets the outbox rows whose writes are all up to `seq`: every peer has them. */
  pruneOutbox(seq: number): void {
    this.statements.pruneOutbox.run(seq);
  }

  allOutbox(): OutboxRows {
    return {
      pending: this.statements.allOutbox.all().map((row) => row.message),
      acknowledged: this.statements.allAcknowledged.all(),
    };
  }

  putLink(peer: ReplicaId, settings: LinkSettings): void {
    this.statements.putLink.run(peer, JSON.stringify(settings));
  }

  allLinks(): { peer: string; settings: string }[] {
    return this.statements.allLinks.all();
  }

  /**
   * Adds a step's journal events, as JSON texts, the first with `seq`; `applied` names each write
   * one of them applied, with that event's seq.
   */
  addEvents(
    seq: number,
    events: readonly string[],
    applied: readonly (readonly [writeId: string, seq: number])[] = [],
  ): void {
    if (events.length === 0) return;
    const text = this.rows.add(seq, events);
    this.journal.added(seq, events.length, Buffer.byteLength(text));
    for (const [writeId, at] of applied) this.applied.added(writeId, at);
  }

  /** The stored JSON of the journal event that applied `writeId`, if the journal still holds it. */
  appliedEvent(writeId: string): string | undefined {
    return this.applied.eventOf(writeId);
  }

  /**
   * Reads what is kept in memory about the journal again from its rows: after a rollback, whose
   * events and compaction the memory had already counted.
   */
  reloadJournal(): void {
    this.journal.recount();
    this.applied.rebuild();
  }

  /** The stored JSON of the buffer entry of `writeId`, if it waits in the buffer. */
  bufferedEntry(writeId: string): string | undefined {
    return this.statements.bufferedEntry.get(writeId)?.entry;
  }

  /** Journal events as stored JSON text, from seq `after` + 1, at most `limit` (or what is left). */
  eventsAfter(after: number, limit: number): StoredEvent[] {
    return this.rows.after(after, limit);
  }

  lastEventSeq(): number {
    return this.rows.lastSeq();
  }

  /** The last `limit` events with seq ≤ `upTo`, oldest first. */
  recentEvents(upTo: number, limit: number): string[] {
    return this.rows.upTo(upTo, limit).map((stored) => stored.event);
  }

  /** Empties everything a reset forgets; identity stays. */
  clear(): void {
    this.connection.exec(
      "DELETE FROM store; DELETE FROM buffer; DELETE FROM outbox; DELETE FROM acknowledged; DELETE FROM links; DELETE FROM events; DELETE FROM meta WHERE name IN ('core', 'epoch');",
    );
    this.journal.recount();
    this.applied.clear();
  }

  close(): void {
    if (this.connection.open) this.connection.close();
    this.walSync?.close();
  }
}

export interface OutboxRows {
  readonly pending: string[];
  readonly acknowledged: { peer: string; count: number }[];
}
