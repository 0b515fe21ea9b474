// Photo URLs and the decoded-ahead photo elements: loaded once per submission, released when the
// submission leaves the queue. The webview's Image and navigator are stood in for.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

class FakeImage {
  static made: FakeImage[] = [];
  static failing = new Set<string>();
  src = "";
  decoding = "";
  draggable = true;
  removed = false;
  constructor() {
    FakeImage.made.push(this);
  }
  decode(): Promise<void> {
    return FakeImage.failing.has(this.src) ? Promise.reject(new Error("broken")) : Promise.resolve();
  }
  remove() {
    this.removed = true;
  }
  removeAttribute(name: string) {
    if (name === "src") this.src = "";
  }
}

let photos: typeof import("./photoUrl");

beforeAll(async () => {
  vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit" });
  vi.stubGlobal("Image", FakeImage);
  photos = await import("./photoUrl");
});

afterEach(() => {
  FakeImage.made = [];
  FakeImage.failing.clear();
});

describe("photoUrl", () => {
  it("addresses the photo protocol by submission and side, the id escaped", () => {
    expect(photos.photoBase).toBe("photo://localhost");
    expect(photos.photoUrl("s-1", "emblem")).toBe("photo://localhost/s-1/emblem");
    expect(photos.photoUrl("a/b c", "portrait")).toBe("photo://localhost/a%2Fb%20c/portrait");
  });

  it("loads the three photos of a submission once, decoded off the page", async () => {
    const first = await photos.photosOf("s-2");
    const again = await photos.photosOf("s-2");
    expect(again).toBe(first);
    expect(FakeImage.made).toHaveLength(3);
    expect(first.handheld.src).toBe("photo://localhost/s-2/handheld");
    expect(FakeImage.made.every((image) => image.decoding === "async" && !image.draggable)).toBe(true);
  });

  it("still resolves when a photo does not load (the panel says it is missing)", async () => {
    FakeImage.failing.add("photo://localhost/s-3/portrait");
    const loaded = await photos.photosOf("s-3");
    expect(loaded.portrait.src).toBe("photo://localhost/s-3/portrait");
  });

  it("releases the photos of submissions that left the queue and keeps the rest", async () => {
    const kept = await photos.photosOf("keep");
    const dropped = await photos.photosOf("drop");
    photos.keepOnly(new Set(["keep"]));
    await Promise.resolve();
    const droppedImages = Object.values(dropped) as unknown as FakeImage[];
    expect(droppedImages.every((image) => image.removed && image.src === "")).toBe(true);
    expect((Object.values(kept) as unknown as FakeImage[]).some((image) => image.removed)).toBe(false);
    // Asked again, a released submission loads afresh.
    expect(await photos.photosOf("drop")).not.toBe(dropped);
    expect(await photos.photosOf("keep")).toBe(kept);
  });
});

describe("photoUrl on Windows", () => {
  it("addresses the protocol as WebView2 does", async () => {
    vi.resetModules();
    vi.stubGlobal("navigator", { userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120" });
    const windows = await import("./photoUrl");
    expect(windows.photoUrl("s-1", "portrait")).toBe("http://photo.localhost/s-1/portrait");
  });
});
