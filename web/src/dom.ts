/** Options of {@link el}: a class, a `data-testid`, a text and other attributes. */
export interface ElementOptions {
  className?: string;
  testId?: string;
  /** Text content, set with `textContent` so that it is never parsed as markup. */
  text?: string;
  attrs?: Record<string, string>;
}

/** Creates an element with `options` and `children`. Strings become text nodes, never markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (options.className !== undefined) element.className = options.className;
  if (options.testId !== undefined) element.dataset.testid = options.testId;
  if (options.text !== undefined) element.textContent = options.text;
  for (const [name, value] of Object.entries(options.attrs ?? {})) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

let nextId = 0;

/** Returns a unique id for pairing a label with its input. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** Creates a radio input with its label, the label wrapping the input so that both are clickable. */
export function radio(name: string, value: string, labelText: string, testId: string): HTMLLabelElement {
  const input = el("input", { testId, attrs: { type: "radio", name, value } });
  return el("label", { className: "choice" }, input, ` ${labelText}`);
}

/** Returns the value of the checked radio of group `name` inside `root`, or undefined. */
export function checkedValue(root: ParentNode, name: string): string | undefined {
  const input = root.querySelector<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(name)}"]:checked`);
  return input?.value;
}
