import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDatabase } from "@/server/db";
import { chatMessages, chatSessions } from "@/server/db/schema";
import { client, closeTestDatabase, signUp } from "../helpers/app";
import { sqlRows } from "../helpers/sql";

describe("database", () => {
  it("applies every migration and reports its driver on /api/health", async () => {
    const { driver } = await getDatabase();
    const tables = await sqlRows<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    expect(tables.map((r) => r.table_name)).toEqual([
      "account",
      "chat_messages",
      "chat_session_shares",
      "chat_session_tags",
      "chat_sessions",
      "chat_summaries",
      "imported_conversations",
      "imports",
      "projects",
      "session",
      "session_templates",
      "share_links",
      "tags",
      "user",
      "verification",
    ]);
    const health = await client().get("/api/health");
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ ok: true, database: driver });
    expect(driver).toBe(process.env.DATABASE_URL ? "postgres" : "pglite");
  });

  it("keeps users and projects across a restart of the app's database connection", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Durable" })).body.project;
    await closeTestDatabase();
    // The next request reopens the same folder (PGlite) or database (PostgreSQL).
    const listed = await alice.get("/api/projects");
    expect(listed.status).toBe(200);
    expect(listed.body.projects).toEqual([project]);
  });

  it("reads the exports from a pool whose statements PostgreSQL times out (PGlite: the one connection)", async () => {
    const { db, bulkReads, driver } = await getDatabase();
    if (driver === "pglite") {
      expect(bulkReads).toBe(db);
      return;
    }
    const result = (await bulkReads.execute(
      sql`select current_setting('statement_timeout') as timeout, current_setting('application_name') as name`,
    )) as unknown as { rows: { timeout: string; name: string }[] };
    expect(result.rows).toEqual([{ timeout: "15s", name: "craft-bulk" }]);
  });

  it("deletes a project's sessions and messages with it", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Doomed" })).body.project;
    const { db } = await getDatabase();
    const [session] = await db.insert(chatSessions).values({ projectId: project.id }).returning();
    if (!session) throw new Error("no session inserted");
    await db.insert(chatMessages).values([
      {
        id: "hello",
        userId: alice.userId,
        chatSessionId: session.id,
        seq: 1,
        depth: 1,
        role: "user",
        content: "hello",
      },
      {
        userId: alice.userId,
        chatSessionId: session.id,
        parentId: "hello",
        seq: 2,
        depth: 2,
        role: "assistant",
        content: "hi",
      },
    ]);

    expect((await alice.delete(`/api/projects/${project.id}`)).status).toBe(200);
    const left = await sqlRows<{ sessions: number; messages: number }>(
      sql`select (select count(*)::int from chat_sessions where id = ${session.id}) as sessions,
                 (select count(*)::int from chat_messages where chat_session_id = ${session.id}) as messages`,
    );
    expect(left[0]).toEqual({ sessions: 0, messages: 0 });
  });

  it("refuses a role outside user/assistant at the database too", async () => {
    const alice = await signUp();
    const project = (await alice.post("/api/projects", { name: "Checked" })).body.project;
    const { db } = await getDatabase();
    const [session] = await db.insert(chatSessions).values({ projectId: project.id }).returning();
    if (!session) throw new Error("no session inserted");
    await expect(
      db.execute(
        sql`insert into chat_messages (id, user_id, chat_session_id, seq, depth, role, content) values ('m1', ${alice.userId}, ${session.id}, 1, 1, 'system', 'x')`,
      ),
    ).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/chat_messages_role_check/) },
    });
  });
});
