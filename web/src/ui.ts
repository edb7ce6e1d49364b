// Small DOM helpers shared by the pages: element building, status messages read out by screen
// readers, French number formats, autocompletion on the API, and state kept in the URL.

import { get, type MetierHit, type Territory } from './api';

export type Child = Node | string | null | undefined | false | Child[];

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | number | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  const add = (c: Child): void => {
    if (Array.isArray(c)) c.forEach(add);
    else if (c !== null && c !== undefined && c !== false) el.append(c);
  };
  children.forEach(add);
  return el;
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const percentFormat = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0, signDisplay: 'exceptZero' });

export const fmt = {
  int: (x: number) => numberFormat.format(x),
  dec: (x: number) => decimalFormat.format(x),
  pct: (x: number) => percentFormat.format(x),
  eur: (x: number) => `${numberFormat.format(x)} €`,
  date: (iso: string) => (iso ? new Date(`${iso}T00:00:00`).toLocaleDateString('fr-FR') : ''),
};

// A region that announces loading, errors and empty results (role=status, aria-live).
export function statusLine(): HTMLParagraphElement {
  return h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
}

// The region stays in the page (an empty one takes no room): a live region shown only when it
// gets its text is often not read out.
export function setStatus(el: HTMLElement, kind: 'loading' | 'error' | 'empty' | 'ok', text: string): void {
  el.className = `status ${kind}`;
  el.textContent = text;
}

// Work to undo when the page is left (a WebGL map, charts): registered by pages, run by the shell.
const leaving: (() => void)[] = [];
export function onLeave(fn: () => void): void {
  leaving.push(fn);
}
export function leavePage(): void {
  for (const fn of leaving.splice(0)) {
    try {
      fn();
    } catch {
      // A page already torn down.
    }
  }
}

// Query-string state of the current page: read, and replaced without reloading.
export function readState(): URLSearchParams {
  return new URLSearchParams(location.search);
}

export function writeState(values: Record<string, string | undefined>): void {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) params.set(k, v);
  const url = `${location.pathname}${params.toString() ? `?${params}` : ''}${location.hash}`;
  history.replaceState(null, '', url);
}

let listId = 0;

// A text field with suggestions from the API (native datalist: keyboard and screen readers
// handle it). `pick` turns a typed label back into its code ("" when it matches none).
export function suggestField(
  label: string,
  name: string,
  fetchHits: (q: string) => Promise<{ code: string; label: string }[]>,
  hint: string,
): { wrapper: HTMLDivElement; input: HTMLInputElement; pick: () => string; resolve: () => Promise<{ code: string; several: string[] }>; label: () => string; set: (code: string, label: string) => void } {
  const id = `f-${name}-${++listId}`;
  const list = h('datalist', { id: `${id}-list` });
  const input = h('input', { id, name, type: 'text', list: `${id}-list`, autocomplete: 'off', 'aria-describedby': `${id}-hint` });
  const known = new Map<string, string>();  // Shown label → code.
  let timer = 0;
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2 || known.has(q)) return;
    timer = window.setTimeout(async () => {
      try {
        const hits = await fetchHits(q);
        list.replaceChildren(...hits.map((x) => {
          const shown = `${x.label} (${x.code})`;
          known.set(shown, x.code);
          return h('option', { value: shown });
        }));
      } catch {
        list.replaceChildren();
      }
    }, 150);
  });
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), input, list, h('small', { id: `${id}-hint` }, hint));
  const pick = () => {
    const v = input.value.trim();
    if (known.has(v)) return known.get(v) ?? '';
    const m = /\(([0-9A-Z]{4,9})\)$/.exec(v);  // "Label (CODE)" typed or pasted.
    if (m) return m[1];
    if (/^[A-Z][0-9]{4}$/.test(v) || /^[0-9AB]{5}$/.test(v)) return v;  // A bare code.
    return '';
  };
  const set = (code: string, shown: string) => {
    const v = `${shown} (${code})`;
    known.set(v, code);
    input.value = v;
  };
  // The label part of "Label (CODE)", or the text as typed.
  const shownLabel = () => input.value.trim().replace(/ \([0-9A-Z]{4,9}\)$/, '');
  // What was typed without choosing a suggestion ("Metz", "57", "caissier"): the code `pick`
  // reads, otherwise the one search hit whose label or code is the text, or the only hit. When
  // the text names several, their labels, so that the page can say which to choose.
  const resolve = async (): Promise<{ code: string; several: string[] }> => {
    const code = pick();
    const v = input.value.trim();
    if (code || v.length < 2) return { code, several: [] };
    let hits: { code: string; label: string }[];
    try {
      hits = await fetchHits(v);
    } catch {
      return { code: '', several: [] };
    }
    const exact = hits.filter((x) => fold(x.label.replace(/ \([0-9AB]{2,3}\)$/, '')) === fold(v) || x.code === v);
    const chosen = exact.length === 1 ? exact[0] : hits.length === 1 ? hits[0] : undefined;
    if (chosen) {
      set(chosen.code, chosen.label);
      return { code: chosen.code, several: [] };
    }
    return { code: '', several: (exact.length ? exact : hits).slice(0, 6).map((x) => `${x.label} (${x.code})`) };
  };
  return { wrapper, input, pick, resolve, label: shownLabel, set };
}

