/**
 * Proposed outcome sentences for a unit's budget follow-up: one short verdict each for operating
 * revenue, operating expenses and the external operating margin, in Swedish, Finnish and English,
 * naming the detail lines that drove the deviation and, where the caller gives them (the
 * drill-down's largest contributors, cost centre × account), where a driving line's deviation
 * came from. The sentences are proposals for the person writing the report; they are meant to be
 * edited.
 *
 * Pure: the templates live here as typed constant tables, amounts stay integer cents, and the
 * share comparisons are done exactly in BigInt (a share is turned into parts per million once).
 */
import { contributors, leafLinesOf, scopeFigures, type DrillEntry } from './drill.js';
import { formatMoney, formatWhole } from './format.js';
import { lineDefinition, type Language, type LineCode, type Names } from './lines.js';
import type { LineFigures, Unit, UnitKind } from './model.js';
import type { InterimLine } from './interim.js';
import { cents, type Cents } from './money.js';

export interface OutcomeSettings {
  /** below this share of |revised| a deviation counts as "as budgeted" */
  neutralShare: number;
  /** above this share it is "clearly" better/worse */
  clearShare: number;
  /** how many driver lines to name at most */
  maxDrivers: number;
  /** a line is a driver when its deviation is at least this share of the total's deviation (same direction) */
  driverShare: number;
  /** how many contributors (cost centre × account) to name at most for a driving line */
  maxContributors: number;
  /** the named contributors together carry at least this share of the line's deviation */
  contributorShare: number;
  /** and each of them at least this share */
  contributorMinShare: number;
}

/**
 * Defaults, calibrated on the Lovisa 2023 annual report (central administration and its areas):
 * - neutralShare 0.5 %: a deviation under half a percent of the revised budget is "as budgeted";
 * - clearShare 5 %: above five percent it is "clearly" better or worse. The report calls
 *   margins 5.9 % and 22 % better than budget "clearly" better and one 5.0 % (4.98 %) worse
 *   "slightly" worse, so the line sits at 5 %;
 * - maxDrivers 2 and driverShare 25 %: name at most two detail lines, each carrying at least a
 *   quarter of the total's deviation in the same direction;
 * - maxContributors 2, contributorShare 50 % and contributorMinShare 25 %: a driving line's
 *   deviation "came mostly from" one contributor that carries at least half of it, or else from
 *   two that together carry at least half and each at least a quarter; otherwise it is spread
 *   too thin to name anyone. On the demo (Lovisa 2023) STK's purchases of services (+98 521 €)
 *   came 83 % from account 4320 at cost centre 120102 and are named; STK-ICT's (+180 000 €) from
 *   two, 46 % and 30 %; STK's personnel expenses, 28 % from its largest and 13 % from the next
 *   (the salaries of every cost centre), and STK-EKP's services, 44 % and 21 %, name nobody.
 */
export const DEFAULT_OUTCOME_SETTINGS: OutcomeSettings = Object.freeze({
  neutralShare: 0.005,
  clearShare: 0.05,
  maxDrivers: 2,
  driverShare: 0.25,
  maxContributors: 2,
  contributorShare: 0.5,
  contributorMinShare: 0.25,
});

export type OutcomeTopic = 'revenue' | 'costs' | 'margin';
export type OutcomeDirection = 'better' | 'asBudgeted' | 'worse';

/**
 * One contributor to a driving line's deviation as the caller gives it: a unit's own entries on
 * one account (src/domain/drill.ts `contributors`), the unit's kind and names resolved.
 */
export interface OutcomeContributor {
  unitCode: string;
  unitKind: UnitKind;
  unitNames: Names;
  /** Null: a budget entered by line, on no account. */
  account: string | null;
  /** Actual − budget, report sign, as the line's deviation. */
  deviation: Cents;
}

/** The contributors to one line's deviation, and the deviation they make up. */
export interface LineContributors {
  /**
   * The line's deviation as the drill-down reads it (its figure): the contributors are used only
   * where it is the deviation of the line proposeOutcome is given, so that a sentence never
   * explains other figures (an approved unit's snapshot, for one) by today's ledger.
   */
  deviation: Cents;
  /** Largest first in the deviation's direction, as `contributors` gives them. */
  contributors: readonly OutcomeContributor[];
}

/** The contributors per line; only driving lines are read. */
export type OutcomeContributors = Partial<Record<LineCode, LineContributors>>;

