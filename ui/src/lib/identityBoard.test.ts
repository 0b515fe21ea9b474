// What the identity board says for each state of its view: every state in words (never an empty
// board), faces found or not said per face, no similarity before calibration, and bands (once
// calibrated) only between faces both found; the one scale shared by the two cards.
import { describe, expect, it } from "vitest";
import type { BoardFace, IdentityBoardView } from "./bindings";
import { boardText, FACE_SOURCES, sameScale, turned } from "./identityBoard";
import { en } from "./i18n/en";
import { zhCN } from "./i18n/zh-CN";

const CROP = "/9j/AAAA";

function faces(found: Partial<Record<BoardFace["source"], boolean>> = {}): BoardFace[] {
  return FACE_SOURCES.map((source) => ({ source, crop_jpeg: (found[source] ?? true) ? CROP : null }));
}

function view(overrides: Partial<IdentityBoardView> = {}): IdentityBoardView {
  return {
    state: "computed",
    problem: null,
    held_card: { corners: [[0, 0], [1, 0], [1, 1], [0, 1]], rectified_jpeg: "/9j/CARD", width: 1000, height: 630 },
    faces: faces(),
    calibrated: false,
    bands: [],
    ...overrides,
  };
}

describe("boardText", () => {
  it("shows a computed board's card and three faces found, and says similarity is not calibrated", () => {
    const text = boardText(view());
    expect(text.notice).toBeNull();
    expect(text.heldCard).toEqual({ src: "data:image/jpeg;base64,/9j/CARD", width: 1000, height: 630 });
    expect(text.heldCardState).toBeNull();
    expect(text.faces.map((face) => [face.source, face.state, face.found])).toEqual([
      ["card_portrait", "board.found", true],
      ["held_card_portrait", "board.found", true],
      ["handheld_person", "board.found", true],
    ]);
    expect(text.faces[0]?.src).toBe(`data:image/jpeg;base64,${CROP}`);
    expect(text.similarity).toBe("board.uncalibrated");
    expect(zhCN[text.similarity]).toContain("相似度尚未校准");
    expect(zhCN[text.similarity]).toContain("仅供人工比对");
    expect(text.pairs).toEqual([]);
  });

  it("never shows a band the server sent while the deployment is not calibrated", () => {
    const text = boardText(view({ bands: [{ first: "card_portrait", second: "handheld_person", band: "dissimilar" }] }));
    expect(text.pairs).toEqual([]);
    expect(text.similarity).toBe("board.uncalibrated");
  });

  it("says which face was not found, and that no held card means no portrait from it", () => {
    const missing = boardText(view({ faces: faces({ handheld_person: false, card_portrait: false }) }));
    expect(missing.faces.map((face) => face.state)).toEqual(["board.noFace", "board.found", "board.noFace"]);
    expect(zhCN["board.noFace"]).toBe("未找到人脸");
    const noCard = boardText(view({ held_card: null, faces: faces({ held_card_portrait: false }) }));
    expect(noCard.heldCard).toBeNull();
    expect(noCard.heldCardState).toBe("board.heldCardMissing");
    expect(zhCN["board.heldCardMissing"]).toBe("未找到手持的证件");
    expect(noCard.faces[1]?.state).toBe("board.noHeldCard");
  });

  it("says a face the server left out is a missing result, not a face not found", () => {
    const text = boardText(view({ faces: faces().slice(0, 2) }));
    expect(text.faces[2]?.state).toBe("board.noResult");
    expect(text.faces[2]?.found).toBe(false);
  });

  it("says pending, unavailable models and unreadable photos in words, with the server's reason", () => {
    const pending = boardText(view({ state: "pending", held_card: null, faces: [] }));
    expect(pending.notice).toBe("board.pending");
    expect(zhCN["board.pending"]).toContain("照片检查尚未完成，暂无比对");
    expect(pending.heldCardState).toBe("board.heldCardNotLooked");
    expect(pending.faces.map((face) => face.state)).toEqual(["board.notLooked", "board.notLooked", "board.notLooked"]);

    // Pending with the server's reason (the checks gave up): said, with no promise of an update.
    const stuck = boardText(view({ state: "pending", problem: "自动检查未完成，请人工比对", held_card: null, faces: [] }));
    expect(stuck.notice).toBe("board.pendingStuck");
    expect(stuck.problem).toBe("自动检查未完成，请人工比对");
    expect(zhCN["board.pendingStuck"]).not.toContain("自动更新");

    const problem = "人脸模型文件 dlib_face_recognition_resnet_model_v1.dat 缺失";
    const models = boardText(view({ state: "models_unavailable", problem, faces: [] }));
    expect(models.notice).toBe("board.modelsUnavailable");
    expect(models.problem).toBe(problem);
    // The card is looked for without the models: found here, so shown.
    expect(models.heldCard).not.toBeNull();
    expect(models.faces.every((face) => face.state === "board.notLooked")).toBe(true);
    expect(boardText(view({ state: "models_unavailable", problem, held_card: null, faces: [] })).heldCardState).toBe("board.heldCardMissing");

    const unreadable = boardText(view({ state: "photos_unreadable", problem: "照片无法解码", held_card: null, faces: [] }));
    expect(unreadable.notice).toBe("board.photosUnreadable");
    expect(unreadable.heldCardState).toBe("board.heldCardNotLooked");
  });

  it("shows calibrated bands as hints, only between faces both found", () => {
    const bands: IdentityBoardView["bands"] = [
      { first: "card_portrait", second: "handheld_person", band: "similar" },
      { first: "held_card_portrait", second: "handheld_person", band: "uncertain" },
    ];
    const text = boardText(view({ calibrated: true, bands }));
    expect(text.similarity).toBe("board.bandsCaveat");
    expect(zhCN["board.bandsCaveat"]).toContain("需人工复核");
    expect(text.pairs.map((pair) => [pair.first, pair.second, pair.label])).toEqual([
      ["board.face.card_portrait", "board.face.handheld_person", "board.band.similar"],
      ["board.face.held_card_portrait", "board.face.handheld_person", "board.band.uncertain"],
    ]);
    expect(["相似", "存疑", "不相似"]).toEqual([zhCN["board.band.similar"], zhCN["board.band.uncertain"], zhCN["board.band.dissimilar"]]);

    const oneMissing = boardText(view({ calibrated: true, bands, faces: faces({ held_card_portrait: false }) }));
    expect(oneMissing.pairs.map((pair) => pair.band)).toEqual(["similar"]);
    const noneFound = boardText(view({ calibrated: true, bands, faces: faces({ handheld_person: false }) }));
    expect(noneFound.pairs).toEqual([]);
    expect(noneFound.similarity).toBe("board.noPairs");
  });

  it("has every text in both languages, the Chinese without Latin words (placeholders aside)", () => {
    for (const key of Object.keys(zhCN).filter((key) => key.startsWith("board."))) {
      const name = key as keyof typeof zhCN;
      expect(en[name].length).toBeGreaterThan(0);
      expect(zhCN[name].replace(/\{\w+\}/g, "")).not.toMatch(/[A-Za-z]{2,}/);
    }
  });
});

