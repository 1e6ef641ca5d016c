import { z } from "zod";

/**
 * Turns the features' contracts (paths whose schemas are zod) into OpenAPI JSON: every zod
 * schema through z.toJSONSchema, request bodies and parameters as the client sends them
 * (io: "input"), responses as the handler answers (io: "output"). A schema with a
 * `.meta({ id })` becomes a named component, referenced where it is used.
 */
const REF = "#/components/schemas/";
const SAFE_INTEGER_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);
const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options"]);

type Io = "input" | "output";
type JsonSchema = Record<string, unknown>;

export function generate<T>(paths: T, components: Record<string, JsonSchema>): T {
  const toJson = (schema: z.ZodType, io: Io): JsonSchema => {
    const json = z.toJSONSchema(schema, {
      io,
      unrepresentable: "any",
      override: ({ jsonSchema: s }) => tidy(s, io),
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const { $schema: _, $defs, ...rest } = json;
    for (const [id, def] of Object.entries($defs ?? {})) components[id] = relink(def);
    return relink(rest);
  };
  const content = (c: Record<string, { schema?: unknown }> | undefined, io: Io) =>
    c &&
    Object.fromEntries(
      Object.entries(c).map(([type, media]) => [
        type,
        media.schema instanceof z.ZodType ? { ...media, schema: toJson(media.schema, io) } : media,
      ]),
    );
  const parameters = (list: { schema?: unknown }[] | undefined) =>
    list?.map((p) =>
      p.schema instanceof z.ZodType ? { ...p, schema: toJson(p.schema, "input") } : p,
    );
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(paths as Record<string, Record<string, Operation>>)) {
    out[path] = {};
    for (const [key, value] of Object.entries(item)) {
      if (key === "parameters")
        out[path][key] = parameters(value as unknown as { schema?: unknown }[]);
      else if (!METHODS.has(key)) out[path][key] = value;
      else
        out[path][key] = {
          ...value,
          ...(value.parameters ? { parameters: parameters(value.parameters) } : {}),
          ...(value.requestBody
            ? {
                requestBody: {
                  ...value.requestBody,
                  content: content(value.requestBody.content, "input"),
                },
              }
            : {}),
          responses: Object.fromEntries(
            Object.entries(value.responses ?? {}).map(([status, r]) => [
              status,
              {
                ...r,
                ...(r.headers ? { headers: content(r.headers, "output") } : {}),
                ...(r.content ? { content: content(r.content, "output") } : {}),
              },
            ]),
          ),
        };
    }
  }
  return out as T;
}

type Operation = {
  parameters?: { schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<
    string,
    {
      headers?: Record<string, { schema?: unknown }>;
      content?: Record<string, { schema?: unknown }>;
    }
  >;
};

/** An operation's declared statuses, each with its JSON body's zod schema (or undefined). */
export function declaredResponses(
  paths: object,
  path: string,
  method: string,
): Record<string, z.ZodType | undefined> | undefined {
  const operation = (paths as Record<string, Record<string, Operation>>)[path]?.[
    method.toLowerCase()
  ];
  if (!operation) return undefined;
  return Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, r]) => {
      const schema = r.content?.["application/json"]?.schema;
      return [status, schema instanceof z.ZodType ? schema : undefined];
    }),
  );
}

/** What zod adds that the document never said: date patterns, ±2^53 bounds, closed objects. */
function tidy(s: JsonSchema, io: Io) {
  if (s.format === "date-time" || s.format === "date") delete s.pattern;
  if (SAFE_INTEGER_BOUNDS.has(s.minimum as number)) delete s.minimum;
  if (SAFE_INTEGER_BOUNDS.has(s.maximum as number)) delete s.maximum;
  if (io === "output" && s.additionalProperties === false) delete s.additionalProperties;
}

function relink<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', `"${REF}`));
}
