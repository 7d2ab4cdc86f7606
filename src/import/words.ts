/**
 * Words for entry kinds and unit kinds as they appear in files, in English, Swedish and
 * Finnish, singular and plural.
 */
import type { EntryKind } from '../domain/lines.js';
import type { UnitKind } from '../domain/model.js';
import { normaliseHeader } from './headers.js';

const ENTRY_KIND_WORDS: Record<EntryKind, readonly string[]> = {
  external: ['external', 'extern', 'externa', 'ulkoinen', 'ulkoiset'],
  internal: ['internal', 'intern', 'interna', 'sisäinen', 'sisäiset'],
  imputed: [
    'imputed',
    'kalkylmässig',
    'kalkylmässiga',
    'kalkylmässigt',
    'laskennallinen',
    'laskennalliset',
  ],
};

const UNIT_KIND_WORDS: Record<UnitKind, readonly string[]> = {
  city: ['city', 'municipality', 'stad', 'staden', 'kommun', 'kaupunki', 'kunta'],
  central: ['central', 'centralen', 'keskus'],
  area: [
    'area',
    'responsibility area',
    'ansvarsområde',
    'område',
    'vastuualue',
    'alue',
    'tulosalue',
  ],
  costcenter: [
    'costcenter',
    'cost center',
    'cost centre',
    'kostnadsställe',
    'kustannuspaikka',
    'tulosyksikkö',
  ],
};

function index<K extends string>(words: Record<K, readonly string[]>): Map<string, K> {
  const map = new Map<string, K>();
  for (const key of Object.keys(words) as K[]) {
    for (const word of words[key]) map.set(normaliseHeader(word), key);
  }
  return map;
}

const entryKinds = index(ENTRY_KIND_WORDS);
const unitKinds = index(UNIT_KIND_WORDS);

/** The entry kind named by a cell (`internal`, `intern`, `sisäinen`, …); undefined if none. */
export function entryKindOf(text: string): EntryKind | undefined {
  // The exact word first: ledgers repeat it on every line.
  return entryKinds.get(text) ?? entryKinds.get(normaliseHeader(text));
}

/** The unit kind named by a cell (`costcenter`, `kostnadsställe`, `kustannuspaikka`, …). */
export function unitKindOf(text: string): UnitKind | undefined {
  return unitKinds.get(normaliseHeader(text));
}
