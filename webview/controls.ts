// Wrappers around the few @vscode-elements components the panel uses. Importing each component's
// own module (not the whole library) keeps the bundle small.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { h } from './dom';

export function button(
  label: string,
  onClick: () => void,
  options: { icon?: string; secondary?: boolean; title?: string; id?: string } = {},
): VscodeButton {
  const element = document.createElement('vscode-button') as VscodeButton;
  element.textContent = label;
  if (options.icon) element.icon = options.icon;
  if (options.secondary) element.secondary = true;
  if (options.title) element.title = options.title;
  if (options.id) element.id = options.id;
  element.addEventListener('click', () => {
    if (!element.disabled) onClick();
  });
  return element;
}

export function textField(
  value: string,
  onInput: (value: string) => void,
  options: { placeholder?: string; label: string; type?: 'text' | 'number' | 'password'; id?: string },
): VscodeTextfield {
  const element = document.createElement('vscode-textfield') as VscodeTextfield;
  element.value = value;
  element.placeholder = options.placeholder ?? '';
  element.label = options.label;
  element.setAttribute('aria-label', options.label);
  if (options.type) element.type = options.type;
  if (options.id) element.id = options.id;
  element.addEventListener('input', () => onInput(element.value));
  return element;
}

export function select<T extends string>(
  choices: Array<{ value: T; label: string }>,
  value: T,
  onChange: (value: T) => void,
  label: string,
): VscodeSingleSelect {
  const element = document.createElement('vscode-single-select') as VscodeSingleSelect;
  element.setAttribute('aria-label', label);
  for (const choice of choices) {
    const option = document.createElement('vscode-option');
    option.setAttribute('value', choice.value);
    option.textContent = choice.label;
    if (choice.value === value) option.setAttribute('selected', '');
    element.appendChild(option);
  }
  element.addEventListener('change', () => onChange(element.value as T));
  return element;
}

export function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void): VscodeCheckbox {
  const element = document.createElement('vscode-checkbox') as VscodeCheckbox;
  element.label = label;
  element.checked = checked;
  element.addEventListener('change', () => onChange(element.checked));
  return element;
}

export function badge(text: string, title?: string): HTMLElement {
  const element = document.createElement('vscode-badge');
  element.textContent = text;
  if (title) element.title = title;
  return element;
}

/** A label above a control, for the narrow column layout. */
export function field(label: string, control: HTMLElement, note?: HTMLElement): HTMLElement {
  return h('div', { class: 'field' }, h('span', { class: 'field-label' }, label), control, note);
}
