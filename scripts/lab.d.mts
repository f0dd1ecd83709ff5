export interface LabOptions {
  replicas: number;
  replicaPorts: number[];
  webPort: number;
  dataDir: string;
  host?: string;
  publicHost?: string;
  clusterSecret?: string;
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
