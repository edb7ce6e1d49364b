// The dashboard's shell: one page per path (/carte, /territoire, /metier, /orientation), state in
// the query string so that a URL can be shared, links handled without reloading.

import './style.css';
import { get, type Health } from './api';
import { h, leavePage } from './ui';

export interface Context {
  health: Health;
  navigate: (url: string) => void;
  current: () => boolean;  // False once the user has gone to another page: stop rendering.
}

type Render = (main: HTMLElement, ctx: Context) => void | Promise<void>;

// Pages load on demand: the map library is fetched by the map page only.
const pages: Record<string, { title: string; load: () => Promise<Render> }> = {
  carte: { title: 'Carte', load: async () => (await import('./pages/carte')).renderCarte },
  territoire: { title: 'Territoire', load: async () => (await import('./pages/territoire')).renderTerritoire },
  metier: { title: 'Métier', load: async () => (await import('./pages/metier')).renderMetier },
  orientation: { title: 'Orientation', load: async () => (await import('./pages/orientation')).renderOrientation },
};

const main = document.getElementById('contenu') as HTMLElement;
let health: Health | null = null;
let generation = 0;  // Each navigation's number: a page still loading for an older one stops.

function pageName(): string {
  const name = location.pathname.replace(/^\/+|\/+$/g, '').split('/')[0] || 'carte';
  return name in pages ? name : 'carte';
}

async function show(focus: boolean): Promise<void> {
  const mine = ++generation;
  const name = pageName();
  leavePage();
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-page]')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${pages[name].title} — vigie`;
  main.replaceChildren();
  if (!health) {
    try {
      health = await get<Health>('/health');
      if (mine !== generation) return;
    } catch (e) {
      if (mine !== generation) return;
      main.replaceChildren(h('h1', {}, pages[name].title), h('p', { class: 'status error', role: 'alert' }, (e as Error).message));
      return;
    }
  }
  let render: Render;
  try {
    render = await pages[name].load();
  } catch (e) {
    if (mine !== generation) return;
    main.append(h('h1', {}, pages[name].title), h('p', { class: 'status error', role: 'alert' }, `La page n'a pas pu être chargée : ${(e as Error).message}`));
    return;
  }
  if (mine !== generation) return;
  main.replaceChildren();
  const done = render(main, { health, navigate, current: () => mine === generation });
  if (focus) main.focus();  // At once: not after the page's data, when the user may be typing.
  await done;
}

function navigate(url: string): void {
  history.pushState(null, '', url);
  void show(true);
}

document.addEventListener('click', (event) => {
  const a = (event.target as Element).closest('a');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const internal = a.hasAttribute('data-internal') || a.hasAttribute('data-page') || a.closest('.brand');
  if (!internal || a.origin !== location.origin) return;
  event.preventDefault();
  navigate(a.pathname + a.search + a.hash);
});
window.addEventListener('popstate', () => void show(true));
void show(false);
