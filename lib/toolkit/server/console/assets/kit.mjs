/* global document, fetch */
/**
 * What every part of the console shares: making elements (text never parsed as HTML), calling the
 * Step Functions API of this endpoint as the AWS SDK does, showing an error. A module of its own so
 * that the page (console.mjs) and its parts (actions.mjs) import it without importing each other.
 */

/** Calls the Step Functions API of this endpoint, as the AWS SDK does; throws its error message. */
export async function stepFunctions(operation, request) {
  const response = await fetch('/', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': `AWSStepFunctions.${operation}`,
    },
    body: JSON.stringify(request),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new Error(`${body.__type ?? response.status}: ${body.message ?? response.statusText}`);
  return body;
}

/** Creates an element; children are nodes or text (never parsed as HTML). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v !== undefined && v !== false) element.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) {
    if (child === '' || child === undefined || child === null) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

/** A textarea for JSON (no spell checking); `attributes` name or label it. */
export function jsonTextarea(attributes, rows, value = '') {
  const area = h('textarea', { ...attributes, rows, spellcheck: 'false' });
  area.value = value;
  return area;
}

export function showError(element, message) {
  element.textContent = message;
  element.hidden = false;
}

export function formatDate(iso) {
  const d = new Date(iso);
  return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${d.toLocaleTimeString(
    undefined,
    {
      hour12: false,
    },
  )}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
