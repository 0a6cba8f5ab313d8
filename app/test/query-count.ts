import type { CompiledQuery, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";
import type { DatabaseHandle } from "../utils/db.server";

/**
 * Counts the statements a piece of code sends (issue 17: "a test counts queries per page"). A Kysely
 * plugin sees every statement — builders, raw `sql`, and those inside transactions, which inherit
 * the plugin — before it reaches the driver.
 */
export interface QueryCounter {
  /** How many statements were sent since the last `reset`. */
  readonly count: number;
  /** The statements' first words (e.g. `select … from "sessions"`), for a helpful failure. */
  readonly statements: string[];
  /** The statements as sent (SQL and parameters), e.g. to EXPLAIN them. */
  readonly compiled: CompiledQuery[];
  reset(): void;
}

export function countingDatabase<H extends DatabaseHandle>(handle: H): { database: H; counter: QueryCounter } {
  const statements: string[] = [];
  const compiled: CompiledQuery[] = [];
  const executor = handle.db.getExecutor();
  const plugin: KyselyPlugin = {
    transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
      statements.push(describe(node));
      compiled.push(executor.compileQuery(node, queryId));
      return node;
    },
    async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return result;
    },
  };
  const counter: QueryCounter = {
    get count() {
      return statements.length;
    },
    get statements() {
      return [...statements];
    },
    get compiled() {
      return [...compiled];
    },
    reset() {
      statements.length = 0;
      compiled.length = 0;
    },
  };
  return { database: { ...handle, db: handle.db.withPlugin(plugin) }, counter };
}

function describe(node: RootOperationNode): string {
  const table = firstTable(node);
  return table ? `${node.kind} ${table}` : node.kind;
}

/** The first table a statement names (its FROM, INTO or UPDATE target), looking through aliases. */
function firstTable(node: unknown): string | undefined {
  if (!node || typeof node !== "object") return undefined;
  const n = node as { kind?: string; table?: { identifier?: { name?: string } } };
  if (n.kind === "TableNode") return n.table?.identifier?.name;
  for (const value of Object.values(node)) {
    const found = Array.isArray(value) ? value.map(firstTable).find(Boolean) : firstTable(value);
    if (found) return found;
  }
  return undefined;
}

/** A node of `EXPLAIN (ANALYZE, FORMAT JSON)`'s plan, as far as the scale tests read it. */
export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Filter?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}