/** The contributors a proposal names for one of its driving lines. */
export interface NamedContributor {
  unitCode: string;
  account: string | null;
  deviation: Cents;
  /** Its share of the line's deviation, in whole percent (rounded half up), as printed. */
  percent: number;
}

export interface OutcomeProposal {
  topic: OutcomeTopic;
  direction: OutcomeDirection;
  clearly: boolean;
  drivers: LineCode[];
  /** The driving lines whose deviation came mostly from one or two contributors; absent for none. */
  explained?: { line: LineCode; contributors: NamedContributor[] }[];
  text: Record<Language, string>;
}

const TOPICS: readonly OutcomeTopic[] = ['revenue', 'costs', 'margin'];

type RevenueDetail = 'sales' | 'fees' | 'grants' | 'otherRevenue';
type DetailTopic = 'revenue' | 'costs';
type CostDetail = 'personnel' | 'services' | 'materials' | 'subsidies' | 'otherCosts';
type DetailLine = RevenueDetail | CostDetail;

/** The detail lines that can drive a topic's deviation, in report order; the margin has none. */
const DETAIL_LINES: Record<OutcomeTopic, readonly DetailLine[]> = {
  revenue: ['sales', 'fees', 'grants', 'otherRevenue'],
  costs: ['personnel', 'services', 'materials', 'subsidies', 'otherCosts'],
  margin: [],
};

interface Degrees {
  clearly: string;
  slightly: string;
}

interface TopicSentences {
  better: Degrees;
  worse: Degrees;
  asBudgeted: string;
}

/** The year's outcome (annual report) or the year's forecast (interim report). */
export type OutcomeMode = 'year' | 'forecast';

interface LanguageTemplates {
  verdict: Record<OutcomeTopic, TopicSentences>;
  /** The same verdicts in the future: what the forecast says the year will end at. */
  forecastVerdict: Record<OutcomeTopic, TopicSentences>;
  /** The signed deviation in whole euros, appended to the verdict. */
  deviation: (amount: string) => string;
  forecastDeviation: (amount: string) => string;
  /** The sentence that names the drivers, from a ready-made list. */
  drivers: (list: string) => string;
  forecastDrivers: (list: string) => string;
  /** The word joining the last two items of a list. */
  and: string;
  /** A detail line as it reads inside the drivers sentence. */
  driverLabel: (code: DetailLine) => string;
  /** The signed amount as printed: sign, euros and the euro sign, as format.ts prints them. */
  amount: (deviation: Cents) => string;
  /**
   * What a driving line's deviation is called as the subject of its contributors sentence (the
   * underrun, the overrun, …), with the line named when the proposal names two drivers.
   */
  explainedSubject: (
    topic: DetailTopic,
    direction: 'better' | 'worse',
    line: DetailLine | null,
  ) => string;
  /** The contributors sentence, from its subject and a ready-made list of contributors. */
  explained: (subject: string, list: string) => string;
  /** One contributor in the list: account, unit (kind, code, name) and its share. */
  contributor: (c: OutcomeContributor, percent: string) => string;
}

/** The subject of a contributors sentence by topic and direction, before any line. */
type Subjects = Record<DetailTopic, Record<'better' | 'worse', string>>;

/** A unit as a contributor names it: its code, then its name in the language (if it has one). */
function unitText(c: OutcomeContributor, lang: Language): string {
  const name = (c.unitNames[lang] || c.unitNames.sv || '').trim();
  return name === '' || name === c.unitCode ? c.unitCode : `${c.unitCode} ${name}`;
}

/** A unit's kind as the contributors sentence places an account in it. */
const SV_KIND: Record<UnitKind, string> = {
  city: 'stad',
  central: 'central',
  area: 'ansvarsområde',
  costcenter: 'kostnadsställe',
};
/** Finnish kinds in the adessive/inessive the sentence needs ("kustannuspaikalla"). */
const FI_KIND: Record<UnitKind, string> = {
  city: 'kaupungissa',
  central: 'keskuksessa',
  area: 'vastuualueella',
  costcenter: 'kustannuspaikalla',
};
const EN_KIND: Record<UnitKind, string> = {
  city: 'city',
  central: 'central',
  area: 'area',
  costcenter: 'cost centre',
};

