import { join } from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server (apps/web/server.js + traced node_modules) for Dockerfile.web.
  output: "standalone",
  // The monorepo root, so builds trace workspace packages correctly.
  outputFileTracingRoot: join(import.meta.dirname, "../.."),
  turbopack: { root: join(import.meta.dirname, "../..") },
};

export default config;
