export interface LabOptions {
  replicas: number;
  replicaPorts: number[];
  webPort: number;
  dataDir: string;
  host?: string;
  publicHost?: string;
  clusterSecret?: string;
  logLevel?: string;
  output?: (line: string) => void;
}

export interface Lab {
  readonly webUrl: string;
  readonly replicaUrls: Readonly<Record<string, string>>;
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startLab(options: LabOptions): Lab;