const SV_SUBJECTS: Subjects = {
  revenue: { better: 'Merintäkten', worse: 'Intäktsbortfallet' },
  costs: { better: 'Underskridningen', worse: 'Överskridningen' },
};
const FI_SUBJECTS: Subjects = {
  revenue: { better: 'Ylitys', worse: 'Vaje' },
  costs: { better: 'Alitus', worse: 'Ylitys' },
};
const EN_SUBJECTS: Subjects = {
  revenue: { better: 'The extra revenue', worse: 'The shortfall' },
  costs: { better: 'The underrun', worse: 'The overrun' },
};

/**
 * The signed deviation as every figure prints it (format.ts): whole euros, `+` for a favourable
 * deviation and the minus sign U+2212 otherwise, the euro sign after it — `+3 495 €` in every
 * language, as the table beside the sentence prints `3 495`.
 */
function signedAmount(deviation: Cents, lang: Language): string {
  return formatMoney(deviation, lang, { signed: true });
}

/** A line's label from LINES with a lowercase initial, as it reads inside a sentence. */
function inlineLabel(code: LineCode, lang: Language): string {
  const label = lineDefinition(code).names[lang];
  return label.charAt(0).toLocaleLowerCase(lang) + label.slice(1);
}

/**
 * Finnish detail lines in the inessive plural ("henkilöstökuluissa"), since the drivers
 * sentence places the deviation in them; LINES holds the nominative labels.
 */
const FI_INESSIVE: Record<DetailLine, string> = {
  sales: 'myyntituotoissa',
  fees: 'maksutuotoissa',
  grants: 'tuissa ja avustuksissa',
  otherRevenue: 'muissa toimintatuotoissa',
  personnel: 'henkilöstökuluissa',
  services: 'palvelujen ostoissa',
  materials: 'aineissa, tarvikkeissa ja tavaroissa',
  subsidies: 'avustuksissa',
  otherCosts: 'muissa toimintakuluissa',
};

