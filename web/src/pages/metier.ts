// Métier: a ROME 4.0 fiche with its compétences, where it is in tension, and the métiers it leads
// to in the skill space of the postings.

import { ApiError, get, type Fiche, type TensionAnswer, type Transition } from '../api';
import type { Context } from '../main';
import { escoLink, fmt, h, LEVELS, link, readState, searchMetiers, selectField, setStatus, statusLine, suggestField, table, TENSION_LABELS, writeState, yearsUpTo, defaultYear, pageFrame, latestOnly, onSubmitResolved } from '../ui';

const KINDS: [string, string][] = [
  ['savoir-faire', 'Savoir-faire'],
  ['macro', 'Macro-compétences'],
  ['savoir-etre', 'Savoir-être professionnels'],
  ['savoir', 'Savoirs'],
];

export async function renderMetier(main: HTMLElement, ctx: Context): Promise<void> {
  const state = readState();
  const years = yearsUpTo(ctx.health.last_month);
  const metier = suggestField('Métier (ROME 4.0)', 'metier', searchMetiers, 'Un intitulé (caissier, aide-soignant…) ou un code ROME.');
  const level = selectField('Tension par', 'niveau', LEVELS, state.get('niveau') ?? 'ze');
  const year = selectField('Année', 'annee', years.map((y) => [y, y]), state.get('annee') ?? defaultYear(ctx.health.last_month));
  const { heading, form, status, content } = pageFrame(main, 'Métier', 'Choix du métier', [metier.wrapper, level.wrapper, year.wrapper]);

  const begin = latestOnly(ctx.current);
  const show = async (code: string) => {
    const stale = begin();
    const lv = level.select.value;
    const yr = year.select.value;
    writeState({ code, niveau: lv, annee: yr });
    content.replaceChildren();
    if (!code) {
      setStatus(status, 'empty', 'Choisissez un métier pour afficher sa fiche.');
      return;
    }
    setStatus(status, 'loading', 'Chargement de la fiche…');
    let fiche: Fiche;
    try {
      fiche = await get<Fiche>(`/api/metiers/${encodeURIComponent(code)}`);
    } catch (e) {
      if (!stale()) setStatus(status, 'error', (e as Error).message);
      return;
    }
    if (stale()) return;
    setStatus(status, 'ok', '');
    metier.set(fiche.code, fiche.label);
    heading.textContent = `${fiche.label} (${fiche.code})`;
    document.title = `${fiche.label} — Métier — vigie`;
    const groups = KINDS.map(([kind, title]) => {
      const items = fiche.items.filter((i) => i.kind === kind).sort((a, b) => Number(b.principale) - Number(a.principale) || a.label.localeCompare(b.label, 'fr'));
      if (!items.length) return null;
      return h('details', { open: kind === 'savoir-faire' },
        h('summary', {}, `${title} (${items.length})`),
        h('ul', { class: 'items' }, ...items.map((i) => h('li', {}, i.label, i.principale ? h('span', { class: 'tag' }, ' cœur de métier') : null))));
    });
    const esco = [...(fiche.esco ?? [])].sort((a, b) => a.label.localeCompare(b.label, 'fr'));
    const escoGroup = esco.length
      ? h('details', {},
          h('summary', {}, `Compétences ESCO essentielles (${esco.length})`),
          h('p', { class: 'note' }, 'Compétences que la classification européenne ESCO juge essentielles aux professions qui correspondent à ce métier ; chacune renvoie à sa page sur le portail ESCO.'),
          h('ul', { class: 'items' }, ...esco.map((k) => h('li', {}, escoLink(k.uri, k.label), k.kind === 'esco-knowledge' ? h('span', { class: 'tag' }, ' savoir') : null))))
      : null;
    const tensionStatus = statusLine();
    const tensionBody = h('div');
    const transitionStatus = statusLine();
    const transitionBody = h('div');
    content.append(
      h('section', { 'aria-labelledby': 'fiche' }, h('h2', { id: 'fiche' }, 'La fiche'),
        fiche.definition ? h('ul', { class: 'definition' }, ...fiche.definition.split('\n').map((line) => h('li', {}, line))) : null,
        h('p', { class: 'note' }, `${fiche.appellations.length} appellations, dont : ${fiche.appellations.slice(0, 6).join(' ; ')}.`),
        fiche.parent !== fiche.code ? h('p', {}, 'Fiche rattachée à ', link('/metier', { code: fiche.parent }, fiche.parent), '.') : null,
        ...groups, escoGroup),
      h('section', { 'aria-labelledby': 'ou' }, h('h2', { id: 'ou' }, `Où ce métier est en tension en ${yr}`), tensionStatus, tensionBody),
      h('section', { 'aria-labelledby': 'vers' }, h('h2', { id: 'vers' }, 'Vers quels métiers évoluer'), transitionStatus, transitionBody),
    );
    setStatus(tensionStatus, 'loading', 'Chargement…');
    setStatus(transitionStatus, 'loading', 'Chargement…');
    const tension = get<TensionAnswer>('/api/indicators/tension', { level: lv, year: yr, rome: fiche.code, top: 0 }).then((t) => {
      const cells = t.cells.filter((c) => c.class).sort((a, b) => (b.score ?? 0) - (a.score ?? 0)).slice(0, 15);
      tensionBody.replaceChildren(
        cells.length
          ? table(`Territoires où ${fiche.label} est le plus en tension`, ['Territoire', 'Classe', 'Offres', 'Demandeurs'],
              cells.map((c) => [link('/territoire', { niveau: lv, code: c.territory, annee: yr, metier: fiche.code }, `${c.territory_label} (${c.territory})`), `${c.class} — ${TENSION_LABELS[c.class ?? 0]}`, fmt.int(c.offers ?? 0), fmt.int(c.seekers ?? 0)]),
              [false, false, true, true])
          : h('p', { class: 'status empty' }, 'Aucun territoire ne franchit les seuils de publication pour ce métier.'),
        h('p', {}, link('/carte', { niveau: lv, indicateur: 'tension', metier: fiche.code, annee: yr }, 'Voir sur la carte')),
      );
      setStatus(tensionStatus, 'ok', '');
    }).catch((e: Error) => setStatus(tensionStatus, e instanceof ApiError && e.code === 'no_data' ? 'empty' : 'error', e.message));
    const transitions = get<{ transitions: Transition[] }>(`/api/metiers/${fiche.code}/transitions`, { limit: 10 }).then((t) => {
      transitionBody.replaceChildren(
        t.transitions.length
          ? table('Métiers accessibles, les plus proches d\'abord', ['Métier', 'Proximité', 'Ce qui rapproche'],
              t.transitions.map((x) => [link('/metier', { code: x.to, niveau: lv, annee: yr }, `${x.label} (${x.to})`), fmt.dec(x.score), x.carried_by.map((c) => (c.skill === c.from_skill ? `${c.skill} (en commun)` : `${c.skill} ← ${c.from_skill}`)).join(' ; ')]),
              [false, true, false])
          : h('p', { class: 'status empty' }, 'Pas assez d\'annonces analysées pour situer ce métier dans l\'espace des compétences.'),
        h('p', { class: 'note' }, '« A ← B » : la compétence A du métier visé est proche de la compétence B déjà demandée. Proximité : 70 % similarité des compétences demandées dans les annonces (espace des compétences, Dawson et al. 2021), 30 % mobilités proposées par le ROME.'),
      );
      setStatus(transitionStatus, 'ok', '');
    }).catch((e: Error) => setStatus(transitionStatus, 'error', e.message));
    await Promise.all([tension, transitions]);
  };
  onSubmitResolved(form, metier, 'métier', status, show);
  await show(state.get('code') ?? '');
}
