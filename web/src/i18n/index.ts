import { formatEther } from "ethers";

import { en, type MessageKey, type Messages } from "./en";
import { fr } from "./fr";

export type { MessageKey } from "./en";

/** Languages of the page, the same as those of the grade labels in src/mj/grades.ts. */
export type Lang = "en" | "fr";

const MESSAGES: Record<Lang, Messages> = { en, fr };

/** localStorage key of the language the member chose. */
const LANG_STORAGE_KEY = "coop-vote.lang";

/** BCP 47 locale used by Intl for each language. */
const LOCALES: Record<Lang, string> = { en: "en", fr: "fr-FR" };

let current: Lang = "en";

/** Returns the current language. */
export function currentLang(): Lang {
  return current;
}

/**
 * Picks the language at start: the member's stored choice, else the first of `navigator.languages`
 * that the page has, else English.
 */
export function initialLang(): Lang {
  const stored = localStorage.getItem(LANG_STORAGE_KEY);
  if (stored === "en" || stored === "fr") return stored;
  for (const tag of navigator.languages) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "en" || primary === "fr") return primary;
  }
  return "en";
}

/** Sets the language, stores the choice and updates `<html lang>`. */
export function setLang(lang: Lang): void {
  current = lang;
  localStorage.setItem(LANG_STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

/** Returns the text of `key` in the current language, with each `{name}` replaced by `params[name]`. */
export function t(key: MessageKey, params: Record<string, string | number | bigint> = {}): string {
  return MESSAGES[current][key].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    name in params ? String(params[name]) : placeholder,
  );
}

/** Formats a time in seconds since the Unix epoch in the member's time zone and language. */
export function formatDate(seconds: bigint): string {
  return new Intl.DateTimeFormat(LOCALES[current], { dateStyle: "long", timeStyle: "short" }).format(
    new Date(Number(seconds) * 1000),
  );
}

/** Formats an integer with the separators of the current language. */
export function formatInteger(value: bigint): string {
  return new Intl.NumberFormat(LOCALES[current]).format(value);
}

/** Formats an amount in ETH with the separators of the current language, to at most 6 decimals. */
export function formatEtherAmount(wei: bigint): string {
  return new Intl.NumberFormat(LOCALES[current], { maximumFractionDigits: 6 }).format(Number(formatEther(wei)));
}
