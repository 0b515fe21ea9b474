import { beforeAll, describe, expect, it } from "vitest";
import { loadPinyin, matchesPinyin, pinyinReady, reasonMatches, syllablesOf } from "./reasonSearch";

// Reasons as the catalogue has them, in its order (crates/domain/src/reasons/catalogue.rs).
const REASONS = [
  { code: "sex_incorrect", zh: "性别填写错误", en: "Sex entered incorrectly" },
  { code: "birth_date_incorrect", zh: "出生日期填写错误", en: "Date of birth entered incorrectly" },
  { code: "handheld_photo_unclear", zh: "手持身份证照片不清晰", en: "Photo of the applicant holding the ID is not clear" },
  { code: "face_not_visible", zh: "手持身份证照片未露出本人完整面部", en: "The applicant's face is not fully visible in the hand-held ID photo" },
  { code: "document_incomplete", zh: "照片中的证件显示不完整", en: "The ID is not shown completely in the photo" },
  { code: "photo_rotated", zh: "照片存在旋转", en: "A photo is rotated" },
  { code: "photo_mirrored", zh: "照片存在镜像反转", en: "A photo is mirror-reversed" },
  { code: "id_expired", zh: "证件已过期", en: "The ID has expired" },
  { code: "file_not_as_required", zh: "上传的照片文件不符合要求（须为JPG格式，每张小于190KB）", en: "An uploaded file does not meet the requirements (JPG, each under 190 KB)" },
];

const found = (query: string) => REASONS.filter((r) => reasonMatches(query, r)).map((r) => r.code);

describe("reason filter", () => {
  beforeAll(async () => {
    // Before the dictionary is there, Chinese and English still match, pinyin not yet.
    expect(pinyinReady()).toBe(false);
    expect(found("镜像")).toEqual(["photo_mirrored"]);
    expect(found("jx")).toEqual([]);
    await loadPinyin();
    expect(pinyinReady()).toBe(true);
  });

  it("finds 镜像反转 by initials, full pinyin and mixes of both", () => {
    // Initials read anywhere in a text: `jx` is also 证件显示 (zheng-jian-xian-shi).
    expect(found("jx")).toEqual(["document_incomplete", "photo_mirrored"]);
    for (const query of ["jingxiang", "jingx", "jxfz", "jingxiangfanzhuan", "JXFZ", "jing xiang", "xiangfan"]) {
      expect(found(query), query).toEqual(["photo_mirrored"]);
    }
  });

  it("finds by Chinese, English and code", () => {
    expect(found("镜像")).toEqual(["photo_mirrored"]);
    expect(found("填写错误")).toEqual(["sex_incorrect", "birth_date_incorrect"]);
    expect(found("rotated")).toEqual(["photo_rotated"]);
    expect(found("id_expired")).toEqual(["id_expired"]);
  });

  it("finds the other orientation, quality and document reasons that had no number key", () => {
    expect(found("xuanzhuan")).toEqual(["photo_rotated"]);
    expect(found("xz")).toEqual(["photo_rotated"]);
    expect(found("bqx")).toEqual(["handheld_photo_unclear"]);
    expect(found("ygq")).toEqual(["id_expired"]);
    expect(found("csrq")).toEqual(["birth_date_incorrect"]);
    expect(found("jpg")).toEqual(["file_not_as_required"]);
  });

  it("accepts every reading of a polyphonic character (露: lu and lou)", () => {
    expect(found("louchu")).toEqual(["face_not_visible"]);
    expect(found("luchu")).toEqual(["face_not_visible"]);
  });

  it("matches nothing for a query that reads as no consecutive syllables", () => {
    expect(found("jxx")).toEqual([]);
    expect(found("zzzz")).toEqual([]);
    expect(found("镜子")).toEqual([]);
    // Syllables in the wrong order do not match.
    expect(found("xiangjing")).toEqual([]);
  });

  it("matches everything for an empty query", () => {
    expect(found("  ")).toHaveLength(REASONS.length);
  });

  it("reads syllables from the dictionary, one list per character", () => {
    const syllables = syllablesOf("镜像反转");
    expect(syllables).toHaveLength(4);
    expect(syllables[0]).toContain("jing");
    expect(syllables[3]).toContain("zhuan");
    expect(matchesPinyin("fzh", syllables)).toBe(true);
    expect(matchesPinyin("fx", syllables)).toBe(false);
  });
});
