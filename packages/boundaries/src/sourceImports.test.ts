import { describe, expect, it } from "vitest";
import { importsOf } from "./sourceImports.js";

const specifiers = (path: string, text: string) =>
  importsOf(path, text).imports.map(({ specifier, line }) => `${line} ${specifier}`);

describe("importsOf", () => {
  it("finds every form of import, type-only ones included, with its line", () => {
    const text = [
      'import a from "./a.js";',
      'import type { B } from "./b.js";',
      'import { type C } from "./c.js";',
      'export { d } from "./d.js";',
      'export * as e from "./e.js";',
      'const f = await import("./f.js");',
      'type G = typeof import("./g.js");',
      'import h = require("./h.js");',
      'import "./i.css";',
    ].join("\n");
    expect(specifiers("x.ts", text)).toEqual([
      "1 ./a.js",
      "2 ./b.js",
      "3 ./c.js",
      "4 ./d.js",
      "5 ./e.js",
      "6 ./f.js",
      "7 ./g.js",
      "8 ./h.js",
      "9 ./i.css",
    ]);
  });

  it("reads require in plain JavaScript, and nothing out of strings or JSX text", () => {
    expect(
      specifiers("x.cjs", 'const fs = require("node:fs");\nconst s = "import x from \'y\'";\n'),
    ).toEqual(["1 node:fs"]);
    expect(
      specifiers(
        "x.tsx",
        'import { A } from "./a";\nexport const P = () => <p>import b from "b"</p>;\n',
      ),
    ).toEqual(["1 ./a"]);
  });

  it("lists triple-slash references to types and libs", () => {
    const text = '/// <reference types="node" />\n/// <reference lib="dom" />\nexport {};\n';
    expect(importsOf("x.ts", text).references).toEqual(["types:node", "lib:dom"]);
  });
});
