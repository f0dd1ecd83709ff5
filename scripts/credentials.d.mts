export interface LabCredentials {
  readonly adminToken: string;
  readonly clusterSecret: string;
}

/** `${dataDir}/credentials.json` */
export function credentialsFile(dataDir: string): string;

/** The given credentials, else those kept under `dataDir`, else new random ones, kept there. */
export function labCredentials(
  dataDir: string,
  given?: { readonly adminToken?: string | undefined; readonly clusterSecret?: string | undefined },
): LabCredentials;
