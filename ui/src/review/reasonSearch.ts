// Filtering reject reasons as a reviewer types: Chinese text, English, the code, or pinyin —
// full (`jingxiang`), initials (`jx`) or any mix of syllable prefixes (`jingx`, `jxfanzhuan`).
// Readings come from the pinyin-pro dictionary, every reading of a polyphonic character (露 lu/lou),
// computed from the reason's own text, so they cannot drift from the catalogue. The dictionary
// (about 300 KB) is its own chunk, loaded when a picker first opens (`loadPinyin`), not at start-up;
// until it is there, Chinese, English and codes still match.
type Pinyin = typeof import("pinyin-pro").pinyin;

let pinyin: Pinyin | null = null;
let loading: Promise<void> | null = null;

/** Loads the pinyin dictionary once; resolves when pinyin matching works. */
export function loadPinyin(): Promise<void> {
  loading ??= import("pinyin-pro").then(
    (module) => void (pinyin = module.pinyin),
    () => void (loading = null),
  );
  return loading;
}

/** Whether pinyin matching works yet. */
export function pinyinReady(): boolean {
  return pinyin !== null;
}

/** Per character of a text, the lower-case syllables it may be typed as. */
export type Syllables = string[][];

const HAN = /\p{Script=Han}/u;

/** The syllables of `text`: every reading of a Chinese character, other letters and digits as themselves. */
export function syllablesOf(text: string): Syllables {
  if (!pinyin) return [];
  const chars = [...text];
  const inContext = pinyin(text, { toneType: "none", type: "array", nonZh: "removed" });
  let han = 0;
  const out: Syllables = [];
  for (const char of chars) {
    if (HAN.test(char)) {
      const readings = new Set<string>();
      const contextual = inContext[han++];
      if (contextual) readings.add(contextual.toLowerCase());
      for (const reading of pinyin(char, { toneType: "none", type: "array", multiple: true })) {
        readings.add(reading.toLowerCase().replace("ü", "v"));
      }
      out.push([...readings].filter((r) => /^[a-zv]+$/.test(r)));
    } else if (/[0-9a-z]/i.test(char)) {
      out.push([char.toLowerCase()]);
    }
  }
  return out;
}

/**
 * Whether `query` (letters only, lower case) reads as consecutive syllables of `syllables`, each
 * typed in full or by a prefix of at least its first letter.
 */
export function matchesPinyin(query: string, syllables: Syllables): boolean {
  if (!query) return true;
  const failed = new Set<number>();
  const from = (at: number, k: number): boolean => {
    if (at === query.length) return true;
    if (k === syllables.length) return false;
    const key = at * (syllables.length + 1) + k;
    if (failed.has(key)) return false;
    for (const syllable of syllables[k] ?? []) {
      for (let length = Math.min(syllable.length, query.length - at); length >= 1; length--) {
        if (query.startsWith(syllable.slice(0, length), at) && from(at + length, k + 1)) return true;
      }
    }
    failed.add(key);
    return false;
  };
  for (let start = 0; start < syllables.length; start++) {
    if (from(0, start)) return true;
  }
  return false;
}

/** What a reason is searched by. */
export interface Searchable {
  code: string;
  zh: string;
  en: string;
}

const cache = new Map<string, Syllables>();

function cachedSyllables(text: string): Syllables {
  let found = cache.get(text);
  if (!found && pinyin) {
    found = syllablesOf(text);
    cache.set(text, found);
  }
  return found ?? [];
}

/** Whether a reason matches what the reviewer typed (empty matches everything). */
export function reasonMatches(query: string, reason: Searchable): boolean {
  const typed = query.trim().toLowerCase();
  if (!typed) return true;
  if (HAN.test(typed)) return reason.zh.includes(typed);
  if (reason.en.toLowerCase().includes(typed) || reason.code.includes(typed)) return true;
  const letters = typed.replace(/[\s'’]/g, "");
  return /^[a-z0-9]+$/.test(letters) && matchesPinyin(letters.replace("ü", "v"), cachedSyllables(reason.zh));
}
