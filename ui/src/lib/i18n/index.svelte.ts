// The UI language: Chinese by default, English on request, remembered across starts.
import { zhCN, type MessageKey, type Messages } from "./zh-CN";
import { en } from "./en";

export type Locale = "zh-CN" | "en";

const STORAGE_KEY = "reviewdesk.locale";
const dictionaries: Record<Locale, Messages> = { "zh-CN": zhCN, en };

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  return saved === "en" ? "en" : "zh-CN";
}

const state = $state<{ locale: Locale }>({ locale: initialLocale() });

export function locale(): Locale {
  return state.locale;
}

export function setLocale(next: Locale): void {
  state.locale = next;
  globalThis.localStorage?.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
}

export function toggleLocale(): void {
  setLocale(state.locale === "zh-CN" ? "en" : "zh-CN");
}

export function t(key: MessageKey): string {
  return dictionaries[state.locale][key];
}

/** `t` with `{name}` placeholders filled in. */
export function tf(key: MessageKey, values: Record<string, string | number>): string {
  return t(key).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
