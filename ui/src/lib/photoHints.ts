// The photo viewer's forensic hints (取证提示), asked for on demand: one command, online. Hints
// for a person, never findings; components call this, the command stays here.
import { commands, type AppError, type PhotoHints, type PhotoSide, type Result } from "./bindings";

export function photoHints(submissionId: string, side: PhotoSide): Promise<Result<PhotoHints, AppError>> {
  return commands.photoHints(submissionId, side);
}

/** An EXIF time as written (`2026:12:01 10:00:00`, the camera's clock, no time zone) with dashes
 *  in the date; anything else as it is. Not a Beijing time: it is shown as the file says. */
export function exifTime(text: string): string {
  const match = /^(\d{4}):(\d{2}):(\d{2})(.*)$/.exec(text);
  return match ? `${match[1]}-${match[2]}-${match[3]}${match[4]}` : text;
}
