// What a photo is called: the submitted document's own name for its side (人像面, 资料页, 正面 …,
// from the domain's `document::names_of`), the hand-held photo and an unknown document by the
// resident ID's words. Used by the photo panels and the supervisor's timeline alike.
import type { DocumentNames } from "./bindings";
import { locale, t } from "./i18n/index.svelte";

const KEYS = { portrait: "photo.portrait", emblem: "photo.emblem", handheld: "photo.handheld" } as const;

/** The name of `side` for `document`; "—" for a side that is not a photo. */
export function photoName(side: unknown, document: DocumentNames | null | undefined): string {
  if (side !== "portrait" && side !== "emblem" && side !== "handheld") return "—";
  if (!document || side === "handheld") return t(KEYS[side]);
  const en = locale() === "en";
  if (side === "portrait") return en ? document.portrait_en : document.portrait_zh;
  return en ? document.emblem_en : document.emblem_zh;
}
