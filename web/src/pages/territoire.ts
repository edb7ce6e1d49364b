// Territoire: the territorial diagnostic, interactively — key figures, métiers most in tension,
// saturated and wanted compétences, year-on-year changes, a forecast with its intervals, and
// downloads (CSV, XLSX, the printable diagnostic for PDF).

import { ApiError, get, href, type CountAnswer, type ForecastAnswer, type SkillRow, type SkillsAnswer, type TensionAnswer, type TrendsAnswer } from '../api';
import { forecastChart, trendsChart } from '../chart';
import type { Context } from '../main';
import { escoLink, fmt, h, LEVELS, link, readState, searchAreas, selectField, setStatus, statusLine, suggestField, table, TENSION_LABELS, writeState, yearsUpTo, defaultYear, pageFrame, latestOnly, onSubmitResolved } from '../ui';

function downloads(path: string, params: Record<string, string>, what: string): HTMLElement {
  return h(
    'p',
    { class: 'downloads' },
    'Télécharger ',
    h('a', { href: href(path, { ...params, format: 'csv' }), download: true }, `${what} (CSV)`),
    ' · ',
    h('a', { href: href(path, { ...params, format: 'xlsx' }), download: true }, `${what} (XLSX)`),
  );
}

function section(title: string, id: string): { el: HTMLElement; body: HTMLDivElement; status: HTMLParagraphElement } {
  const status = statusLine();
  const body = h('div');
  const el = h('section', { 'aria-labelledby': id }, h('h2', { id }, title), status, body);
  return { el, body, status };
}

// Fills a section with what `load` gives, unless `stale()` says a later choice (another métier,
// another referential) has asked for something else meanwhile.
async function fill(s: { body: HTMLElement; status: HTMLParagraphElement }, load: () => Promise<Node[]>, stale: () => boolean = () => false): Promise<void> {
  setStatus(s.status, 'loading', 'Chargement…');
  try {
    const nodes = await load();
    if (stale()) return;
    s.body.replaceChildren(...nodes);
    setStatus(s.status, 'ok', '');
  } catch (e) {
    if (stale()) return;
    s.body.replaceChildren();
    setStatus(s.status, e instanceof ApiError && e.code === 'no_data' ? 'empty' : 'error', (e as Error).message);
  }
}

