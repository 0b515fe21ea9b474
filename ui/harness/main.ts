import "../src/app.css";
import { mount } from "svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import IdentityBoard from "../src/review/IdentityBoard.svelte";
import { CROP1, CROP2, HELD, PORTRAIT } from "./fixtures";

const params = new URLSearchParams(location.search);
const kind = params.get("kind") ?? "computed";
const card = { corners: [[0,0],[1,0],[1,1],[0,1]], rectified_jpeg: HELD, width: 1000, height: 630 };
const three = [{ source: "card_portrait", crop_jpeg: CROP1 }, { source: "held_card_portrait", crop_jpeg: CROP1 }, { source: "handheld_person", crop_jpeg: CROP2 }];
const views: Record<string, unknown> = {
  computed: { state: "computed", problem: null, held_card: card, faces: three, calibrated: false, bands: [] },
  calibrated: { state: "computed", problem: null, held_card: card, faces: three, calibrated: true,
    bands: [{ first: "card_portrait", second: "held_card_portrait", band: "similar" }, { first: "card_portrait", second: "handheld_person", band: "dissimilar" }, { first: "held_card_portrait", second: "handheld_person", band: "uncertain" }] },
  missing: { state: "computed", problem: null, held_card: null, faces: [{ source: "card_portrait", crop_jpeg: CROP1 }, { source: "held_card_portrait", crop_jpeg: null }, { source: "handheld_person", crop_jpeg: null }], calibrated: false, bands: [] },
  pending: { state: "pending", problem: null, held_card: null, faces: [], calibrated: false, bands: [] },
  models: { state: "models_unavailable", problem: "人脸模型文件 dlib_face_recognition_resnet_model_v1.dat 缺失（/usr/share/reviewdesk/face-models）", held_card: card, faces: [], calibrated: false, bands: [] },
};
mockIPC((cmd) => {
  if (cmd === "identity_board") return views[kind];
  throw new Error(cmd);
});
const box = document.getElementById("app")!;
box.setAttribute("style", `display:grid; width:${params.get("w") ?? 950}px; height:${params.get("h") ?? 660}px; margin:12px;`);
const image = new Image();
image.src = PORTRAIT;
await image.decode();
mount(IdentityBoard, { target: box, props: { submissionId: "s-1", document: { noun_zh: "身份证", noun_en: "ID card", portrait_zh: "人像面", emblem_zh: "国徽面", portrait_en: "portrait side", emblem_en: "emblem side" }, portrait: image, correction: null, checks: "done", watermark: "reviewer11 2026-12-07 22:30", onclose: () => {} } });
