/**
 * Brings a database written by an older replica up to the schema this one reads, in one
 * transaction, or says it cannot. Schema 2: journal events from before duplicates said which copy
 * they discarded get the field, worked out exactly as the protocol reads older journals. Schema 3:
 * journal events name values by digest; the whole values older events carried are digested.
 */
import { discardedCopyAfter, withDigestedValues } from "@causal-kv/protocol";
import type Database from "better-sqlite3";
import { schemaVersion } from "./databaseSchema.js";

const upgrades: Readonly<Record<string, (connection: Database.Database) => void>> = {
  "1": sayWhichCopyDuplicatesDiscarded,
  "2": digestJournaledValues,
};

/** Upgrades from schema `found` step by step; false if some step is unknown (nothing changed). */
export function upgradeDatabase(connection: Database.Database, found: string): boolean {
  const steps: ((connection: Database.Database) => void)[] = [];
  for (let version = Number(found); version < schemaVersion; version++) {
    const step = upgrades[String(version)];
    if (step === undefined) return false;
    steps.push(step);
  }
  if (steps.length === 0) return false;
  connection.transaction(() => {
    for (const step of steps) step(connection);
    connection
      .prepare("UPDATE meta SET value = ? WHERE name = 'schemaVersion'")
      .run(String(schemaVersion));
  })();
  return true;
}

function sayWhichCopyDuplicatesDiscarded(connection: Database.Database): void {
  const duplicates = connection
    .prepare<[], { seq: number; event: string }>(
      `SELECT seq, event FROM events WHERE event LIKE '%"type":"duplicate"%' ORDER BY seq`,
    )
    .all();
  const previous = connection.prepare<[number], { event: string }>(
    "SELECT event FROM events WHERE seq = ?",
  );
  const update = connection.prepare<[string, number]>("UPDATE events SET event = ? WHERE seq = ?");
  for (const row of duplicates) {
    const event = JSON.parse(row.event) as Record<string, unknown>;
    if (event.type !== "duplicate" || event.discarded !== undefined) continue;
    const before = previous.get(row.seq - 1);
    const discarded = discardedCopyAfter(before && JSON.parse(before.event), event);
    update.run(JSON.stringify({ ...event, discarded }), row.seq);
  }
}

/** Rewrites each event that carries a whole value, a page at a time (journals could be large). */
function digestJournaledValues(connection: Database.Database): void {
  const page = connection.prepare<[number], { seq: number; event: string }>(
    "SELECT seq, event FROM events WHERE seq > ? ORDER BY seq LIMIT 500",
  );
  const update = connection.prepare<[string, number]>("UPDATE events SET event = ? WHERE seq = ?");
  let after = 0;
  for (let rows = page.all(after); rows.length > 0; rows = page.all(after)) {
    for (const row of rows) {
      const event: unknown = JSON.parse(row.event);
      const digested = withDigestedValues(event);
      if (digested !== event) update.run(JSON.stringify(digested), row.seq);
      after = row.seq;
    }
  }
}