describe("sameScale", () => {
  it("gives both cards one scale that fits the taller and the wider in its column", () => {
    const card = { width: 1000, height: 630 };
    expect(sameScale([card, card], { width: 450, height: 400 })).toBeCloseTo(0.45);
    expect(sameScale([card, card], { width: 450, height: 200 })).toBeCloseTo(200 / 630);
    // Different sizes still share one scale: the larger decides it.
    expect(sameScale([card, { width: 500, height: 315 }], { width: 450, height: 400 })).toBeCloseTo(0.45);
  });

  it("never enlarges, and is 0 with nothing to fit or nowhere to fit it", () => {
    expect(sameScale([{ width: 200, height: 100 }], { width: 900, height: 600 })).toBe(1);
    expect(sameScale([], { width: 900, height: 600 })).toBe(0);
    expect(sameScale([{ width: 0, height: 0 }], { width: 900, height: 600 })).toBe(0);
    expect(sameScale([{ width: 10, height: 10 }], { width: 0, height: 600 })).toBe(0);
  });

  it("turns a sideways photo's size", () => {
    expect(turned({ width: 1000, height: 630 }, 90)).toEqual({ width: 630, height: 1000 });
    expect(turned({ width: 1000, height: 630 }, 270)).toEqual({ width: 630, height: 1000 });
    expect(turned({ width: 1000, height: 630 }, 180)).toEqual({ width: 1000, height: 630 });
    expect(turned({ width: 1000, height: 630 }, -90)).toEqual({ width: 630, height: 1000 });
  });
});
