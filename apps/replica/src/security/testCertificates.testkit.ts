/**
 * Certificates made by the test with openssl: a cluster CA, one certificate per replica (CN and
 * DNS name the replica's id, IP 127.0.0.1, for both server and client use), and an outsider's CA
 * with a certificate naming a replica all the same. Elliptic-curve keys, so making them is quick.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface CertificateFiles {
  readonly cert: string;
  readonly key: string;
}

export interface TestCertificates {
  readonly dir: string;
  /** The cluster's CA certificate file. */
  readonly ca: string;
  readonly replica: (id: string) => CertificateFiles;
  /** A certificate naming `node1`, signed by a CA the cluster does not trust. */
  readonly outsider: CertificateFiles;
  read(path: string): Buffer;
  remove(): void;
}

const openssl = (dir: string, args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
const curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

function makeCa(dir: string, name: string): void {
  openssl(
    dir,
    ["req", "-x509", ...curve, "-keyout", `${name}.key`, "-out", `${name}.pem`].concat([
      "-days",
      "2",
      "-subj",
      `/CN=${name}`,
    ]),
  );
}

function makeCertificate(dir: string, ca: string, id: string, file: string): CertificateFiles {
  const extensions = join(dir, `${file}.ext`);
  writeFileSync(
    extensions,
    `subjectAltName=DNS:${id},IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n`,
  );
  openssl(dir, [
    "req",
    ...curve,
    "-keyout",
    `${file}.key`,
    "-out",
    `${file}.csr`,
    "-subj",
    `/CN=${id}`,
  ]);
  openssl(dir, [
    "x509",
    "-req",
    "-in",
    `${file}.csr`,
    "-CA",
    `${ca}.pem`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${file}.pem`,
    "-days",
    "2",
    "-extfile",
    extensions,
  ]);
  return { cert: join(dir, `${file}.pem`), key: join(dir, `${file}.key`) };
}

export function makeTestCertificates(ids: readonly string[]): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "causal-kv-tls-"));
  makeCa(dir, "cluster-ca");
  makeCa(dir, "outsider-ca");
  const replicas = new Map(ids.map((id) => [id, makeCertificate(dir, "cluster-ca", id, id)]));
  const outsider = makeCertificate(dir, "outsider-ca", "node1", "outsider");
  return {
    dir,
    ca: join(dir, "cluster-ca.pem"),
    replica: (id) => {
      const files = replicas.get(id);
      if (!files) throw new Error(`no certificate for ${id}`);
      return files;
    },
    outsider,
    read: (path) => readFileSync(path),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
