// A supervisor's case photos: fetched from the server by the app's `photo` protocol
// (`/case/<id>/<side>`, answered on the async runtime), decoded before the case is shown.
import { photoBase } from "../review/photoUrl";
import type { Side } from "../review/photoView";
import type { Photos } from "../review/photoUrl";

function load(submissionId: string, side: Side): Promise<HTMLImageElement> {
  const image = new Image();
  image.decoding = "async";
  image.draggable = false;
  image.src = `${photoBase}/case/${encodeURIComponent(submissionId)}/${side}`;
  // A photo that fails to load still resolves: the panel shows that it is missing.
  return image.decode().then(
    () => image,
    () => image,
  );
}

/** The three photos of a case, decoded. */
export async function casePhotos(submissionId: string): Promise<Photos> {
  const [portrait, emblem, handheld] = await Promise.all([
    load(submissionId, "portrait"),
    load(submissionId, "emblem"),
    load(submissionId, "handheld"),
  ]);
  return { portrait, emblem, handheld };
}
