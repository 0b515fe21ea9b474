// How one photo is being looked at: rotation, mirroring, zoom and pan, brightness and contrast.
// Pure values and functions, so the keyboard and the buttons change views the same way.

export type Side = "portrait" | "emblem" | "handheld";
export const SIDES: Side[] = ["portrait", "emblem", "handheld"];

export type PhotoView = {
  /** Clockwise quarter turns: 0, 90, 180 or 270. */
  rotate: number;
  /** Flipped horizontally after rotating. */
  mirrored: boolean;
  zoom: number;
  panX: number;
  panY: number;
  /** Percent; 100 is unchanged. */
  brightness: number;
  contrast: number;
};

export const PLAIN: PhotoView = {
  rotate: 0,
  mirrored: false,
  zoom: 1,
  panX: 0,
  panY: 0,
  brightness: 100,
  contrast: 100,
};

export function rotated(view: PhotoView, quarterTurns: number): PhotoView {
  return { ...view, rotate: (((view.rotate + 90 * quarterTurns) % 360) + 360) % 360 };
}

export function mirrored(view: PhotoView): PhotoView {
  return { ...view, mirrored: !view.mirrored };
}

export function zoomed(view: PhotoView, factor: number): PhotoView {
  const zoom = Math.min(6, Math.max(1, view.zoom * factor));
  return zoom === 1 ? { ...view, zoom, panX: 0, panY: 0 } : { ...view, zoom };
}

export function lit(view: PhotoView, brightness: number, contrast: number): PhotoView {
  const clamp = (value: number) => Math.min(200, Math.max(40, value));
  return { ...view, brightness: clamp(view.brightness + brightness), contrast: clamp(view.contrast + contrast) };
}

/** The correction an automatic check suggests: rotate clockwise, then mirror. */
export type Correction = { rotate_cw: number; mirrored: boolean };

export function corrected(view: PhotoView, correction: Correction): PhotoView {
  return { ...view, rotate: correction.rotate_cw % 360, mirrored: correction.mirrored };
}

/** CSS for the image: transforms apply right to left, so the flip follows the rotation. */
export function imageStyle(view: PhotoView): string {
  const flip = view.mirrored ? " scaleX(-1)" : "";
  const transform = `transform: translate(${view.panX}px, ${view.panY}px) scale(${view.zoom})${flip} rotate(${view.rotate}deg);`;
  // A filter costs every frame of a large photo: only when the light was changed.
  const plainLight = view.brightness === 100 && view.contrast === 100;
  return plainLight ? transform : `${transform} filter: brightness(${view.brightness}%) contrast(${view.contrast}%);`;
}

export function isPlain(view: PhotoView): boolean {
  return JSON.stringify(view) === JSON.stringify(PLAIN);
}
