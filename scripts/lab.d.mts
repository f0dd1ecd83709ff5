export interface LabOptions {
  replicas: number;
  replicaPorts: number[];
  webPort: number;
  dataDir: string;
  /** The lab server's listen address (default 127.0.0.1; 0.0.0.0 shares it with the network). */
  labHost?: string;
  /** When set, only browsers that entered it may change the lab. */
  labKey?: string;
  /** A name the lab is reached by, shown by Share and accepted as Host. */
  publicHost?: string;
  clusterSecret?: string;
  /** Given to the replicas, and to the lab server, which sends it to them. */
  adminToken?: string;
  clientToken?: string;
  logLevel?: string;
  output?: (line: string) => void;
}

export interface Lab {
  readonly webUrl: string;
  readonly replicaUrls: Readonly<Record<string, string>>;
  /** The lab's ADMIN_TOKEN: given, or kept in `${dataDir}/credentials.json`. */
  readonly adminToken: string;
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startLab(options: LabOptions): Lab;

export interface LabProcess {
  readonly name: string;
  readonly args: readonly string[];
  /** Set on top of the environment of the process that starts the lab. */
  readonly env: Readonly<Record<string, string>>;
  /** Restarted when it dies, as docker-compose's restart policy does. */
  readonly restart: boolean;
  /** Answers 200 once the process is up. */
  readonly healthUrl: string;
}

export interface LabPlan {
  readonly webUrl: string;
  readonly replicaUrls: Readonly<Record<string, string>>;
  readonly processes: readonly LabProcess[];
}

export function labProcesses(options: Omit<LabOptions, "output">): LabPlan;
