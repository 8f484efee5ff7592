import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { z, type ZodType } from 'zod';

/**
 * A zod schema as OpenAPI 3.0 sees it: the schemas that validate are also the documentation. `input` for what
 * clients send (defaults optional), `output` for what the api answers, and for query parameters, whose documented
 * type is the value after parsing (a query string's `limit=5` is the integer 5).
 */
export function openApiSchema(schema: ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, target: 'openapi-3.0', unrepresentable: 'any' }) as Record<string, unknown>;
  return json;
}
