/** The five entities that XML predefines, each keyed by the character it replaces. */
const XML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * Code points that XML 1.0 forbids in a document even as character references: control characters
 * other than tab, line feed and carriage return, lone surrogates, U+FFFE and U+FFFF.
 */
const NON_XML_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const REPLACEMENT_CHARACTER = "\uFFFD";

const ELLIPSIS = "…";

/**
 * Escapes `text` for XML text and attribute values: `&`, `<`, `>`, `"` and `'` become entities, and
 * code points that XML 1.0 forbids become U+FFFD, so that any user-given label yields well-formed XML.
 */
export function escapeXml(text: string): string {
  return text.replace(NON_XML_CHARACTERS, REPLACEMENT_CHARACTER).replace(/[&<>"']/g, (char) => XML_ENTITIES[char]);
}

/**
 * Shortens `text` to at most `maxLength` code points, ending it with "…" when it was cut. Code points
 * are counted so that a character outside the Basic Multilingual Plane is never split.
 *
 * NOTE: SVG has no text wrapping, so callers bound a label's width by its length in code points.
 * This is an estimate, because wide characters such as CJK ideographs or emoji take more room.
 */
export function shortenText(text: string, maxLength: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxLength) return text;
  return codePoints.slice(0, maxLength - 1).join("") + ELLIPSIS;
}
