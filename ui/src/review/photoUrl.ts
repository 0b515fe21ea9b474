// Photos reach the webview through the app's own `photo` protocol, served asynchronously from
// the encrypted cache in Rust: no JSON round trip, no base64. WebKitGTK and macOS address a custom
// protocol as `photo://localhost/…`; Windows (WebView2) as `http://photo.localhost/…`.
//
// The protocol answers `no-store` (personal data stays out of the webview's disk cache), so a
// second <img> with the same URL would fetch and decode again. Instead each photo is one image
// element, loaded and decoded ahead (the next submissions while the reviewer reads this one) and
// moved into the page when shown; elements of submissions that left the queue are released.
import type { Side } from "./photoView";
import { SIDES } from "./photoView";

export const photoBase = navigator.userAgent.includes("Windows") ? "http://photo.localhost" : "photo://localhost";

export function photoUrl(submissionId: string, side: Side): string {
  return `${photoBase}/${encodeURIComponent(submissionId)}/${side}`;
}

export type Photos = Record<Side, HTMLImageElement>;

const loaded = new Map<string, Promise<Photos>>();

function load(submissionId: string, side: Side): Promise<HTMLImageElement> {
  const image = new Image();
  image.decoding = "async";
  image.draggable = false;
  image.src = photoUrl(submissionId, side);
  // A photo that fails to load still resolves: the panel shows that it is missing.
  return image.decode().then(
    () => image,
    () => image,
  );
}

/** The three photos of a submission, decoded; loaded once, however often asked. */
export function photosOf(submissionId: string): Promise<Photos> {
  let photos = loaded.get(submissionId);
  if (!photos) {
    photos = Promise.all(SIDES.map((side) => load(submissionId, side))).then(
      ([portrait, emblem, handheld]) => ({ portrait, emblem, handheld }) as Photos,
    );
    loaded.set(submissionId, photos);
  }
  return photos;
}

/** Releases the photos of every submission not in `keep`. */
export function keepOnly(keep: Set<string>): void {
  for (const [id, photos] of loaded) {
    if (keep.has(id)) continue;
    loaded.delete(id);
    void photos.then((images) => {
      for (const image of Object.values(images)) {
        image.remove();
        image.removeAttribute("src");
      }
    });
  }
}
