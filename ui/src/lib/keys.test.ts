import { describe, expect, it } from "vitest";
import { isShortcut, isTyping } from "./keys";

const element = (tagName: string, isContentEditable = false) => ({ tagName, isContentEditable }) as unknown as EventTarget;
const key = (target: EventTarget | null, modifiers: Partial<KeyboardEvent> = {}) =>
  ({ key: "1", target, ctrlKey: false, altKey: false, metaKey: false, ...modifiers }) as unknown as KeyboardEvent;

describe("isTyping", () => {
  it("is true in every kind of field", () => {
    for (const tag of ["INPUT", "TEXTAREA", "SELECT", "input"]) expect(isTyping(element(tag))).toBe(true);
    expect(isTyping(element("DIV", true))).toBe(true);
  });

  it("is false elsewhere", () => {
    for (const tag of ["BODY", "BUTTON", "TR", "OL"]) expect(isTyping(element(tag))).toBe(false);
    expect(isTyping(null)).toBe(false);
  });
});

describe("isShortcut", () => {
  it("lets a plain key act outside fields only", () => {
    expect(isShortcut(key(element("BODY")))).toBe(true);
    expect(isShortcut(key(element("INPUT")))).toBe(false);
    expect(isShortcut(key(element("P", true)))).toBe(false);
  });

  it("leaves chords to their own handlers", () => {
    expect(isShortcut(key(element("BODY"), { ctrlKey: true }))).toBe(false);
    expect(isShortcut(key(element("BODY"), { altKey: true }))).toBe(false);
    expect(isShortcut(key(element("BODY"), { metaKey: true }))).toBe(false);
  });
});

// Every UI source but this module and tests, as text.
const sources = import.meta.glob("../**/*.{ts,svelte}", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("tidy: a key handler asks isTyping, never a field type of its own", () => {
  it("finds the UI's sources", () => {
    expect(Object.keys(sources)).toContain("../supervision/SupervisionScreen.svelte");
  });

  it("no other module tests a key's target for a field type", () => {
    const own = /(target|activeElement)\)?\s*instanceof\s+HTML(Input|TextArea|Select)Element/;
    const offenders = Object.entries(sources)
      .filter(([path]) => path !== "./keys.ts" && !path.endsWith(".test.ts"))
      .filter(([, text]) => own.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });
});