const TEMPLATES: Record<Language, LanguageTemplates> = {
  sv: {
    verdict: {
      revenue: {
        better: {
          clearly:
            'Verksamhetens intäkter överskred uppskattningen klart, vilket gav ett bättre utfall än budgeterat',
          slightly:
            'Verksamhetens intäkter överskred uppskattningen en aning, vilket gav ett bättre utfall än budgeterat',
        },
        worse: {
          clearly:
            'Verksamhetens intäkter understeg uppskattningen klart, vilket gav ett sämre utfall än budgeterat',
          slightly:
            'Verksamhetens intäkter understeg uppskattningen en aning, vilket gav ett sämre utfall än budgeterat',
        },
        asBudgeted: 'Verksamhetens intäkter utföll i stort sett enligt uppskattningen',
      },
      costs: {
        better: {
          clearly:
            'Verksamhetens kostnader underskred budgeten klart, vilket gav ett bättre utfall än budgeterat',
          slightly:
            'Verksamhetens kostnader underskred budgeten en aning, vilket gav ett bättre utfall än budgeterat',
        },
        worse: {
          clearly:
            'Verksamhetens kostnader överskred budgeten klart, vilket gav ett sämre utfall än budgeterat',
          slightly:
            'Verksamhetens kostnader överskred budgeten en aning, vilket gav ett sämre utfall än budgeterat',
        },
        asBudgeted: 'Verksamhetens kostnader utföll i stort sett enligt budgeten',
      },
      margin: {
        better: {
          clearly: 'Verksamhetsbidraget blev klart bättre än budgeterat',
          slightly: 'Verksamhetsbidraget blev en aning bättre än budgeterat',
        },
        worse: {
          clearly: 'Verksamhetsbidraget blev klart sämre än budgeterat',
          slightly: 'Verksamhetsbidraget blev en aning sämre än budgeterat',
        },
        asBudgeted: 'Verksamhetsbidraget utföll i stort sett enligt budgeten',
      },
    },
    forecastVerdict: {
      revenue: {
        better: {
          clearly: 'Verksamhetens intäkter väntas överskrida uppskattningen klart',
          slightly: 'Verksamhetens intäkter väntas överskrida uppskattningen en aning',
        },
        worse: {
          clearly: 'Verksamhetens intäkter väntas understiga uppskattningen klart',
          slightly: 'Verksamhetens intäkter väntas understiga uppskattningen en aning',
        },
        asBudgeted: 'Verksamhetens intäkter väntas utfalla i stort sett enligt uppskattningen',
      },
      costs: {
        better: {
          clearly: 'Verksamhetens kostnader väntas underskrida budgeten klart',
          slightly: 'Verksamhetens kostnader väntas underskrida budgeten en aning',
        },
        worse: {
          clearly: 'Verksamhetens kostnader väntas överskrida anslaget klart',
          slightly: 'Verksamhetens kostnader väntas överskrida anslaget en aning',
        },
        asBudgeted: 'Verksamhetens kostnader väntas utfalla i stort sett enligt budgeten',
      },
      margin: {
        better: {
          clearly: 'Verksamhetsbidraget väntas bli klart bättre än budgeterat',
          slightly: 'Verksamhetsbidraget väntas bli en aning bättre än budgeterat',
        },
        worse: {
          clearly: 'Verksamhetsbidraget väntas överskrida sitt anslag klart',
          slightly: 'Verksamhetsbidraget väntas överskrida sitt anslag en aning',
        },
        asBudgeted: 'Verksamhetsbidraget väntas utfalla i stort sett enligt budgeten',
      },
    },
    deviation: (amount) => ` (avvikelse ${amount})`,
    forecastDeviation: (amount) => ` enligt prognosen för året (avvikelse ${amount})`,
    drivers: (list) => `Avvikelsen uppstod främst inom ${list}.`,
    forecastDrivers: (list) => `Avvikelsen väntas främst uppstå inom ${list}.`,
    and: 'och',
    driverLabel: (code) => inlineLabel(code, 'sv'),
    amount: (deviation) => signedAmount(deviation, 'sv'),
    explainedSubject: (topic, direction, line) =>
      SV_SUBJECTS[topic][direction] + (line === null ? '' : ` inom ${inlineLabel(line, 'sv')}`),
    explained: (subject, list) => `${subject} kom främst från ${list}.`,
    contributor: (c, percent) =>
      `${c.account === null ? '' : `konto ${c.account} vid `}${SV_KIND[c.unitKind]} ${unitText(c, 'sv')} (${percent})`,
  },
  fi: {
    verdict: {
      revenue: {
        better: {
          clearly:
            'Toimintatuotot ylittivät arvion selvästi, joten toteuma oli budjetoitua parempi',
          slightly: 'Toimintatuotot ylittivät arvion hieman, joten toteuma oli budjetoitua parempi',
        },
        worse: {
          clearly:
            'Toimintatuotot jäivät selvästi arvioidusta, joten toteuma oli budjetoitua heikompi',
          slightly:
            'Toimintatuotot jäivät hieman arvioidusta, joten toteuma oli budjetoitua heikompi',
        },
        asBudgeted: 'Toimintatuotot toteutuivat käytännössä arvion mukaisesti',
      },
      costs: {
        better: {
          clearly:
            'Toimintakulut alittivat talousarvion selvästi, joten toteuma oli budjetoitua parempi',
          slightly:
            'Toimintakulut alittivat talousarvion hieman, joten toteuma oli budjetoitua parempi',
        },
        worse: {
          clearly:
            'Toimintakulut ylittivät talousarvion selvästi, joten toteuma oli budjetoitua heikompi',
          slightly:
            'Toimintakulut ylittivät talousarvion hieman, joten toteuma oli budjetoitua heikompi',
        },
        asBudgeted: 'Toimintakulut toteutuivat käytännössä talousarvion mukaisesti',
      },
      margin: {
        better: {
          clearly: 'Ulkoinen toimintakate oli selvästi budjetoitua parempi',
          slightly: 'Ulkoinen toimintakate oli hieman budjetoitua parempi',
        },
        worse: {
          clearly: 'Ulkoinen toimintakate oli selvästi budjetoitua heikompi',
          slightly: 'Ulkoinen toimintakate oli hieman budjetoitua heikompi',
        },
        asBudgeted: 'Ulkoinen toimintakate toteutui käytännössä talousarvion mukaisesti',
      },
    },
    forecastVerdict: {
      revenue: {
        better: {
          clearly: 'Toimintatuottojen ennustetaan ylittävän arvion selvästi',
          slightly: 'Toimintatuottojen ennustetaan ylittävän arvion hieman',
        },
        worse: {
          clearly: 'Toimintatuottojen ennustetaan jäävän selvästi arvioidusta',
          slightly: 'Toimintatuottojen ennustetaan jäävän hieman arvioidusta',
        },
        asBudgeted: 'Toimintatuottojen ennustetaan toteutuvan käytännössä arvion mukaisesti',
      },
      costs: {
        better: {
          clearly: 'Toimintakulujen ennustetaan alittavan talousarvion selvästi',
          slightly: 'Toimintakulujen ennustetaan alittavan talousarvion hieman',
        },
        worse: {
          clearly: 'Toimintakulujen ennustetaan ylittävän määrärahan selvästi',
          slightly: 'Toimintakulujen ennustetaan ylittävän määrärahan hieman',
        },
        asBudgeted: 'Toimintakulujen ennustetaan toteutuvan käytännössä talousarvion mukaisesti',
      },
      margin: {
        better: {
          clearly: 'Ulkoisen toimintakatteen ennustetaan olevan selvästi budjetoitua parempi',
          slightly: 'Ulkoisen toimintakatteen ennustetaan olevan hieman budjetoitua parempi',
        },
        worse: {
          clearly: 'Ulkoisen toimintakatteen ennustetaan ylittävän määrärahansa selvästi',
          slightly: 'Ulkoisen toimintakatteen ennustetaan ylittävän määrärahansa hieman',
        },
        asBudgeted:
          'Ulkoisen toimintakatteen ennustetaan toteutuvan käytännössä talousarvion mukaisesti',
      },
    },
    deviation: (amount) => ` (poikkeama ${amount})`,
    forecastDeviation: (amount) => ` koko vuoden ennusteen mukaan (poikkeama ${amount})`,
    drivers: (list) => `Poikkeama syntyi erityisesti ${list}.`,
    forecastDrivers: (list) => `Poikkeaman ennustetaan syntyvän erityisesti ${list}.`,
    and: 'ja',
    driverLabel: (code) => FI_INESSIVE[code],
    amount: (deviation) => signedAmount(deviation, 'fi'),
    explainedSubject: (topic, direction, line) =>
      FI_SUBJECTS[topic][direction] + (line === null ? '' : ` ${FI_INESSIVE[line]}`),
    explained: (subject, list) => `${subject} syntyi pääosin ${list}.`,
    contributor: (c, percent) =>
      `${c.account === null ? '' : `tilillä ${c.account} `}${FI_KIND[c.unitKind]} ${unitText(c, 'fi')} (${percent})`,
  },
  en: {
    verdict: {
      revenue: {
        better: {
          clearly: 'Operating revenue clearly exceeded the estimate',
          slightly: 'Operating revenue slightly exceeded the estimate',
        },
        worse: {
          clearly: 'Operating revenue clearly fell short of the estimate',
          slightly: 'Operating revenue fell slightly short of the estimate',
        },
        asBudgeted: 'Operating revenue was broadly in line with the estimate',
      },
      costs: {
        better: {
          clearly: 'Operating expenses were clearly below budget',
          slightly: 'Operating expenses were slightly below budget',
        },
        worse: {
          clearly: 'Operating expenses clearly exceeded budget',
          slightly: 'Operating expenses slightly exceeded budget',
        },
        asBudgeted: 'Operating expenses were broadly in line with budget',
      },
      margin: {
        better: {
          clearly: 'The external operating margin was clearly better than budgeted',
          slightly: 'The external operating margin was slightly better than budgeted',
        },
        worse: {
          clearly: 'The external operating margin was clearly worse than budgeted',
          slightly: 'The external operating margin was slightly worse than budgeted',
        },
        asBudgeted: 'The external operating margin was broadly in line with budget',
      },
    },
    forecastVerdict: {
      revenue: {
        better: {
          clearly: 'Operating revenue is expected to clearly exceed the estimate',
          slightly: 'Operating revenue is expected to slightly exceed the estimate',
        },
        worse: {
          clearly: 'Operating revenue is expected to fall clearly short of the estimate',
          slightly: 'Operating revenue is expected to fall slightly short of the estimate',
        },
        asBudgeted: 'Operating revenue is expected to be broadly in line with the estimate',
      },
      costs: {
        better: {
          clearly: 'Operating expenses are expected to stay clearly below budget',
          slightly: 'Operating expenses are expected to stay slightly below budget',
        },
        worse: {
          clearly: 'Operating expenses are expected to clearly exceed their appropriation',
          slightly: 'Operating expenses are expected to slightly exceed their appropriation',
        },
        asBudgeted: 'Operating expenses are expected to be broadly in line with budget',
      },
      margin: {
        better: {
          clearly: 'The external operating margin is expected to be clearly better than budgeted',
          slightly: 'The external operating margin is expected to be slightly better than budgeted',
        },
        worse: {
          clearly: 'The external operating margin is expected to clearly exceed its appropriation',
          slightly:
            'The external operating margin is expected to slightly exceed its appropriation',
        },
        asBudgeted: 'The external operating margin is expected to be broadly in line with budget',
      },
    },
    deviation: (amount) => ` (deviation ${amount})`,
    forecastDeviation: (amount) => ` by the forecast for the year (deviation ${amount})`,
    drivers: (list) => `The deviation arose mainly in ${list}.`,
    forecastDrivers: (list) => `The deviation is expected mainly in ${list}.`,
    and: 'and',
    driverLabel: (code) => inlineLabel(code, 'en'),
    amount: (deviation) => signedAmount(deviation, 'en'),
    explainedSubject: (topic, direction, line) =>
      EN_SUBJECTS[topic][direction] + (line === null ? '' : ` in ${inlineLabel(line, 'en')}`),
    explained: (subject, list) => `${subject} came mostly from ${list}.`,
    contributor: (c, percent) =>
      `${c.account === null ? '' : `account ${c.account} at `}${EN_KIND[c.unitKind]} ${unitText(c, 'en')} (${percent})`,
  },
};