export async function renderTerritoire(main: HTMLElement, ctx: Context): Promise<void> {
  const state = readState();
  const years = yearsUpTo(ctx.health.last_month);
  const level = selectField('Niveau géographique', 'niveau', LEVELS, state.get('niveau') ?? 'ze');
  const year = selectField('Année', 'annee', years.map((y) => [y, y]), state.get('annee') ?? defaultYear(ctx.health.last_month));
  const territory = suggestField('Territoire', 'territoire', (q) => searchAreas(level.select.value)(q), 'Nom ou code, par exemple Metz ou 4410.');
  const { heading, form, status, content } = pageFrame(main, 'Diagnostic territorial', 'Choix du territoire', [level.wrapper, territory.wrapper, year.wrapper]);

  const begin = latestOnly(ctx.current);
  const show = async (code: string) => {
    const stale = begin();
    const lv = level.select.value;
    const yr = year.select.value;
    const focusRome = state.get('metier') ?? '';
    writeState({ niveau: lv, code, annee: yr, metier: focusRome, referentiel: readState().get('referentiel') ?? undefined });
    content.replaceChildren();
    if (!code) {
      setStatus(status, 'empty', 'Choisissez un territoire (nom ou code) pour afficher son diagnostic.');
      return;
    }
    setStatus(status, 'loading', 'Chargement du territoire…');
    let info: { label: string; communes: number; population: number };
    try {
      info = await get(`/api/territories/${lv}/${encodeURIComponent(code)}`);
    } catch (e) {
      if (!stale()) setStatus(status, 'error', (e as Error).message);
      return;
    }
    if (stale()) return;
    territory.set(code, info.label);
    heading.textContent = `Diagnostic territorial : ${info.label}`;
    document.title = `${info.label} — Territoire — vigie`;
    setStatus(status, 'ok', '');
    const params = { level: lv, territory: code, year: yr };
    content.append(
      h('section', { 'aria-labelledby': 'chiffres' }, h('h2', { id: 'chiffres' }, 'Chiffres clés'),
        h('dl', { class: 'figures' },
          h('dt', {}, 'Population'), h('dd', {}, fmt.int(info.population)),
          h('dt', {}, 'Communes'), h('dd', {}, fmt.int(info.communes)),
          h('dt', {}, 'Niveau'), h('dd', {}, LEVELS.find(([v]) => v === lv)?.[1] ?? lv)),
        h('p', {}, `Diagnostic complet ${yr} : `,
          h('a', { href: href('/api/reports/territory', params), target: '_blank', rel: 'noopener' }, 'page imprimable'),
          ' · ',
          h('a', { href: href('/api/reports/territory', { ...params, format: 'pdf' }), download: true }, 'PDF'))),
    );
    const tension = section(`Métiers les plus en tension en ${yr}`, 'tensions');
    const skills = section(`Compétences saturées et recherchées en ${yr}`, 'competences');
    const trends = section('Évolution des annonces sur un an', 'evolution');
    const forecast = section('Prévision des annonces', 'prevision');
    content.append(tension.el, skills.el, trends.el, forecast.el);
    let firstRome = focusRome;
    const forecastChoices: [string, string][] = [];  // The métiers in tension, for the forecast.
    await fill(tension, async () => {
      if (stale()) return [];
      const t = await get<TensionAnswer>('/api/indicators/tension', { ...params, top: 15 });
      const published = t.cells.filter((c) => c.class);
      if (!firstRome && published.length) firstRome = published[0].rome;
      for (const c of published) forecastChoices.push([c.rome, `${c.rome_label} (${c.rome})`]);
      const note = t.synthetic_seekers ? "Demandeurs d'emploi synthétiques, calibrés sur les données réelles de 2021. " : '';
      return [
        published.length
          ? table(`Métiers en tension, ${info.label}, ${yr}`, ['Métier', 'Classe', 'Offres', 'Demandeurs', 'Part de projets difficiles (BMO)'],
              published.map((c) => [link('/metier', { code: c.rome, niveau: lv, annee: yr }, `${c.rome_label} (${c.rome})`), `${c.class} — ${TENSION_LABELS[c.class ?? 0]}`, fmt.int(c.offers ?? 0), fmt.int(c.seekers ?? 0), fmt.pct(c.difficulty_share ?? 0)]),
              [false, false, true, true, true])
          : h('p', { class: 'status empty' }, 'Aucun métier ne franchit les seuils de publication ici.'),
        h('p', { class: 'note' }, `${note}${t.published} cellules publiées, ${t.withheld} retenues par le secret statistique.`),
        downloads('/api/indicators/tension', { ...params, top: '0' }, 'toutes les tensions'),
      ];
    });
    if (stale()) return;
    // ROME 4.0 compétences by default; ESCO skills on request (the European classification, for
    // partners who report in it).
    const skillsLatest = latestOnly(ctx.current);
    const loadSkills = (referential: string) => fill(skills, async () => {
      // The ten most saturated and most wanted, as the diagnostic lists them (the whole table is
      // in the downloads).
      const esco = referential === 'esco';
      const skillParams = esco ? { ...params, referential } : params;
      let s: SkillsAnswer;
      try {
        s = await get<SkillsAnswer>('/api/indicators/skills', { ...skillParams, top: 10 });
      } catch (e) {
        if (esco && e instanceof ApiError && e.code === 'no_esco') {
          throw new ApiError(404, 'no_data', "les compétences ESCO n'ont pas été importées avec les référentiels.");
        }
        throw e;
      }
      const saturated = s.rows.filter((r) => r.list === 'saturated');
      const wanted = s.rows.filter((r) => r.list === 'wanted');
      const name = (r: SkillRow) => (r.uri ? escoLink(r.uri, r.label) : r.label);
      const rows = (list: typeof saturated) => list.map((r) => [name(r), fmt.dec(r.index ?? 0), `${fmt.dec(r.lo ?? 0)} – ${fmt.dec(r.hi ?? 0)}`]);
      const what = esco ? 'Compétence ESCO' : 'Compétence';
      return [
        h('p', { class: 'note' }, `Indice = part de la compétence chez les demandeurs d'emploi / part dans les annonces (${fmt.int(s.postings)} annonces, ${fmt.int(s.seekers)} demandeurs${s.synthetic_seekers ? ' synthétiques' : ''}). Au-dessus de 1 : saturée ; en dessous : recherchée. Intervalle de confiance à 95 % (bootstrap).${esco ? " Compétences ESCO : celles que la classification européenne juge essentielles aux métiers, et celles trouvées dans le texte des annonces ; chacune renvoie à sa page sur le portail ESCO." : ''}`),
        saturated.length ? table(esco ? 'Compétences ESCO saturées' : 'Compétences saturées', [what, 'Indice', 'Intervalle 95 %'], rows(saturated), [false, true, false]) : h('p', { class: 'status empty' }, 'Aucune compétence nettement saturée.'),
        wanted.length ? table(esco ? 'Compétences ESCO recherchées' : 'Compétences recherchées', [what, 'Indice', 'Intervalle 95 %'], rows(wanted), [false, true, false]) : h('p', { class: 'status empty' }, 'Aucune compétence nettement recherchée.'),
        downloads('/api/indicators/skills', skillParams, esco ? 'les compétences ESCO' : 'les compétences'),
      ];
    }, skillsLatest());
    const referentials: [string, string][] = [['rome', 'ROME 4.0 (France Travail)'], ['esco', 'ESCO (classification européenne)']];
    const referential = selectField('Référentiel des compétences', 'referentiel', referentials, readState().get('referentiel') === 'esco' ? 'esco' : 'rome');
    skills.el.insertBefore(referential.wrapper, skills.el.children[1] ?? null);
    referential.select.addEventListener('change', () => {
      writeState({ ...Object.fromEntries(readState()), referentiel: referential.select.value });
      void loadSkills(referential.select.value);
    });
    await loadSkills(referential.select.value);
    if (stale()) return;
    await fill(trends, async () => {
      const t = await get<TrendsAnswer>('/api/indicators/trends', { level: lv, territory: code, top: 8 });
      const rows = t.rows.filter((r) => r.change !== undefined);
      return [
        ...(rows.some((r) => r.change !== null) ? [trendsChart(`Évolution des annonces par métier, ${info.label}`, rows)] : []),
        h('p', { class: 'note' }, `Douze derniers mois (jusqu'à ${t.to}) comparés aux douze précédents ; test de Poisson, taux de fausses découvertes contrôlé (Benjamini-Hochberg).${t.synthetic ? ` ${fmt.int(t.synthetic)} annonces sur ${fmt.int(t.postings)} sont synthétiques.` : ''}`),
        rows.length
          ? table('Plus fortes hausses et baisses', ['Métier', '12 mois précédents', '12 derniers mois', 'Évolution', 'Significative'],
              rows.map((r) => [link('/metier', { code: r.rome, niveau: lv, annee: yr }, `${r.rome_label} (${r.rome})`), fmt.int(r.previous12 ?? 0), fmt.int(r.last12 ?? 0), r.change === null || r.change === undefined ? 'nouveau' : fmt.pct(r.change), r.significant ? 'oui' : 'non']),
              [false, true, true, true, false])
          : h('p', { class: 'status empty' }, 'Pas assez d\'annonces pour calculer une évolution (30 par an au moins).'),
        downloads('/api/indicators/trends', { level: lv, territory: code, top: '0' }, 'les évolutions'),
      ];
    });
    if (stale()) return;
    const forecastLatest = latestOnly(ctx.current);
    const loadForecast = (rome: string) => fill(forecast, async () => {
      if (!rome) throw new ApiError(404, 'no_data', 'choisissez un métier dans la carte ou le tableau des tensions.');
      const last = Number(ctx.health.last_month.slice(0, 4));
      const [f, before, now] = await Promise.all([
        get<ForecastAnswer>('/api/indicators/forecast', { level: lv, territory: code, rome, horizon: 12 }),
        get<CountAnswer>('/api/indicators/counts', { level: lv, territory: code, rome, year: String(last - 1), period: 'month', by: 'grand-domain' }),
        get<CountAnswer>('/api/indicators/counts', { level: lv, territory: code, rome, year: String(last), period: 'month', by: 'grand-domain' }),
      ]);
      const monthly = new Map<string, number>();
      for (const r of [...before.rows, ...now.rows]) monthly.set(r.period, (monthly.get(r.period) ?? 0) + r.postings);
      const history = [...monthly.entries()].sort().map(([month, postings]) => ({ month, postings }));
      const s = f.series[0];
      if (!s) throw new ApiError(404, 'no_data', 'série trop courte pour une prévision.');
      const bt = s.backtest;
      return [
        forecastChart(`${s.rome_label} (${s.rome}) : annonces mensuelles et prévision à 12 mois`, history, s.points),
        h('p', { class: 'note' }, `Holt-Winters additif. ${bt ? `Contrôle a posteriori : MASE ${bt.mase === null ? 'n.d.' : fmt.dec(bt.mase)}, couverture des intervalles 80 % : ${fmt.pct(bt.coverage80)}, 95 % : ${fmt.pct(bt.coverage95)}.` : ''}`),
      ];
    }, forecastLatest());
    // The forecast's métier, among those in tension here (the one of the link first).
    if (firstRome && !forecastChoices.some(([c]) => c === firstRome)) forecastChoices.unshift([firstRome, firstRome]);
    if (forecastChoices.length > 1) {
      const choice = selectField('Métier de la prévision', 'prevision', forecastChoices, firstRome);
      forecast.el.insertBefore(choice.wrapper, forecast.el.children[1] ?? null);
      choice.select.addEventListener('change', () => {
        writeState({ ...Object.fromEntries(readState()), metier: choice.select.value });
        void loadForecast(choice.select.value);
      });
    }
    await loadForecast(firstRome);
  };

  onSubmitResolved(form, territory, 'territoire', status, show);
  level.select.addEventListener('change', () => {
    territory.input.value = '';
  });
  await show(state.get('code') ?? '');
}
