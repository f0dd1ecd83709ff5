/**
 * Every import a source file makes, read from its syntax tree (not by pattern), so `import type`,
 * re-exports, `import()` calls and types, `require` and triple-slash references all count.
 */
import { readdirSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import ts from "typescript";

export interface ImportSite {
  readonly specifier: string;
  /** 1-based. */
  readonly line: number;
}

export interface SourceImports {
  readonly imports: readonly ImportSite[];
  /** `/// <reference types="node" />` as "types:node", `/// <reference lib="dom" />` as "lib:dom". */
  readonly references: readonly string[];
}

export const sourceExtensions = new Set([
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".jsx",
  ".mjs",
  ".cjs",
]);

/** Folders that hold installs, build outputs and reports, never sources. */
export const generatedFolders = new Set([
  "node_modules",
  "dist",
  "coverage",
  "test-results",
  "playwright-report",
  "reports",
]);

/** Every source file under `root`, relative to it with forward slashes, sorted. */
export function listSourceFiles(root: string): string[] {
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || generatedFolders.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && sourceExtensions.has(extname(entry.name))) {
        files.push(relative(root, path).split(sep).join("/"));
      }
    }
  };
  visit(root);
  return files.sort();
}

function scriptKind(path: string): ts.ScriptKind {
  switch (extname(path)) {
    case ".tsx":
      return ts.ScriptKind.TSX;
    case ".jsx":
      return ts.ScriptKind.JSX;
    case ".js":
    case ".mjs":
    case ".cjs":
      return ts.ScriptKind.JS;
    default:
      return ts.ScriptKind.TS;
  }
}

function literalText(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
    ? node.text
    : undefined;
}

export function importsOf(path: string, text: string): SourceImports {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, scriptKind(path));
  const imports: ImportSite[] = [];
  const add = (specifier: string | undefined, node: ts.Node) => {
    if (specifier === undefined) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    imports.push({ specifier, line });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(literalText(node.moduleSpecifier), node);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference)
    ) {
      add(literalText(node.moduleReference.expression), node);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      if (isImport || isRequire) add(literalText(node.arguments[0]), node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(literalText(node.argument.literal), node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  const references = [
    ...source.typeReferenceDirectives.map((reference) => `types:${reference.fileName}`),
    ...source.libReferenceDirectives.map((reference) => `lib:${reference.fileName}`),
  ];
  return { imports, references };
}