/** "a", "a and b", "a, b and c". */
function joinList(items: readonly string[], and: string): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]!}`;
}

const PPM = 1_000_000;

/** A share as integer parts per million, checked once so that comparisons stay exact. */
function toPpm(name: keyof OutcomeSettings, share: number): bigint {
  if (!Number.isFinite(share) || share < 0) {
    throw new RangeError(`outcome setting ${name} must be a share ≥ 0, got ${share}`);
  }
  return BigInt(Math.round(share * PPM));
}

/** |part| × 10⁶ compared with |whole| × ppm, exactly. */
function compareShare(part: Cents, whole: Cents, ppm: bigint): -1 | 0 | 1 {
  const left = BigInt(Math.abs(part)) * BigInt(PPM);
  const right = BigInt(Math.abs(whole)) * ppm;
  return left < right ? -1 : left > right ? 1 : 0;
}

interface CheckedSettings {
  neutral: bigint;
  clear: bigint;
  driver: bigint;
  maxDrivers: number;
  contributor: bigint;
  contributorMin: bigint;
  maxContributors: number;
}

function checkCount(name: keyof OutcomeSettings, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`outcome setting ${name} must be an integer ≥ 0`);
  }
  return value;
}

function checkSettings(settings: OutcomeSettings): CheckedSettings {
  return {
    neutral: toPpm('neutralShare', settings.neutralShare),
    clear: toPpm('clearShare', settings.clearShare),
    driver: toPpm('driverShare', settings.driverShare),
    maxDrivers: checkCount('maxDrivers', settings.maxDrivers),
    contributor: toPpm('contributorShare', settings.contributorShare),
    contributorMin: toPpm('contributorMinShare', settings.contributorMinShare),
    maxContributors: checkCount('maxContributors', settings.maxContributors),
  };
}

/**
 * A detail line's deviation for the drivers: its own deviation, or, for a line with a revised
 * budget but nothing booked, the whole revised budget unspent (actual 0), so that the detail
 * deviations add up to the total's. Null for a line without figures.
 */
function detailDeviation(line: LineFigures | undefined): Cents | null {
  if (!line) return null;
  if (line.deviation !== null) return line.deviation;
  if (line.revised === null && line.actual === null) return null;
  return cents((line.actual ?? 0) - (line.revised ?? 0));
}

function findDrivers(
  topic: OutcomeTopic,
  deviation: Cents,
  byCode: ReadonlyMap<LineCode, LineFigures>,
  settings: CheckedSettings,
): DetailLine[] {
  const candidates: { code: DetailLine; deviation: Cents; order: number }[] = [];
  DETAIL_LINES[topic].forEach((code, order) => {
    const lineDeviation = detailDeviation(byCode.get(code));
    if (lineDeviation === null || lineDeviation === 0) return;
    if (Math.sign(lineDeviation) !== Math.sign(deviation)) return;
    if (compareShare(lineDeviation, deviation, settings.driver) < 0) return;
    candidates.push({ code, deviation: lineDeviation, order });
  });
  candidates.sort((a, b) => Math.abs(b.deviation) - Math.abs(a.deviation) || a.order - b.order);
  return candidates.slice(0, settings.maxDrivers).map((c) => c.code);
}

/** A named contributor's share of the line's deviation in whole percent, rounded half up. */
function wholePercent(part: Cents, whole: Cents): number {
  const p = BigInt(Math.abs(part));
  const w = BigInt(Math.abs(whole));
  return Number((p * 200n + w) / (2n * w));
}

/**
 * The contributors a driving line's deviation came mostly from: the fewest of its largest (in
 * the line's direction, at most maxContributors) that together carry contributorShare of it,
 * each carrying contributorMinShare; none when no such few do. Exact, in BigInt.
 */
function namedContributors(
  given: LineContributors | undefined,
  lineDeviation: Cents,
  settings: CheckedSettings,
): { contributor: OutcomeContributor; named: NamedContributor }[] {
  if (!given || given.deviation !== lineDeviation || lineDeviation === 0) return [];
  const sign = Math.sign(lineDeviation);
  const largest = given.contributors
    .map((contributor, order) => ({ contributor, order }))
    .filter(({ contributor }) => Math.sign(contributor.deviation) === sign)
    .sort(
      (a, b) =>
        Math.abs(b.contributor.deviation) - Math.abs(a.contributor.deviation) || a.order - b.order,
    )
    .slice(0, settings.maxContributors)
    .map(({ contributor }) => contributor);
  let sum = 0;
  for (let count = 1; count <= largest.length; count++) {
    const last = largest[count - 1]!;
    if (compareShare(last.deviation, lineDeviation, settings.contributorMin) < 0) return [];
    sum += last.deviation;
    if (compareShare(cents(sum), lineDeviation, settings.contributor) >= 0)
      return largest.slice(0, count).map((contributor) => ({
        contributor,
        named: {
          unitCode: contributor.unitCode,
          account: contributor.account,
          deviation: contributor.deviation,
          percent: wholePercent(contributor.deviation, lineDeviation),
        },
      }));
  }
  return [];
}

interface Explained {
  line: DetailLine;
  contributors: { contributor: OutcomeContributor; named: NamedContributor }[];
}

function sentence(
  lang: Language,
  topic: OutcomeTopic,
  direction: OutcomeDirection,
  clearly: boolean,
  deviation: Cents,
  drivers: readonly DetailLine[],
  explained: readonly Explained[],
  mode: OutcomeMode,
): string {
  const t = TEMPLATES[lang];
  const sentences = mode === 'forecast' ? t.forecastVerdict[topic] : t.verdict[topic];
  const verdict =
    direction === 'asBudgeted'
      ? sentences.asBudgeted
      : sentences[direction][clearly ? 'clearly' : 'slightly'];
  const amount = t.amount(deviation);
  let text = `${verdict}${mode === 'forecast' ? t.forecastDeviation(amount) : t.deviation(amount)}.`;
  if (drivers.length > 0) {
    const list = joinList(drivers.map(t.driverLabel), t.and);
    text += ` ${mode === 'forecast' ? t.forecastDrivers(list) : t.drivers(list)}`;
  }
  if (topic !== 'margin' && direction !== 'asBudgeted') {
    for (const { line, contributors: named } of explained) {
      const subject = t.explainedSubject(topic, direction, drivers.length > 1 ? line : null);
      const list = named.map(({ contributor, named: n }) =>
        t.contributor(contributor, `${formatWhole(n.percent)}\u00a0%`),
      );
      text += ` ${t.explained(subject, joinList(list, t.and))}`;
    }
  }
  return text;
}

/**
 * An interim report's lines as the forecast sees the year: the forecast in place of the actual
 * and the forecast deviation in place of the deviation, for proposeOutcome's 'forecast' mode.
 */
export function forecastLines(
  lines: readonly Pick<InterimLine, 'code' | 'revised' | 'forecast' | 'forecastDeviation'>[],
): LineFigures[] {
  return lines.map((line) => ({
    code: line.code,
    budget: null,
    changes: null,
    revised: line.revised,
    actual: line.forecast,
    deviation: line.forecastDeviation,
  }));
}

/**
 * Proposes outcome sentences for operating revenue, operating expenses and the external
 * operating margin of one unit, from its budget-vs-outcome lines (report sign, deviation =
 * actual − revised, positive favourable for every line). A topic whose total line has no revised
 * budget or no actual gets no proposal. Drivers are named only for revenue and costs, and only
 * from detail lines with figures, so a unit that reports totals only gets none.
 *
 * With `contributors` (the year's outcome only: a forecast's deviation is of the year's end, not
 * of the entries booked so far), a driving line whose deviation came mostly from one or two
 * contributors gets a sentence naming them with their share (see DEFAULT_OUTCOME_SETTINGS);
 * without them, or where none carries a clear share, the sentences are as without.
 */
export function proposeOutcome(
  lines: LineFigures[],
  settings: OutcomeSettings = DEFAULT_OUTCOME_SETTINGS,
  mode: OutcomeMode = 'year',
  contributorsOf: OutcomeContributors = {},
): OutcomeProposal[] {
  const checked = checkSettings(settings);
  const byCode = new Map<LineCode, LineFigures>();
  for (const line of lines) if (!byCode.has(line.code)) byCode.set(line.code, line);

  const proposals: OutcomeProposal[] = [];
  for (const topic of TOPICS) {
    const total = byCode.get(topic);
    if (!total || total.revised === null || total.actual === null) continue;
    const deviation = total.deviation ?? cents(total.actual - total.revised);

    let direction: OutcomeDirection;
    if (deviation === 0 || compareShare(deviation, total.revised, checked.neutral) < 0) {
      direction = 'asBudgeted';
    } else {
      direction = deviation > 0 ? 'better' : 'worse';
    }
    const clearly =
      direction !== 'asBudgeted' && compareShare(deviation, total.revised, checked.clear) > 0;
    const drivers =
      direction === 'asBudgeted' ? [] : findDrivers(topic, deviation, byCode, checked);
    const explained: Explained[] =
      mode === 'forecast'
        ? []
        : drivers
            .map((line) => ({
              line,
              contributors: namedContributors(
                contributorsOf[line],
                detailDeviation(byCode.get(line))!,
                checked,
              ),
            }))
            .filter((e) => e.contributors.length > 0);

    const say = (lang: Language) =>
      sentence(lang, topic, direction, clearly, deviation, drivers, explained, mode);
    const text: Record<Language, string> = { sv: say('sv'), fi: say('fi'), en: say('en') };
    proposals.push({
      topic,
      direction,
      clearly,
      drivers: [...drivers],
      ...(explained.length > 0
        ? {
            explained: explained.map((e) => ({
              line: e.line,
              contributors: e.contributors.map((c) => c.named),
            })),
          }
        : {}),
      text,
    });
  }
  return proposals;
}

/** The driving lines of some proposals, each once: the lines whose contributors are wanted. */
export function drivingLines(proposals: readonly OutcomeProposal[]): LineCode[] {
  return [...new Set(proposals.flatMap((p) => p.drivers))];
}

/**
 * A line's contributors for proposeOutcome, from the drill-down's entries of a unit's subtree
 * (src/db/drill.ts drillEntries): the year's figure of the line and its `limit` largest
 * contributors, each unit's kind and names from `units`. Undefined where the line has no
 * deviation there.
 */
export function lineContributors(
  entries: readonly DrillEntry[],
  line: LineCode,
  units: ReadonlyMap<string, Pick<Unit, 'kind' | 'names'>>,
  limit: number = DEFAULT_OUTCOME_SETTINGS.maxContributors,
): LineContributors | undefined {
  const filter = { leaves: leafLinesOf(line) };
  const figure = scopeFigures(entries, filter);
  if (figure.deviation === null) return undefined;
  return {
    deviation: figure.deviation,
    contributors: contributors(entries, filter, limit).flatMap((c) => {
      const unit = units.get(c.unitCode);
      return unit
        ? [
            {
              unitCode: c.unitCode,
              unitKind: unit.kind,
              unitNames: unit.names,
              account: c.account,
              deviation: c.deviation,
            },
          ]
        : [];
    }),
  };
}

/**
 * A drill-down explanation of a line's deviation (GET …/drill/explanation, src/api/drill.ts
 * ExplanationView) as far as a line's contributors are read from it.
 */
export interface ExplainedDeviation {
  figure: { deviation: number | null };
  contributors: readonly {
    unit: { code: string; kind: UnitKind; names: Names };
    account: string | null;
    deviation: number | null;
  }[];
}

/**
 * A line's contributors for proposeOutcome from the drill-down's explanation of it (`utfall
 * outcome` and the unit page read them so): its figure's deviation and the contributors it
 * lists, in its order. Undefined where the line has no deviation there.
 */
export function contributorsOfExplanation(view: ExplainedDeviation): LineContributors | undefined {
  if (view.figure.deviation === null) return undefined;
  return {
    deviation: cents(view.figure.deviation),
    contributors: view.contributors.flatMap((c) =>
      c.deviation === null
        ? []
        : [
            {
              unitCode: c.unit.code,
              unitKind: c.unit.kind,
              unitNames: c.unit.names,
              account: c.account,
              deviation: cents(c.deviation),
            },
          ],
    ),
  };
}
