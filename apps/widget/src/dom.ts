/**
 * Element building for the widget. Text goes in as text nodes only: nothing here parses HTML, so a message that
 * contains markup is shown as the characters it is.
 */
type Attributes = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  setAttributes(element, attributes);
  append(element, ...children);
  return element;
}

export function setAttributes(element: Element, attributes: Attributes): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}

/** Strings become text nodes (Element.append never parses them). */
export function append(parent: ParentNode, ...children: Child[]): void {
  for (const child of children) if (child !== null && child !== undefined && child !== false) parent.append(child);
}

export function replaceChildren(parent: ParentNode, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A shared stylesheet: adopted, so it also works under a Content-Security-Policy without 'unsafe-inline'. */
export function adoptStyles(root: ShadowRoot, css: CSSStyleSheet | string): void {
  if (typeof css !== 'string') {
    root.adoptedStyleSheets = [css];
    return;
  }
  root.append(h('style', {}, css));
}

export function stylesheet(css: string): CSSStyleSheet | string {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    return sheet;
  } catch {
    // Browsers without constructable stylesheets get a <style> element instead.
    return css;
  }
}
