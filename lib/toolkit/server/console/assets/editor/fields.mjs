/**
 * The inspector's form fields. Each calls `onChange` with the new value when the person commits it
 * (change: Enter, Tab, leaving the field), never on each keystroke: one edit, one undo step. Each
 * carries `data-field`, so the page puts the focus back where it was after it redraws the form.
 */
import { h, jsonTextarea } from '../kit.mjs';

/** A text field; an empty value means the field is removed (undefined). */
export function textField(label, id, value, onChange, options = {}) {
  const input = h('input', {
    type: 'text',
    'data-field': id,
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: options.placeholder,
  });
  // The attribute too: the page (and its tests) can find a field by what it holds.
  input.defaultValue = value === undefined || value === null ? '' : String(value);
  input.addEventListener('change', () => onChange(input.value === '' ? undefined : input.value));
  return h('label', {}, label, input);
}

/** A whole number field (seconds, attempts); empty removes the field. */
export function numberField(label, id, value, onChange, step = '1') {
  const input = h('input', { type: 'number', 'data-field': id, min: '0', step });
  input.value = typeof value === 'number' ? String(value) : '';
  input.addEventListener('change', () => onChange(input.value === '' ? undefined : Number(input.value)));
  return h('label', {}, label, input);
}

/**
 * A JSON value (Parameters, Result, Arguments): shown indented, parsed on change. Text that is not
 * JSON is not applied; the field says why and keeps it for fixing.
 */
export function jsonField(label, id, value, onChange) {
  const area = jsonTextarea(
    { 'data-field': id },
    '4',
    value === undefined ? '' : isExpression(value) ? value : JSON.stringify(value, null, 2),
  );
  const error = h('p', { class: 'field-error', role: 'alert', hidden: '' });
  area.addEventListener('change', () => {
    if (area.value.trim() === '') return onChange(undefined);
    if (isExpression(area.value.trim())) return onChange(area.value.trim());
    let parsed;
    try {
      parsed = JSON.parse(area.value);
    } catch (e) {
      error.textContent = `Not JSON: ${e.message}. Not applied.`;
      error.hidden = false;
      return undefined;
    }
    return onChange(parsed);
  });
  return h('label', {}, label, area, error);
}

/** A JSONata expression (`{% ... %}`) is shown and typed as it is, without JSON's quotes. */
function isExpression(value) {
  return typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');
}

/** A choice among `options` ([value, text] pairs); the value '' means none (undefined). */
export function selectField(label, id, options, value, onChange) {
  const select = h(
    'select',
    { 'data-field': id },
    ...options.map(([v, text]) => h('option', { value: v, selected: v === (value ?? '') }, text)),
  );
  select.addEventListener('change', () => onChange(select.value === '' ? undefined : select.value));
  return h('label', {}, label, select);
}

/** A list of error names typed as `A, B`. */
export function errorsField(label, id, errors, onChange) {
  return textField(label, id, Array.isArray(errors) ? errors.join(', ') : '', (text) =>
    onChange(
      (text ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    ),
  );
}

/** A small button that runs `onClick`. */
export function smallButton(text, attributes, onClick) {
  const button = h('button', { type: 'button', class: 'plain small', ...attributes }, text);
  button.addEventListener('click', onClick);
  return button;
}
