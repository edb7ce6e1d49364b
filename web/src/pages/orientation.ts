// Orientation: a counsellor fills in a person's profile; vigie answers with target métiers ranked
// by reachability and local need, the compétences still to acquire, and for the best targets a
// training pathway as a timeline, each step explained and funded. The profile travels in the URL
// fragment (never sent to the server by the browser, so never in a log) and in the POST body; the
// server does not store it.

import { post, type OrientationAnswer, type PathwayOption, type Target } from '../api';
import type { Context } from '../main';
import { fmt, h, link, searchCommunes, searchCompetences, searchMetiers, setStatus, statusLine, suggestField, TENSION_LABELS, notResolved } from '../ui';

const MODALITIES: [string, string][] = [['presentiel', 'Présentiel'], ['hybride', 'Hybride'], ['distance', 'À distance'], ['alternance', 'Alternance']];
const SCHEDULES: [string, string][] = [['jour', 'En journée'], ['soir', 'Le soir'], ['weekend', 'Le week-end']];
const STATUSES: [string, string][] = [['job_seeker', "Demandeur ou demandeuse d'emploi"], ['employee', 'Salarié ou salariée'], ['young', 'Jeune de moins de 26 ans'], ['reconversion', 'En reconversion']];
const MODALITY_LABEL = Object.fromEntries(MODALITIES);

function checkboxes(legend: string, name: string, options: [string, string][], checked: string[]): { el: HTMLFieldSetElement; values: () => string[]; set: (v: string[]) => void } {
  const boxes = options.map(([v, l]) => {
    const id = `f-${name}-${v}`;
    const input = h('input', { type: 'checkbox', id, name, value: v, checked: checked.includes(v) });
    return { input, el: h('div', { class: 'check' }, input, h('label', { for: id }, l)) };
  });
  return {
    el: h('fieldset', {}, h('legend', {}, legend), ...boxes.map((b) => b.el)),
    values: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value),
    set: (v) => boxes.forEach((b) => (b.input.checked = v.includes(b.input.value))),
  };
}

function field(label: string, input: HTMLInputElement | HTMLSelectElement, hint?: string): HTMLDivElement {
  if (hint) input.setAttribute('aria-describedby', `${input.id}-hint`);
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('small', { id: `${input.id}-hint` }, hint) : null);
}

function timeline(option: PathwayOption, missingTotal: number): HTMLElement {
  return h('div', {},
    h('p', {}, `${option.steps.length} étape${option.steps.length > 1 ? 's' : ''}, ${option.duration_days} jours, reste à charge ${fmt.eur(option.out_of_pocket_eur)}, ${option.covered} compétence${option.covered > 1 ? 's' : ''} couverte${option.covered > 1 ? 's' : ''} sur ${missingTotal}.`),
    h('ol', { class: 'timeline' }, ...option.steps.map((s) =>
      h('li', {},
        h('p', { class: 'when' }, `${fmt.date(s.start)} → ${fmt.date(s.end)}`),
        h('p', { class: 'what' }, h('strong', {}, s.title), ` — ${s.provider}, ${MODALITY_LABEL[s.modality] ?? s.modality}`, s.synthetic ? h('span', { class: 'tag' }, ' session synthétique') : null),
        h('p', { class: 'funding' }, `Prix ${fmt.eur(s.price_eur)} : CPF ${fmt.eur(s.cpf_eur)}${s.funders.map((f) => `, ${f.funder} ${fmt.eur(f.eur)}`).join('')}, reste à charge ${fmt.eur(s.out_of_pocket_eur)}.`),
        h('p', { class: 'explain' }, s.explanation)))));
}

