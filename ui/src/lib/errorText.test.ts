// The UI's error texts: its own words for every code, the server's message only for an unknown one.
import { describe, expect, it } from "vitest";
import { ERROR_TEXT, errorText, isErrorCode, showError } from "./errorText";

describe("errorText", () => {
  it("speaks the UI's language for a known code, whatever the server wrote", () => {
    const refusal = { code: "lease_expired", message: "租约已过期，请重新领取该任务" };
    expect(errorText(refusal, "zh-CN")).toBe(ERROR_TEXT.lease_expired.zh);
    expect(errorText(refusal, "en")).toBe(ERROR_TEXT.lease_expired.en);
    expect(errorText(refusal, "en")).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it("shows the message that came with an unknown code, in either language", () => {
    const newer = { code: "some_newer_code", message: "服务器的新提示" };
    expect(isErrorCode(newer.code)).toBe(false);
    expect(errorText(newer, "zh-CN")).toBe("服务器的新提示");
    expect(errorText(newer, "en")).toBe("服务器的新提示");
  });

  it("never shows an empty line, nor a raw code", () => {
    expect(errorText({ code: "nothing_known", message: "  " }, "zh-CN")).toBe("操作未能完成。");
    expect(errorText({ code: "nothing_known", message: "" }, "en")).toBe("The operation could not be completed.");
  });

  it("does not take inherited names for codes", () => {
    expect(isErrorCode("toString")).toBe(false);
    expect(isErrorCode("__proto__")).toBe(false);
    expect(errorText({ code: "constructor", message: "原文" }, "en")).toBe("原文");
  });

  it("has a Chinese and an English text for every code, none naming a code", () => {
    for (const [code, text] of Object.entries(ERROR_TEXT)) {
      expect(text.zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(text.en.length, code).toBeGreaterThan(0);
      expect(text.en, code).not.toMatch(/[\u4e00-\u9fff]/);
      // A snake_case code is never shown (one-word codes like "offline" are plain English).
      if (code.includes("_")) {
        expect(text.zh, code).not.toContain(code);
        expect(text.en, code).not.toContain(code);
      }
    }
  });

  it("names the renamed codes the way server and desktop now both send them", () => {
    expect(isErrorCode("reasons_with_approval")).toBe(true);
    expect(isErrorCode("bad_limit")).toBe(true);
    expect(isErrorCode("approve_with_reasons")).toBe(false);
    expect(isErrorCode("bad_page_size")).toBe(false);
  });
});

describe("showError", () => {
  it("uses the UI's current language (Chinese by default)", () => {
    expect(showError({ code: "offline", message: "无法连接服务器（x），已转为离线工作" })).toBe(ERROR_TEXT.offline.zh);
  });
});
