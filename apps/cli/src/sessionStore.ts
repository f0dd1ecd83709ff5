/**
 * Named sessions on disk, one JSON file each (`<name>.json`: `{ "token": … }`), so a session's
 * causal context outlives one command: `put --session alice` then `get --session alice` at
 * another replica reads alice's write. A file is replaced whole (written aside, then renamed).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Session } from "@causal-kv/client";
import { z } from "zod";
import { CliError, exitCodes, usageError } from "./cliError.js";

const sessionNamePattern = /^[A-Za-z0-9_-]{1,64}$/;
const sessionFileSchema = z.object({ token: z.string().optional() });

export interface SavedSession {
  readonly name: string;
  readonly session: Session;
}

export class SessionStore {
  constructor(readonly dir: string | undefined) {}

  /** The session saved under `name`, or a new one; `waitMs` is how long its requests may wait. */
  load(name: string, waitMs?: number): SavedSession {
    const text = this.read(this.path(name));
    if (text === undefined) return { name, session: new Session({ waitMs }) };
    const parsed = sessionFileSchema.safeParse(parseJson(text));
    if (!parsed.success) {
      throw new CliError(
        "usage",
        `${this.path(name)} is not a session file; delete it to start session ${name} afresh`,
        exitCodes.usage,
      );
    }
    return { name, session: new Session({ token: parsed.data.token, waitMs }) };
  }

  save({ name, session }: SavedSession): void {
    const path = this.path(name);
    mkdirSync(this.folder(), { recursive: true });
    const aside = `${path}.${process.pid}.tmp`;
    writeFileSync(aside, `${JSON.stringify({ token: session.token })}\n`);
    renameSync(aside, path);
  }

  /** Every saved session, by name. */
  list(): SavedSession[] {
    if (this.dir === undefined) return [];
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch {
      return [];
    }
    return files
      .filter((file) => file.endsWith(".json") && sessionNamePattern.test(file.slice(0, -5)))
      .sort()
      .flatMap((file) => {
        try {
          return [this.load(file.slice(0, -5))];
        } catch {
          return [];
        }
      });
  }

  private path(name: string): string {
    if (!sessionNamePattern.test(name)) {
      throw usageError(
        `--session takes a name of 1 to 64 letters, digits, - or _, not ${JSON.stringify(name)}`,
      );
    }
    return join(this.folder(), `${name}.json`);
  }

  private folder(): string {
    if (this.dir === undefined) {
      throw usageError(
        "there is no place to keep sessions: set CAUSAL_KV_SESSIONS to a folder (or HOME)",
      );
    }
    return this.dir;
  }

  private read(path: string): string | undefined {
    try {
      return readFileSync(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
