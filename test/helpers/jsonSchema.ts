/**
 * A JSON Schema (draft 2020-12) evaluator for the keywords that `src/config/cooperative.schema.json`
 * uses, written for the tests so that the schema can be checked against the config reader without
 * a validator package. It throws on any other keyword, so no rule of the schema is skipped silently.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [keyword: string]: Json };

/** Keywords that only annotate, and never make a document invalid. */
const ANNOTATIONS = new Set(["$schema", "$id", "$defs", "title", "description"]);

/** Returns whether `value` is valid against `root`. */
export function isValidAgainstSchema(root: Schema, value: unknown): boolean {
  return evaluate(root, root, value as Json);
}

function evaluate(root: Schema, schema: Schema, value: Json): boolean {
  for (const [keyword, argument] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword === "then") continue;
    if (!check(root, schema, keyword, argument, value)) return false;
  }
  return true;
}

function check(root: Schema, schema: Schema, keyword: string, argument: Json, value: Json): boolean {
  switch (keyword) {
    case "$ref":
      return evaluate(root, resolve(root, argument as string), value);
    case "type":
      return typeOf(value).includes(argument as string);
    case "enum":
      return (argument as Json[]).some((option) => equal(option, value));
    case "const":
      return equal(argument, value);
    case "minimum":
      return typeof value !== "number" || value >= (argument as number);
    case "maximum":
      return typeof value !== "number" || value <= (argument as number);
    case "minLength":
      return typeof value !== "string" || [...value].length >= (argument as number);
    case "maxLength":
      return typeof value !== "string" || [...value].length <= (argument as number);
    case "pattern":
      return typeof value !== "string" || new RegExp(argument as string, "u").test(value);
    case "minItems":
      return !Array.isArray(value) || value.length >= (argument as number);
    case "maxItems":
      return !Array.isArray(value) || value.length <= (argument as number);
    case "uniqueItems":
      return (
        !Array.isArray(value) ||
        !argument ||
        value.every((item, i) => value.findIndex((other) => equal(other, item)) === i)
      );
    case "items":
      return !Array.isArray(value) || value.every((item) => evaluate(root, argument as Schema, item));
    case "required":
      return !isObject(value) || (argument as string[]).every((key) => key in value);
    case "properties":
      return (
        !isObject(value) ||
        Object.entries(argument as Record<string, Schema>).every(
          ([key, property]) => !(key in value) || evaluate(root, property, value[key]),
        )
      );
    case "additionalProperties":
      if (argument !== false) throw new Error("Only additionalProperties: false is supported.");
      return !isObject(value) || Object.keys(value).every((key) => key in ((schema.properties as Schema) ?? {}));
    case "oneOf":
      return (argument as Schema[]).filter((option) => evaluate(root, option, value)).length === 1;
    case "not":
      return !evaluate(root, argument as Schema, value);
    case "if":
      return !evaluate(root, argument as Schema, value) || evaluate(root, (schema.then as Schema) ?? {}, value);
    default:
      throw new Error(`Keyword ${keyword} is not supported by this evaluator: add it before using it in the schema.`);
  }
}

function resolve(root: Schema, reference: string): Schema {
  if (!reference.startsWith("#/")) throw new Error(`Only local references are supported, not ${reference}.`);
  let target: Json = root;
  for (const part of reference.slice(2).split("/")) {
    if (!isObject(target)) throw new Error(`Reference ${reference} not found.`);
    target = target[part];
  }
  if (!isObject(target)) throw new Error(`Reference ${reference} not found.`);
  return target;
}

function typeOf(value: Json): string[] {
  if (value === null) return ["null"];
  if (Array.isArray(value)) return ["array"];
  if (typeof value === "number") return Number.isInteger(value) ? ["number", "integer"] : ["number"];
  return [typeof value];
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function equal(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