// Case and accents left out, as the API compares names.
function fold(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[’']/g, ' ').replace(/\s+/g, ' ').trim();
}

// A page's form whose field names one thing: on submit, what was typed is resolved, said in words
// when it names nothing or several, else shown.
export function onSubmitResolved(
  form: HTMLFormElement,
  field: { input: HTMLInputElement; resolve: () => Promise<{ code: string; several: string[] }> },
  what: string,
  status: HTMLParagraphElement,
  show: (code: string) => Promise<void>,
): void {
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void (async () => {
      const typed = field.input.value.trim();
      const { code, several } = await field.resolve();
      if (!code && typed) {
        setStatus(status, 'empty', notResolved(what, typed, several));
        field.input.focus();
        return;
      }
      await show(code);
    })();
  });
}

// The sentence a page shows when a typed text names nothing, or several things.
export function notResolved(what: string, typed: string, several: string[], feminine = false): string {
  const one = feminine ? 'une' : 'un';
  if (!several.length) return `Aucun${feminine ? 'e' : ''} ${what} ne correspond à « ${typed} » : choisissez-en ${one} dans la liste proposée.`;
  return `Plusieurs ${what}s correspondent à « ${typed} » (${several.join(', ')}${several.length >= 6 ? '…' : ''}) : choisissez-en ${one} dans la liste proposée.`;
}

export const searchMetiers = async (q: string) =>
  (await get<{ metiers: MetierHit[] }>('/api/metiers', { q, limit: 12 })).metiers.map((m) => ({ code: m.code, label: m.label }));

export const searchCompetences = async (q: string) =>
  (await get<{ competences: { code: number; label: string }[] }>('/api/competences', { q, limit: 12 })).competences.map((c) => ({ code: String(c.code), label: c.label }));

export const searchCommunes = async (q: string) =>
  (await get<{ territories: Territory[] }>('/api/territories', { q, level: 'commune', limit: 12 })).territories;

export function searchAreas(level: string) {
  return async (q: string) => (await get<{ territories: Territory[] }>('/api/territories', { q, level, limit: 12 })).territories;
}

export function selectField(label: string, name: string, options: [string, string][], value: string): { wrapper: HTMLDivElement; select: HTMLSelectElement } {
  const id = `f-${name}-${++listId}`;
  const select = h('select', { id, name }, ...options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
  return { wrapper: h('div', { class: 'field' }, h('label', { for: id }, label), select), select };
}

export const LEVELS: [string, string][] = [
  ['ze', "Zones d'emploi"],
  ['epci', 'Intercommunalités (EPCI)'],
  ['dep', 'Départements'],
];

export const TENSION_LABELS = ['', 'Très faible', 'Faible', 'Moyenne', 'Forte', 'Très forte'];

// Years with postings, latest first, from the last month the store holds.
export function yearsUpTo(lastMonth: string): string[] {
  const last = Number(lastMonth.slice(0, 4)) || new Date().getFullYear();
  return Array.from({ length: 5 }, (_, i) => String(last - i));
}

// The last complete year: a year still running would compare a few months with a whole year.
export function defaultYear(lastMonth: string): string {
  const year = Number(lastMonth.slice(0, 4)) || new Date().getFullYear();
  return String(lastMonth.slice(5, 7) === '12' ? year : year - 1);
}

// A table with a caption; rows of cells (strings or nodes).
export function table(caption: string, head: string[], rows: Child[][], numeric: boolean[] = []): HTMLTableElement {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((x, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : undefined }, x)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c, i) => h('td', { class: numeric[i] ? 'num' : undefined }, c))))),
  );
}

export function link(path: string, params: Record<string, string>, text: string): HTMLAnchorElement {
  const a = h('a', { href: `${path}?${new URLSearchParams(params)}`, 'data-internal': true }, text);
  return a;
}

// A link to an ESCO concept's page (its persistent URI), named by its label; a screen reader also
// hears that it leaves vigie for the ESCO portal. A URI that is not an http(s) address (the import
// refuses them; an older store may hold one) gives the label alone.
export function escoLink(uri: string, label: string): HTMLElement {
  if (!/^https?:\/\//.test(uri)) return h('span', {}, label);
  return h('a', { href: uri, rel: 'external' }, label, h('span', { class: 'sr-only' }, ' (fiche ESCO, site externe)'));
}

// The frame of a page with a form on top: its heading, the form (fields, then a submit button),
// a status line and the content below, appended to `main`.
export function pageFrame(main: HTMLElement, title: string, formLabel: string, fields: HTMLElement[]): { heading: HTMLHeadingElement; form: HTMLFormElement; status: HTMLParagraphElement; content: HTMLDivElement } {
  const heading = h('h1', {}, title);
  const form = h('form', { class: 'controls', 'aria-label': formLabel }, ...fields, h('button', { type: 'submit' }, 'Afficher'));
  const status = statusLine();
  const content = h('div', { class: 'sections' });
  main.append(heading, form, status, content);
  return { heading, form, status, content };
}

// For a page whose requests may overlap: each call of the returned function starts a request and
// gives its `stale` test, true once a later request has started or the page was left.
export function latestOnly(current: () => boolean): () => () => boolean {
  let token = 0;
  return () => {
    const mine = ++token;
    return () => mine !== token || !current();
  };
}
