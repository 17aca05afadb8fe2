import type { TablesRelationalConfig } from "drizzle-orm";
import { sql } from "drizzle-orm";
import { NodePgSession, NodePgTransaction } from "drizzle-orm/node-postgres";
import pg from "pg";

type Schema = Record<string, unknown>;
type Session = NodePgSession<Schema, TablesRelationalConfig>;
type Transaction = NodePgTransaction<Schema, TablesRelationalConfig>;

interface SessionInternals {
  client: pg.Pool | pg.PoolClient;
  dialect: ConstructorParameters<typeof NodePgSession>[1];
  schema: ConstructorParameters<typeof NodePgSession>[2];
  options: ConstructorParameters<typeof NodePgSession>[3];
}

/**
 * drizzle-orm 0.45 sends BEGIN before its try/finally: a BEGIN on a connection that died while
 * idle (PostgreSQL restarted) never gives the client back, and the pool runs dry for good
 * (found by reliability/pg-restart.ts; drizzle-team/drizzle-orm#6023). This is the same
 * method with BEGIN inside, and a client that failed at BEGIN, COMMIT or ROLLBACK destroyed
 * rather than reused. (This app passes no transaction config, so none is supported.)
 */
export function patchPoolTransactions(): void {
  async function transaction(
    this: Session,
    run: (tx: Transaction) => Promise<unknown>,
    config?: unknown,
  ) {
    if (config !== undefined)
      throw new Error("transaction config is not supported by this app's patch");
    const self = this as unknown as SessionInternals;
    const client = self.client instanceof pg.Pool ? await self.client.connect() : null;
    const session = client
      ? new NodePgSession(client, self.dialect, self.schema, self.options)
      : this;
    const tx = new NodePgTransaction(self.dialect, session, self.schema) as Transaction;
    let broken: Error | undefined;
    const control = (statement: ReturnType<typeof sql>) =>
      tx.execute(statement).catch((error: Error) => {
        broken = error;
        throw error;
      });
    try {
      await control(sql`begin`);
      let result: unknown;
      try {
        result = await run(tx);
      } catch (error) {
        await control(sql`rollback`).catch(() => {});
        throw error;
      }
      await control(sql`commit`);
      return result;
    } finally {
      client?.release(broken);
    }
  }
  NodePgSession.prototype.transaction = transaction as unknown as Session["transaction"];
}
