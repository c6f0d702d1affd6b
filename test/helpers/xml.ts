/** The five entities that XML defines, the only `&` sequences that text may contain. */
const ENTITY = /&(amp|lt|gt|quot|apos);/g;

/**
 * Throws unless `svg` is a well-formed XML document with one root element: tags nest and close,
 * attributes are quoted, and text contains no raw `<`, `>` or `&` outside the five entities.
 */
export function checkWellFormed(svg: string): void {
  const body = svg.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, "");
  const stack: string[] = [];
  let roots = 0;
  let position = 0;
  for (const match of body.matchAll(/<[^<>]*>/g)) {
    checkText(body.slice(position, match.index), stack.length);
    position = match.index + match[0].length;

    const tag = /^<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>$/.exec(match[0]);
    if (tag === null) throw new Error(`malformed tag ${match[0]}`);
    const [, closing, name, attributes, selfClosing] = tag;
    checkText(
      attributes.replace(/="([^"]*)"/g, (_, value: string) => `=${value.replace(/[<>]/g, "")}`),
      1,
    );
    if (closing) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) {
      roots++;
    }
  }
  checkText(body.slice(position), stack.length);
  if (stack.length > 0) throw new Error(`unclosed elements ${stack.join(", ")}`);
  if (roots !== 1) throw new Error(`expected one root element, found ${roots}`);
}

function checkText(text: string, depth: number): void {
  if (depth === 0 && text.trim() !== "") throw new Error(`text outside the root: ${JSON.stringify(text)}`);
  const unescaped = text.replace(ENTITY, "");
  if (/[<>&]/.test(unescaped)) throw new Error(`unescaped character in ${JSON.stringify(text)}`);
}
