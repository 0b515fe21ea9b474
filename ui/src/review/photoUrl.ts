// Photos reach the webview through the app's own `photo` protocol, served asynchronously from
// the encrypted cache in Rust: no JSON round trip, no base64. WebKitGTK and macOS address a custom
// protocol as `photo://localhost/…`; Windows (WebView2) as `http://photo.localhost/…`.
import type { Side } from "./photoView";

const base = navigator.userAgent.includes("Windows") ? "http://photo.localhost" : "photo://localhost";

export function photoUrl(submissionId: string, side: Side): string {
  return `${base}/${encodeURIComponent(submissionId)}/${side}`;
}

/** Fetches and decodes the photos of a submission ahead of time, so showing it is instant. */
export async function preload(submissionId: string, sides: Side[]): Promise<void> {
  await Promise.allSettled(
    sides.map((side) => {
      const image = new Image();
      image.src = photoUrl(submissionId, side);
      return image.decode();
    }),
  );
}
