// Small DOM helpers. Every piece of text goes in with textContent, never as HTML.

export function $(id) {
  return document.getElementById(id);
}

// el('li', {className: 'x', text: 'Hello', attrs: {id: 'a'}}, [child, ...])
export function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

export function clear(node) {
  node.replaceChildren();
}

export function show(node, visible) {
  node.hidden = !visible;
}

// The API stores times in UTC without a zone; show them in the editor's own time, in words.
export function when(iso) {
  if (!iso) return '';
  const date = new Date(/[zZ]|[+-]\d\d:\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

// Say something to screen reader users through a polite live region (and show it).
export function say(node, message, kind = 'info') {
  node.textContent = message;
  node.dataset.kind = kind;
}

export const STATUS_WORDS = { draft: 'Draft', published: 'Published', deleted: 'Deleted' };

export const ACTION_WORDS = {
  seed: 'First version, from the content files',
  create: 'Created',
  save: 'Saved as draft',
  publish: 'Published',
  delete: 'Deleted',
  unpublish: 'Unpublished',
  restore: 'Restored an older version',
  import: 'Imported from the content files',
};
