/**
 * Renders a minimal Markdown subset as DOM nodes: headings (`#` to `###`, shown one level below the
 * page's own), bullet lists (`-` or `*`) and paragraphs. Every text goes through `textContent`, so
 * untrusted text can never become markup. Other Markdown is shown as plain text.
 */
export function renderMarkdown(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let paragraph: string[] = [];
  let list: HTMLUListElement | undefined;

  const flushParagraph = (): void => {
    if (paragraph.length === 0) return;
    const element = document.createElement("p");
    element.textContent = paragraph.join(" ");
    fragment.append(element);
    paragraph = [];
  };

  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const item = /^[-*]\s+(.*)$/.exec(line);
    if (line === "") {
      flushParagraph();
      list = undefined;
    } else if (heading !== null) {
      flushParagraph();
      list = undefined;
      // The page's h1 is the site and its h2 the proposal, so the document's headings start at h3.
      const level = Math.min(heading[1].length + 2, 6);
      const element = document.createElement(`h${level}`);
      element.textContent = heading[2];
      fragment.append(element);
    } else if (item !== null) {
      flushParagraph();
      if (list === undefined) {
        list = document.createElement("ul");
        fragment.append(list);
      }
      const element = document.createElement("li");
      element.textContent = item[1];
      list.append(element);
    } else {
      list = undefined;
      paragraph.push(line);
    }
  }
  flushParagraph();
  return fragment;
}
