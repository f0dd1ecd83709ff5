/**
 * A data directory written by the replica of schema 1 opens, its journal upgraded in place: every
 * duplicate gets the copy it discarded, every whole value becomes a digest, the replica restarts on
 * it, and its journal folds to the state it reports.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CausalReplica,
  type JournalEvent,
  JournalReplay,
  journaledStore,
  type ReplicatedWrite,
  writeId,
} from "@causal-kv/core";
import { journalEventSchema } from "@causal-kv/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { ReplicaNode } from "../replicaNode.js";
import { ReplicaDatabase } from "./replicaDatabase.js";

const members = ["node1", "node2", "node3"];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-upgrade-"));
  dirs.push(dir);
  return dir;
}

/**
 * Messages for node3: copies (incoming duplicates), a write under a number already held with
 * other content (refused since issue 13: an integrity conflict, so no buffered write goes stale
 * here; protocol's olderJournals tests read that kind), and one that stays buffered.
 */
function peerMessages(): ReplicatedWrite[] {
  const node1 = new CausalReplica({ id: "node1", members });
  const node2 = new CausalReplica({ id: "node2", members });
  const x = node1.write("x", "1", 1).message;
  node2.receive(x, 2);
  const y = node2.write("y", "2", 3).message;
  // node2 lost y in a crash and numbered another write the same.
  const reused: ReplicatedWrite = { origin: "node2", clock: { node2: 1 }, key: "y", value: "9" };
  // Stays buffered: it waits for node1:2, which never comes.
  const waiting: ReplicatedWrite = { origin: "node1", clock: { node1: 3 }, key: "w", value: "3" };
  return [y, y, reused, x, x, waiting];
}

function storedJournal(db: ReplicaDatabase): JournalEvent[] {
  return db.eventsAfter(0, 1000).map((row) => journalEventSchema.parse(JSON.parse(row.event)));
}

/**
 * Rewrites a current database as schema 1 had it: one row per event, duplicates without
 * `discarded`, and messages with their whole values (found in `writes` by id).
 */
function downgrade(db: ReplicaDatabase, writes: readonly ReplicatedWrite[]): void {
  const rows = db.eventsAfter(0, 1000);
  // The first write under each number: a later one under the same number was refused.
  const whole = new Map<string, string | null>();
  for (const write of writes)
    if (!whole.has(writeId(write))) whole.set(writeId(write), write.value);
  db.connection.transaction(() => {
    db.connection.exec("DELETE FROM events");
    for (const row of rows) {
      const { discarded: _, ...older } = JSON.parse(row.event);
      if (older.message !== undefined) {
        const value = whole.get(writeId(older.message));
        if (value === undefined) throw new Error(`no whole value for ${row.event}`);
        older.message = { ...older.message, value };
      }
      db.connection
        .prepare("INSERT INTO events (seq, event) VALUES (?, ?)")
        .run(row.seq, JSON.stringify(older));
    }
    db.connection.prepare("UPDATE meta SET value = '1' WHERE name = 'schemaVersion'").run();
  })();
}

/**
 * Rebuilds the journal as schema `version` (3 to 5) stored it: an event per row, and the writes
 * events applied named in a table of their own (3), or in the rows with an index (4) or without.
 */
function journalAsSchema(db: ReplicaDatabase, version: number): void {
  const events = db.eventsAfter(0, 1000);
  const named = events.flatMap(({ seq, event }) => {
    const { type, message } = JSON.parse(event);
    return type === "write" || type === "deliver" ? [{ seq, id: writeId(message) }] : [];
  });
  const { connection } = db;
  connection.transaction(() => {
    connection.exec(`DROP TABLE events;
      CREATE TABLE events (seq INTEGER PRIMARY KEY, event TEXT NOT NULL${version >= 4 ? ", write_id TEXT" : ""}) STRICT;`);
    const insert = connection.prepare("INSERT INTO events (seq, event) VALUES (?, ?)");
    for (const { seq, event } of events) insert.run(seq, event);
    if (version === 3) {
      connection.exec(`
        CREATE TABLE applied_writes (write_id TEXT PRIMARY KEY, event_seq INTEGER NOT NULL) STRICT, WITHOUT ROWID;
        CREATE INDEX applied_writes_by_event ON applied_writes (event_seq);`);
    }
    const name =
      version === 3
        ? connection.prepare("INSERT INTO applied_writes (write_id, event_seq) VALUES (?, ?)")
        : connection.prepare("UPDATE events SET write_id = ? WHERE seq = ?");
    for (const { seq, id } of named) name.run(id, seq);
    if (version === 4) {
      connection.exec(
        "CREATE INDEX events_by_write ON events (write_id) WHERE write_id IS NOT NULL",
      );
    }
    connection
      .prepare("UPDATE meta SET value = ? WHERE name = 'schemaVersion'")
      .run(String(version));
  })();
}

