import { describe, expect, it } from "vitest";
import { parseReplicaEndpoints } from "./replicaEndpoints";

describe("parseReplicaEndpoints", () => {
  it("reads id=url pairs, sorted node2 before node10, without trailing slashes", () => {
    expect(parseReplicaEndpoints("node10=http://h:10/, node2=http://h:2")).toEqual([
      { id: "node2", url: "http://h:2" },
      { id: "node10", url: "http://h:10" },
    ]);
  });

  it("keeps a reverse proxy's path prefix, without its trailing slash", () => {
    expect(parseReplicaEndpoints("node1=http://lab/replica1/,node2=http://lab/replica2")).toEqual([
      { id: "node1", url: "http://lab/replica1" },
      { id: "node2", url: "http://lab/replica2" },
    ]);
  });

  it("says what is wrong with a bad list", () => {
    expect(() => parseReplicaEndpoints("")).toThrow("no replicas");
    expect(() => parseReplicaEndpoints("node1")).toThrow("is not id=url");
    expect(() => parseReplicaEndpoints("node1=not a url")).toThrow("is not a URL");
    expect(() => parseReplicaEndpoints("node1=http://a,node1=http://b")).toThrow("listed twice");
  });
});
