/**
 * A replica node's memory and the one way it changes: a step, run through GroupCommit so that what
 * it changes in memory is stored in the same transaction. The database is the truth: if a step
 * throws halfway, or SQLite rolls the transaction back, memory is rebuilt from what is stored.
 */
import { freshNodeState, loadNodeState, type NodeMembers, type NodeState } from "./nodeState.js";
import { GroupCommit } from "./storage/groupCommit.js";
import type { ReplicaDatabase } from "./storage/replicaDatabase.js";

export class NodeSteps {
  private readonly commit: GroupCommit;
  private current: NodeState;

  constructor(
    private readonly db: ReplicaDatabase,
    private readonly who: NodeMembers,
    /** The disk did not confirm a sync: the replica must stop (see GroupCommit). */
    storageFailed: (error: unknown) => void,
  ) {
    this.commit = new GroupCommit(
      db.connection,
      () => this.reload(),
      db.walSync,
      storageFailed,
      () => this.current.recorder.storeDeferred(),
    );
    this.current = loadNodeState(db, who);
  }

  /** Memory now; a reload or a fresh start replaces it whole, so read it again after a step. */
  get state(): NodeState {
    return this.current;
  }

  /** Runs a change through the group commit; if it throws midway, memory reloads from disk. */
  async run<T>(change: () => T): Promise<T> {
    const { recorder } = this.current;
    const unstoredBefore = recorder.unstored;
    let failedInside = false;
    const promise = this.commit.run(() => {
      try {
        return change();
      } catch (error) {
        failedInside = true;
        throw error;
      }
    });
    if (failedInside) {
      // Its rows are rolled back; the steps before it in this transaction keep their counters. If
      // SQLite rolled back the whole transaction, they are gone too, and so are their counters:
      // the stored ones are the last commit's, which is what memory reloads to.
      if (this.db.connection.inTransaction) {
        recorder.backTo(unstoredBefore);
        recorder.storeDeferred();
      }
      this.reload();
    }
    return promise;
  }

  /** Inside a step whose rows cleared the database: memory becomes an empty replica in `epoch`. */
  startFresh(epoch: number): void {
    this.current = freshNodeState(this.db, this.who, epoch);
  }

  /** Resolves once every step so far is committed. */
  settled(): Promise<void> {
    return this.commit.settled();
  }

  /** Commits what is pending; for shutdown. */
  flush(): void {
    this.commit.flush();
  }

  /** Rebuilds memory from the database (as this connection sees it). */
  private reload(): void {
    this.db.reloadJournal();
    this.current = loadNodeState(this.db, this.who);
  }
}