describe("a database of schema 1", () => {
  it("is upgraded: each duplicate says which copy it discarded, each value is digested, as the replica journaled them", async () => {
    const dir = tempDir();
    let db = ReplicaDatabase.open(dir, "NORMAL");
    let node = new ReplicaNode(db, { id: "node3", members });
    const refused: string[] = [];
    const messages = peerMessages();
    for (const message of messages) {
      await node
        .receive({ epoch: 0, from: message.origin, messages: [message] })
        .catch((error: { code?: string }) => refused.push(`${writeId(message)} ${error.code}`));
    }
    expect(refused).toEqual(["node2:1 integrity-conflict"]);
    const journaled = storedJournal(db);
    expect(journaled.flatMap((e) => (e.type === "duplicate" ? [e.discarded] : []))).toEqual([
      "incoming",
      "incoming",
    ]);
    node.flush();
    downgrade(db, messages);
    // The rows really are as schema 1 wrote them: today's schema refuses them.
    expect(() => storedJournal(db)).toThrow();
    expect(db.eventsAfter(0, 1).map((row) => JSON.parse(row.event).message.value)).toEqual(["2"]);
    db.close();

    db = ReplicaDatabase.open(dir, "NORMAL");
    expect(storedJournal(db)).toEqual(journaled);
    expect(
      db.connection.prepare("SELECT value FROM meta WHERE name = 'schemaVersion'").get(),
    ).toEqual({ value: "7" });
    node = new ReplicaNode(db, { id: "node3", members });
    await node.start();
    const journal = storedJournal(db);
    expect(journal.at(-1)?.type).toBe("restart");
    const status = node.status();
    const folded = JournalReplay.fresh(members).applyAll(journal).state();
    expect(folded).toMatchObject({
      mode: status.mode,
      clock: status.clock,
      applied: status.applied,
      store: journaledStore(status.store),
    });
    // Restored from the rows the recorder kept: y's row went when x delivered it.
    expect(status.buffer.map((entry) => writeId(entry))).toEqual(["node1:3"]);
    expect(folded.buffer.map((entry) => entry.waitingFor)).toEqual([["node1:2"]]);
    node.flush();
    db.close();
  });

  it.each([3, 4, 5])(
    "of schema %i is upgraded: an event per row becomes a row per step, the writes named in the journal's rows or tables are read off the events, and a changed copy of one is still refused",
    async (version) => {
      const dir = tempDir();
      let db = ReplicaDatabase.open(dir, "NORMAL");
      let node = new ReplicaNode(db, { id: "node3", members });
      const [y, , , x] = peerMessages();
      if (x === undefined || y === undefined) throw new Error("no messages");
      await node.receive({ epoch: 0, from: "node1", messages: [x] });
      await node.receive({ epoch: 0, from: "node2", messages: [y] });
      node.flush();
      const journaled = storedJournal(db);
      journalAsSchema(db, version);
      db.close();

      db = ReplicaDatabase.open(dir, "NORMAL");
      expect(
        db.connection.prepare("SELECT value FROM meta WHERE name = 'schemaVersion'").get(),
      ).toEqual({ value: "7" });
      expect(
        db.connection
          .prepare(
            "SELECT name FROM sqlite_schema WHERE name LIKE 'applied%' OR name = 'events_by_write'",
          )
          .all(),
      ).toEqual([]);
      expect(
        db.connection
          .prepare<[], { name: string }>("PRAGMA table_info(events)")
          .all()
          .map((column) => column.name),
      ).toEqual(["seq", "event", "count"]);
      expect(storedJournal(db)).toEqual(journaled);
      node = new ReplicaNode(db, { id: "node3", members });
      await node.start();
      // node1's write 1 with other content: the stored event is what it is compared with.
      const changed: ReplicatedWrite = { ...x, value: "changed" };
      await expect(
        node.receive({ epoch: 0, from: "node1", messages: [changed] }),
      ).rejects.toMatchObject({ code: "integrity-conflict" });
      // The same copy again is a duplicate, not a conflict.
      await expect(node.receive({ epoch: 0, from: "node1", messages: [x] })).resolves.toBeDefined();
      node.flush();
      db.close();
    },
  );

  it("of schema 6 is upgraded: its outbox rows, a write each, become rows of one, and the writes are still resent", async () => {
    const dir = tempDir();
    let db = ReplicaDatabase.open(dir, "NORMAL");
    let node = new ReplicaNode(db, { id: "node3", members });
    await Promise.all([node.write("a", "1"), node.write("b", "2")]);
    await node.write("c", "3");
    node.flush();
    // As schema 6 kept them: a row per write, the write's JSON object.
    const writes = db.connection
      .prepare<[], { message: string }>("SELECT message FROM outbox ORDER BY seq")
      .all()
      .flatMap((row) => JSON.parse(row.message) as ReplicatedWrite[]);
    db.connection.transaction(() => {
      db.connection.exec("DELETE FROM outbox");
      const insert = db.connection.prepare("INSERT INTO outbox (seq, message) VALUES (?, ?)");
      for (const write of writes) insert.run(write.clock.node3, JSON.stringify(write));
      db.connection.exec("UPDATE meta SET value = '6' WHERE name = 'schemaVersion'");
    })();
    db.close();

    db = ReplicaDatabase.open(dir, "NORMAL");
    expect(
      db.connection.prepare("SELECT value FROM meta WHERE name = 'schemaVersion'").get(),
    ).toEqual({ value: "7" });
    node = new ReplicaNode(db, { id: "node3", members });
    await node.start();
    expect(node.unsent("node1")).toEqual(writes);
    expect(writes.map((write) => write.key)).toEqual(["a", "b", "c"]);
    node.flush();
    db.close();
  });

  it("of an unknown version is refused, not touched", () => {
    const dir = tempDir();
    const db = ReplicaDatabase.open(dir, "NORMAL");
    db.connection.prepare("UPDATE meta SET value = '9' WHERE name = 'schemaVersion'").run();
    db.close();
    expect(() => ReplicaDatabase.open(dir, "NORMAL")).toThrow(/has schema 9; this replica reads 7/);
  });
});