function targetCard(t: Target, rank: number, answer: OrientationAnswer): HTMLElement {
  const p = t.pathways;
  const missing = t.missing;
  return h('li', { class: 'target' },
    h('h3', {}, `${rank}. `, link('/metier', { code: t.rome }, `${t.label} (${t.rome})`)),
    h('p', {}, `Score ${fmt.dec(t.score)}`,
      t.from ? ` — depuis ${t.from} (proximité ${fmt.dec(t.transition)})` : '',
      ` — tension locale : ${t.tension_class ? `${t.tension_class}/5 (${TENSION_LABELS[t.tension_class]})` : 'non publiée'}`,
      answer.market.period ? ` — ${fmt.int(t.offers_nearby)} annonces à proximité sur 12 mois` : ''),
    t.carried_by.length ? h('details', {}, h('summary', {}, 'Ce qui rapproche'), h('ul', {}, ...t.carried_by.slice(0, 5).map((c) => h('li', {}, c)))) : null,
    h('details', {}, h('summary', {}, `Compétences à acquérir (${missing.length})`), h('ul', {}, ...missing.map((m) => h('li', {}, m.label)))),
    p
      ? h('section', { class: 'pathway', 'aria-label': `Parcours vers ${t.label}` },
          h('h4', {}, 'Parcours de formation'),
          h('p', { class: 'note' }, `${fmt.int(p.candidates)} sessions admissibles ; ${p.proven_optimal ? 'meilleur parcours prouvé' : `recherche arrêtée au délai (au plus ${p.coverage_bound} compétences couvrables)`}.`),
          p.options.length
            ? [timeline(p.options[0], missing.length), ...p.options.slice(1).map((o, i) => h('details', {}, h('summary', {}, `Variante ${i + 1}`), timeline(o, missing.length)))]
            : h('p', { class: 'status empty' }, 'Aucune session admissible n\'enseigne les compétences manquantes dans ces conditions (élargissez le rayon, les modalités ou le budget).'))
      : null);
}

