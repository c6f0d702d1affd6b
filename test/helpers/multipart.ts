/** One part of a `multipart/form-data` body (RFC 7578). */
export interface FormPart {
  /** The `name` parameter of its Content-Disposition header, such as `file`. */
  name: string;
  /** The `filename` parameter, percent-decoded, or undefined when the part has none. */
  filename?: string;
  /** Its Content-Type header, `text/plain` when absent as RFC 7578 defines. */
  contentType: string;
  body: Buffer;
}

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/**
 * Returns the boundary of a `multipart/form-data` Content-Type header, or undefined when the header
 * is of another type or has no boundary.
 */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const [type, ...parameters] = contentType.split(";");
  if (type.trim().toLowerCase() !== "multipart/form-data") return undefined;

  for (const parameter of parameters) {
    const separator = parameter.indexOf("=");
    if (parameter.slice(0, separator).trim().toLowerCase() !== "boundary") continue;
    return parameter
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return undefined;
}

/**
 * Splits a `multipart/form-data` body into its parts.
 *
 * @throws Error when a delimiter or a part's headers are malformed, or the closing delimiter is missing.
 */
export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];

  let position = body.indexOf(delimiter);
  if (position === -1) throw new Error(`the body has no delimiter --${boundary}`);

  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === "--") return parts;
    if (!body.subarray(position, position + 2).equals(CRLF)) {
      throw new Error(`expected CRLF after the delimiter at byte ${position}`);
    }
    position += CRLF.length;

    const headerEnd = body.indexOf(HEADER_END, position);
    if (headerEnd === -1) throw new Error(`the headers of the part at byte ${position} do not end`);
    const headers = parseHeaders(body.subarray(position, headerEnd).toString("utf8"));

    const bodyStart = headerEnd + HEADER_END.length;
    const next = body.indexOf(Buffer.concat([CRLF, delimiter]), bodyStart);
    if (next === -1) throw new Error(`the part at byte ${position} has no closing delimiter`);

    parts.push({
      ...dispositionOf(headers),
      contentType: headers.get("content-type") ?? "text/plain",
      body: body.subarray(bodyStart, next),
    });
    position = next + CRLF.length;
  }
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split("\r\n")) {
    if (line === "") continue;
    const separator = line.indexOf(":");
    if (separator === -1) throw new Error(`invalid part header ${JSON.stringify(line)}`);
    headers.set(line.slice(0, separator).trim().toLowerCase(), line.slice(separator + 1).trim());
  }
  return headers;
}

function dispositionOf(headers: Map<string, string>): { name: string; filename?: string } {
  const disposition = headers.get("content-disposition");
  if (disposition === undefined) throw new Error("a part has no Content-Disposition header");

  const name = /;\s*name="([^"]*)"/.exec(disposition)?.[1];
  if (name === undefined) throw new Error(`no name in Content-Disposition ${JSON.stringify(disposition)}`);
  const filename = /;\s*filename="([^"]*)"/.exec(disposition)?.[1];
  return { name, filename: filename === undefined ? undefined : decodeURIComponent(filename) };
}
