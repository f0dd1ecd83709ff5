// JavaScript, not TypeScript: the lab server loads this at every start, and a .ts config costs
// Next a compile (about 2 s) each time.
import { join } from "node:path";

/** @type {import("next").NextConfig} */
const config = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The monorepo root, so builds trace workspace packages correctly.
  outputFileTracingRoot: join(import.meta.dirname, "../.."),
  turbopack: { root: join(import.meta.dirname, "../..") },
};

export default config;