export async function renderOrientation(main: HTMLElement, ctx: Context): Promise<void> {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const metier = suggestField('Métier exercé', 'metier', searchMetiers, 'Intitulé libre (lu par vigie) ou choisi dans la liste.');
  const cible = suggestField('Métier visé (facultatif)', 'cible', searchMetiers, 'Laisser vide pour que vigie propose des métiers.');
  // Compétences acquired elsewhere (another job, volunteering…): chosen one by one, listed with a
  // button to take each back.
  const skill = suggestField('Compétence acquise (facultatif)', 'competence', searchCompetences, 'Choisissez dans la liste puis « Ajouter » ; celles du métier exercé sont déjà comptées.');
  const skills = new Map<string, string>();  // OGR code → label.
  const skillList = h('ul', { class: 'chosen', 'aria-label': 'Compétences ajoutées' });
  const drawSkills = () => {
    skillList.replaceChildren(...[...skills].map(([code, label]) => {
      const remove = h('button', { type: 'button', class: 'link', 'aria-label': `Retirer ${label}` }, 'Retirer');
      remove.addEventListener('click', () => {
        skills.delete(code);
        drawSkills();
        skill.input.focus();
      });
      return h('li', {}, `${label} `, remove);
    }));
  };
  const addSkill = h('button', { type: 'button' }, 'Ajouter');
  addSkill.addEventListener('click', () => {
    // Only a suggestion chosen in the list ("Label (code)"): a number typed alone is no compétence.
    const code = /\(([0-9]+)\)$/.test(skill.input.value.trim()) ? skill.pick() : '';
    if (!/^[0-9]+$/.test(code)) {
      setStatus(status, 'error', 'Choisissez la compétence dans la liste proposée.');
      return;
    }
    skills.set(code, skill.label());
    skill.input.value = '';
    drawSkills();
  });
  skill.wrapper.append(addSkill, skillList);
  const commune = suggestField('Commune de résidence', 'commune', searchCommunes, 'Nom de la commune, puis choisir dans la liste (code Insee).');
  const radius = h('input', { id: 'f-rayon', name: 'rayon', type: 'number', min: 1, max: 200, value: fragment.get('rayon') ?? '30', inputmode: 'numeric' });
  const start = h('input', { id: 'f-debut', name: 'debut', type: 'date', value: fragment.get('debut') ?? new Date().toISOString().slice(0, 10) });
  const cpf = h('input', { id: 'f-cpf', name: 'cpf', type: 'number', min: 0, step: 10, value: fragment.get('cpf') ?? '0', inputmode: 'numeric' });
  const budget = h('input', { id: 'f-budget', name: 'budget', type: 'number', min: 0, step: 10, value: fragment.get('budget') ?? '', inputmode: 'numeric' });
  const personStatus = h('select', { id: 'f-statut', name: 'statut' }, ...STATUSES.map(([v, l]) => h('option', { value: v, selected: v === (fragment.get('statut') ?? 'job_seeker') }, l)));
  const modalities = checkboxes('Modalités acceptées', 'modalites', MODALITIES, (fragment.get('modalites') ?? 'presentiel,hybride,distance').split(','));
  const schedules = checkboxes('Horaires possibles', 'horaires', SCHEDULES, (fragment.get('horaires') ?? 'jour').split(','));
  const submit = h('button', { type: 'submit' }, 'Orienter');
  const errors = h('div', { class: 'errors', role: 'alert', 'aria-live': 'assertive' });
  const form = h('form', { class: 'profile', 'aria-label': 'Profil de la personne', novalidate: true },
    h('p', { class: 'note' }, "Le profil est envoyé au serveur pour le calcul, qui ne l'enregistre ni ne le journalise ; il reste dans l'adresse de cette page après # (partie jamais transmise au serveur) pour être partagé avec la personne. La recherche de commune envoie les lettres tapées, que le serveur ne garde pas."),
    errors,
    h('div', { class: 'grid' }, metier.wrapper, cible.wrapper, skill.wrapper, commune.wrapper,
      field('Rayon de mobilité (km)', radius),
      field('Date de début au plus tôt', start),
      field('Statut', personStatus),
      field('Solde CPF (€)', cpf),
      field('Reste à charge maximal (€)', budget, 'Vide : sans limite.')),
    h('div', { class: 'grid' }, modalities.el, schedules.el),
    submit);
  const status = statusLine();
  const results = h('div', { class: 'results' });
  main.append(h('h1', {}, 'Orientation et parcours de formation'), form, status, results);
  if (!ctx.health.pathways) {
    form.before(h('p', { class: 'status empty' }, "Aucun catalogue de formations n'est chargé : vigie proposera des métiers, sans parcours."));
  }

  // Fields from the fragment (a shared link): codes with their labels, so that restoring sends
  // nothing about the person to the server.
  const restore = () => {
    const m = fragment.get('metier');
    if (m) {
      if (fragment.get('metier_l')) metier.set(m, fragment.get('metier_l') ?? '');
      else metier.input.value = m;  // A free title, or a bare code (read as such by pick()).
    }
    const c = fragment.get('cible');
    if (c) {
      if (fragment.get('cible_l')) cible.set(c, fragment.get('cible_l') ?? '');
      else cible.input.value = c;
    }
    const codes = (fragment.get('competences') ?? '').split(',').filter(Boolean);
    const labels = (fragment.get('competences_l') ?? '').split('\n');
    codes.forEach((code, i) => skills.set(code, labels[i] || code));
    drawSkills();
    const k = fragment.get('commune');
    if (k) {
      if (fragment.get('commune_l')) commune.set(k, fragment.get('commune_l') ?? '');
      else commune.input.value = k;
    }
  };

  const run = async () => {
    errors.replaceChildren();
    const problems: [HTMLElement, string][] = [];
    const communeTyped = commune.input.value.trim();
    const resolved = await commune.resolve();
    const communeCode = resolved.code;
    if (!communeCode) problems.push([commune.input, communeTyped ? notResolved('commune', communeTyped, resolved.several, true) : 'Indiquez la commune de résidence.']);
    const metierText = metier.input.value.trim();
    const cibleTyped = cible.input.value.trim();
    const cibleResolved = await cible.resolve();
    const cibleCode = cibleResolved.code;
    if (!metierText && !cibleCode) problems.push([metier.input, 'Indiquez un métier exercé ou un métier visé.']);
    if (cibleTyped && !cibleCode) problems.push([cible.input, notResolved('métier', cibleTyped, cibleResolved.several)]);
    const r = Number(radius.value);
    if (!(r >= 1 && r <= 200)) problems.push([radius, 'Le rayon doit être compris entre 1 et 200 km.']);
    if (!modalities.values().length) problems.push([modalities.el, 'Cochez au moins une modalité.']);
    for (const el of [commune.input, metier.input, cible.input, radius]) el.removeAttribute('aria-invalid');
    if (problems.length) {
      errors.append(h('p', {}, 'Le profil est incomplet :'), h('ul', {}, ...problems.map(([el, text]) => {
        el.setAttribute('aria-invalid', 'true');
        return h('li', {}, text);
      })));
      (problems[0][0].querySelector('input') ?? problems[0][0]).focus();
      return;
    }
    const metierCode = metier.pick();
    const profile: Record<string, unknown> = {
      occupations: metierText ? [metierCode ? { rome: metierCode } : { title: metierText }] : [],
      commune: communeCode,
      radius_km: r,
      modalities: modalities.values(),
      schedules: schedules.values(),
      earliest_start: start.value,
      cpf_balance_eur: Number(cpf.value) || 0,
      status: personStatus.value,
    };
    if (budget.value !== '') profile.max_out_of_pocket_eur = Number(budget.value);
    if (cibleCode) profile.target = cibleCode;
    if (skills.size) profile.skills = [...skills.keys()].map(Number);
    const state = new URLSearchParams({ metier: metierCode || metierText, metier_l: metierCode ? metier.label() : '', cible: cibleCode, cible_l: cibleCode ? cible.label() : '', competences: [...skills.keys()].join(','), competences_l: [...skills.values()].join('\n'), commune: communeCode, commune_l: commune.label(), rayon: radius.value, debut: start.value, cpf: cpf.value, budget: budget.value, statut: personStatus.value, modalites: modalities.values().join(','), horaires: schedules.values().join(',') });
    for (const [k, v] of [...state.entries()]) if (!v) state.delete(k);
    history.replaceState(null, '', `${location.pathname}#${state}`);
    setStatus(status, 'loading', 'Calcul des métiers cibles et des parcours…');
    submit.disabled = true;
    results.replaceChildren();
    try {
      const answer = await post<OrientationAnswer>('/api/orient', profile, { targets: 5, pathways: 3 });
      results.append(h('div', {},
        h('h2', {}, 'Métiers proposés'),
        h('p', {}, `Zone d'emploi de ${answer.zone_emploi_label || answer.zone_emploi}. `, answer.market.period ? `Annonces de ${answer.market.period.replace('..', ' à ')} ; tension ${answer.market.tension_year}.` : 'Aucune annonce en base.'),
        answer.unread_titles.length ? h('p', { class: 'status empty' }, `Intitulé non reconnu : ${answer.unread_titles.join(', ')}. Choisissez le métier dans la liste.`) : null,
        answer.targets.length
          ? h('ol', { class: 'targets' }, ...answer.targets.map((t, i) => targetCard(t, i + 1, answer)))
          : h('p', { class: 'status empty' }, 'Aucun métier cible : indiquez un métier exercé reconnu ou un métier visé.'),
        answer.catalogue ? h('p', { class: 'note' }, 'Les sessions de formation proviennent d\'un catalogue LHEO ; celui de la démonstration est synthétique (blocs RNCP réels, sessions générées).') : null,
      ));
      setStatus(status, 'ok', `${answer.targets.length} métiers proposés.`);
      (results.querySelector('h2') as HTMLElement | null)?.setAttribute('tabindex', '-1');
      (results.querySelector('h2') as HTMLElement | null)?.focus();
    } catch (e) {
      setStatus(status, 'error', (e as Error).message);
    } finally {
      submit.disabled = false;
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void run();
  });
  restore();
  if (fragment.get('commune')) await run();
}
