/**
 * The building blocks of a self-contained HTML document: escaping, elements, a page with inline CSS. Everything
 * that came from CRM data (rep, account, deal and stage names) goes through {@link escapeHtml}, so a name such as
 * `<img src=x onerror=alert(1)>` shows as text and never runs.
 * @module
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for element content and quoted attribute values (also inside inline SVG). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

/** Markup that is already safe: built by these helpers from escaped text. */
export interface Html {
  readonly html: string;
}

export const raw = (html: string): Html => ({ html });

type Child = Html | string | number | null | undefined | false | readonly Child[];

function childHtml(child: Child): string {
  if (child === null || child === undefined || child === false) return '';
  if (typeof child === 'string') return escapeHtml(child);
  if (typeof child === 'number') return String(child);
  if (Array.isArray(child)) return (child as readonly Child[]).map(childHtml).join('');
  return (child as Html).html;
}

export type Attributes = Readonly<Record<string, string | number | undefined>>;

function attributeHtml(attributes: Attributes): string {
  return Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(String(value))}"`)
    .join('');
}

/** An element with escaped attributes and children (strings are text, {@link Html} is markup). */
export function element(tag: string, attributes: Attributes, ...children: Child[]): Html {
  return raw(`<${tag}${attributeHtml(attributes)}>${children.map(childHtml).join('')}</${tag}>`);
}

/** A self-closing element (SVG shapes). */
export function empty(tag: string, attributes: Attributes): Html {
  return raw(`<${tag}${attributeHtml(attributes)}/>`);
}

export const join = (...children: Child[]): Html => raw(children.map(childHtml).join(''));

/** A whole document: UTF-8, inline CSS, no script and no network. */
export function htmlPage(title: string, css: string, body: Html): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    `<body>${body.html}</body>`,
    '</html>',
    '',
  ].join('\n');
}
