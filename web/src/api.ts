// Typed calls to the vigie JSON API. Errors become ApiError with a message in French for the
// page to show; the server's own message is kept for details.

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    public detail: string,
  ) {
    super(describe(status, code, detail));
  }
}

function describe(status: number, code: string, detail: string): string {
  switch (code) {
    case 'no_data':
      return `Pas assez de données pour publier ce résultat (secret statistique ou période vide). ${detail}`;
    case 'unknown_territory':
      return `Territoire inconnu. ${detail}`;
    case 'unknown_metier':
      return `Métier inconnu. ${detail}`;
    case 'bad_profile':
      return `Le profil est incomplet ou invalide : ${detail}`;
    case 'busy':
      return 'Le serveur calcule déjà plusieurs orientations ; réessayez dans un instant.';
    case 'network':
      return 'Le serveur vigie ne répond pas. Vérifiez qu\'il est lancé (vigie serve).';
    default:
      return `Erreur ${status} (${code}) : ${detail}`;
  }
}

async function parse<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(response.status, 'bad_response', text.slice(0, 200));
  }
  if (!response.ok) {
    const e = body as { code?: string; message?: string } | null;
    throw new ApiError(response.status, e?.code ?? 'http', e?.message ?? response.statusText);
  }
  return body as T;
}

export async function get<T>(path: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  const url = query.toString() ? `${path}?${query}` : path;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(0, 'network', String(e));
  }
  return parse<T>(response);
}

export async function post<T>(path: string, body: unknown, params: Record<string, string | number> = {}): Promise<T> {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  let response: Response;
  try {
    response = await fetch(query.toString() ? `${path}?${query}` : path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', String(e));
  }
  return parse<T>(response);
}

// A URL for a download or a page the API renders (CSV, XLSX, the HTML diagnostic).
export function href(path: string, params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
  return `${path}?${query}`;
}

export interface Health {
  status: string;
  fiches: number;
  communes: number;
  postings: number;
  last_month: string;
  pathways: boolean;
}

export interface Territory {
  level: string;
  code: string;
  label: string;
}

export interface MetierHit {
  code: string;
  label: string;
  parent: string;
  matched: string;
}

export interface Fiche {
  code: string;
  label: string;
  parent: string;
  appellations: string[];
  definition: string;
  items: { code: number; label: string; kind: string; principale: boolean }[];
  // ESCO skills essential to the fiche's ESCO occupations (empty when the store has none).
  esco?: { uri: string; label: string; kind: string }[];
}

export interface TensionCell {
  territory: string;
  territory_label: string;
  rome: string;
  rome_label: string;
  class: number | null;
  withheld?: string;
  score?: number;
  offers?: number;
  seekers?: number;
  ratio?: number;
  difficulty_share?: number;
}

export interface TensionAnswer {
  level: string;
  year: string;
  published: number;
  withheld: number;
  synthetic_seekers?: boolean;
  postings?: number;
  synthetic_postings?: number;
  notes?: string[];
  cells: TensionCell[];
}

export interface CountAnswer {
  rows: { territory: string; territory_label: string; period: string; code: string; label: string; postings: number; synthetic: number }[];
  totals: { counted: number; synthetic: number };
}

export interface SkillRow {
  code: number;
  uri?: string;  // ESCO skills (referential=esco): their page on the ESCO portal.
  label: string;
  kind: string;
  families: number;
  list?: 'saturated' | 'wanted';  // With top: the list the row belongs to.
  withheld?: string;
  index?: number;
  lo?: number;
  hi?: number;
  supply?: number;
  demand?: number;
}

export interface SkillsAnswer {
  territory_label: string;
  year: string;
  referential: 'rome' | 'esco';
  postings: number;
  synthetic_postings: number;
  seekers: number;
  synthetic_seekers: boolean;
  rows_total: number;
  rows: SkillRow[];
}

export interface TrendRow {
  territory: string;
  rome: string;
  rome_label: string;
  previous12?: number;
  last12?: number;
  change?: number | null;
  change_lo95?: number | null;
  change_hi95?: number | null;
  p_value?: number;
  significant?: boolean;
  withheld?: string;
}

export interface DomainTensionAnswer {
  domain: string;
  domain_label: string;
  published: number;
  withheld: number;
  synthetic_seekers?: boolean;
  territories: { territory: string; territory_label: string; published: number; withheld: number; class?: number; mean_class?: number; offers?: number; strong_share?: number }[];
}

export interface TrendsAnswer {
  from: string;
  to: string;
  postings: number;
  synthetic: number;
  rows: TrendRow[];
}

export interface ForecastPoint {
  month: string;
  mean: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface ForecastSeries {
  territory: string;
  rome: string;
  rome_label: string;
  points: ForecastPoint[];
  backtest?: { mase: number | null; coverage80: number; coverage95: number };
}

export interface ForecastAnswer {
  series: ForecastSeries[];
}

export interface Transition {
  to: string;
  label: string;
  score: number;
  similarity: number;
  mobility: number;
  carried_by: { skill: string; from_skill: string; theta: number }[];
}

export interface PathwayStep {
  session: string;
  title: string;
  provider: string;
  commune: string;
  synthetic: boolean;
  start: string;
  end: string;
  modality: string;
  price_eur: number;
  cpf_eur: number;
  funders: { funder: string; eur: number }[];  // Beyond the CPF, by the funding rules.
  out_of_pocket_eur: number;
  covers: number[];
  explanation: string;
}

export interface PathwayOption {
  duration_days: number;
  out_of_pocket_eur: number;
  travel_km: number;
  covered: number;
  residual: number[];
  steps: PathwayStep[];
}

export interface Target {
  rome: string;
  label: string;
  from: string;
  score: number;
  transition: number;
  tension_class: number | null;
  offers_nearby: number;
  missing: { code: number; label: string }[];
  carried_by: string[];
  pathways?: { proven_optimal: boolean; coverage_bound: number; candidates: number; options: PathwayOption[] };
}

export interface OrientationAnswer {
  commune: string;
  zone_emploi: string;
  zone_emploi_label: string;
  market: { period: string; tension_year: string };
  sources: string[];
  unread_titles: string[];
  targets: Target[];
  catalogue: boolean;
}
