import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

export interface DocumentedOperation {
  /** `GET /api/v1/conversations/{conversationId}/messages` */
  key: string;
  method: string;
  path: string;
  secured: boolean;
  parameters: Array<{ name: string; in: 'path' | 'query'; required: boolean; schema: Json }>;
  bodySchema?: Json;
  responses: Record<string, { headers?: Json; content?: { 'application/json'?: { schema?: Json } } }>;
}

export interface LiveAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/**
 * The api's live OpenAPI document as a checker of live answers: is this status documented for this operation, does
 * the body validate against the schema documented for it, are the documented headers there. Every documented
 * response must carry a schema: an answer that cannot be checked is a violation too.
 */
export class OpenApiContract {
  private readonly ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  private readonly validators = new Map<string, ValidateFunction>();

  private constructor(private readonly document: Json) {}

  static async load(apiUrl: string): Promise<OpenApiContract> {
    const response = await fetch(`${apiUrl}/api/openapi.json`);
    if (!response.ok) throw new Error(`no OpenAPI document: ${response.status}`);
    return new OpenApiContract((await response.json()) as Json);
  }

  operations(): DocumentedOperation[] {
    const paths = this.document.paths as Record<string, Record<string, Json>>;
    return Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const body = (operation.requestBody as { content?: { 'application/json'?: { schema?: Json } } } | undefined)?.content?.['application/json']?.schema;
        return {
          key: `${method.toUpperCase()} ${path}`,
          method: method.toUpperCase(),
          path,
          secured: Array.isArray(operation.security) && operation.security.length > 0,
          parameters: ((operation.parameters as DocumentedOperation['parameters'] | undefined) ?? []).map((p) => ({ ...p, schema: this.resolve(p.schema) as Json })),
          ...(body ? { bodySchema: this.resolve(body) as Json } : {}),
          responses: operation.responses as DocumentedOperation['responses'],
        };
      }),
    );
  }

  operation(key: string): DocumentedOperation {
    const found = this.operations().find((o) => o.key === key);
    if (!found) throw new Error(`${key} is not in the OpenAPI document`);
    return found;
  }

  /** What is wrong with this answer of this operation, by the document; empty when it is as documented. */
  violations(key: string, answer: LiveAnswer): string[] {
    const operation = this.operation(key);
    const documented = operation.responses[String(answer.status)];
    if (!documented) return [`${key} answered ${answer.status}, which is not documented (documented: ${Object.keys(operation.responses).join(', ')})`];
    const problems: string[] = [];
    for (const header of Object.keys(documented.headers ?? {})) {
      if (!answer.headers.has(header)) problems.push(`${key} ${answer.status} lacks the documented header ${header}`);
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return [...problems, `${key} ${answer.status} has no documented schema to check the answer against`];
    const validate = this.validator(`${key} ${answer.status}`, schema);
    if (!validate(answer.body)) {
      problems.push(`${key} ${answer.status} does not match its schema: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(answer.body).slice(0, 400)}`);
    }
    return problems;
  }

  private validator(name: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(name);
    if (!validate) {
      validate = this.ajv.compile(this.resolve(schema) as Json);
      this.validators.set(name, validate);
    }
    return validate;
  }

  /** Inlines `#/components/...` references (the document has no cycles). */
  private resolve(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((n) => this.resolve(n));
    if (!node || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((at, part) => (at as Json | undefined)?.[part], this.document);
      if (target === undefined) throw new Error(`unresolved reference ${ref}`);
      return this.resolve(target);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, this.resolve(v)]));
  }
}
