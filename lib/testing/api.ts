// TEST-ONLY: calls /api/v1 route handlers in-process, against a real test database (PGlite or
// PostgreSQL), with real API tokens of each role. The handlers open the database through
// lib/db/client's process-wide promise, which this points at the test database.
import { createApiToken } from "@/lib/auth/tokens";
import { cliActor, type Role } from "@/lib/auth/actor";
import { expectDeclaredResponse } from "./contract";
import { createTestDatabase, type TestDatabase } from "./databases";

type RouteHandler<P> = (req: Request, context: { params: Promise<P> }) => Promise<Response>;
export type ApiCall = { token?: Role | null; body?: unknown; headers?: Record<string, string> };
export type ApiHarness = TestDatabase & {
  tokens: Record<Role, string>;
  call: <P>(
    handler: RouteHandler<P>,
    method: string,
    path: string,
    params: P,
    options?: ApiCall,
  ) => Promise<Response>;
  auditCount: () => Promise<number>;
};

const globalForDb = globalThis as unknown as {
  d1Db?: Promise<{ prisma: TestDatabase["prisma"]; target: unknown; close: () => Promise<void> }>;
};

/** A migrated test database that the route handlers use, and a token of each role on it. */
export async function apiHarness(kind: "pglite" | "postgres"): Promise<ApiHarness> {
  const database = await createTestDatabase(kind);
  globalForDb.d1Db = Promise.resolve({
    prisma: database.prisma,
    target: { kind },
    close: async () => {},
  });
  const tokens = {} as Record<Role, string>;
  for (const role of ["viewer", "operator", "admin"] as const) {
    const made = await createApiToken(database.prisma, cliActor(), { name: `test-${role}`, role });
    if (!made.ok) throw new Error(made.message);
    tokens[role] = made.token;
  }
  const call: ApiHarness["call"] = async (handler, method, path, params, options = {}) => {
    const headers = new Headers(options.headers);
    const role = options.token === undefined ? "admin" : options.token;
    if (role) headers.set("authorization", `Bearer ${tokens[role]}`);
    let body: BodyInit | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const response = await handler(
      new Request(`http://localhost${path}`, { method, headers, body }),
      { params: Promise.resolve(params) },
    );
    // Every answer a test sees is also held to the contract the OpenAPI document declares.
    await expectDeclaredResponse(method, path, response);
    return response;
  };
  return {
    ...database,
    tokens,
    call,
    auditCount: () => database.prisma.auditEvent.count(),
    drop: async () => {
      globalForDb.d1Db = undefined;
      await database.drop();
    },
  };
}
