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

/** A width and a height in CSS pixels. */
export type Size = { width: number; height: number };

/** Whether the photo stands sideways (a quarter or three-quarter turn). */
export function sideways(view: PhotoView): boolean {
  return view.rotate % 180 === 90;
}

/**
 * The unturned size to give a `natural`-sized photo so that, turned as `view` says, all of it
 * fits `stage` and fills it as far as its shape allows (zoom applies on top). Sideways, the photo's
 * width runs along the stage's height.
 */
export function fitted(natural: Size, stage: Size, view: PhotoView): Size {
  if (natural.width <= 0 || natural.height <= 0 || stage.width <= 0 || stage.height <= 0) {
    return { width: 0, height: 0 };
  }
  const [across, down] = sideways(view) ? [natural.height, natural.width] : [natural.width, natural.height];
  const scale = Math.min(stage.width / across, stage.height / down);
  return { width: natural.width * scale, height: natural.height * scale };
}

/** How far a zoomed photo may move each way before its edge leaves the stage's edge. */
export function panLimit(shown: Size, stage: Size, view: PhotoView): Size {
  const [across, down] = sideways(view) ? [shown.height, shown.width] : [shown.width, shown.height];
  return {
    width: Math.max(0, (across * view.zoom - stage.width) / 2),
    height: Math.max(0, (down * view.zoom - stage.height) / 2),
  };
}

/** The view with its pan held within `limit` (unchanged when already within). */
export function clampedPan(view: PhotoView, limit: Size): PhotoView {
  const clamp = (value: number, max: number) => Math.min(max, Math.max(-max, value));
  const panX = clamp(view.panX, limit.width);
  const panY = clamp(view.panY, limit.height);
  return panX === view.panX && panY === view.panY ? view : { ...view, panX, panY };
}

/** One arrow-key step, in CSS pixels. */
export const PAN_STEP = 60;

/**
 * The view looking further `right`/`down` (negative: left/up) by `steps` arrow presses, like
 * scrolling: the photo moves the other way. Only a zoomed photo pans; the panel clamps the pan.
 */
export function panned(view: PhotoView, right: number, down: number): PhotoView {
  if (view.zoom <= 1) return view;
  return { ...view, panX: view.panX - right * PAN_STEP, panY: view.panY - down * PAN_STEP };
}

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** The view after an arrow key: panned one step when zoomed; `null` when the key does not pan. */
export function arrowPanned(view: PhotoView, key: string): PhotoView | null {
  const step = ARROWS[key];
  return step && view.zoom > 1 ? panned(view, step[0], step[1]) : null;
}

/** The light levels to show beside their buttons: `null` while unchanged (100 %). */
export function lightLevels(view: PhotoView): { brightness: number | null; contrast: number | null } {
  return {
    brightness: view.brightness === 100 ? null : view.brightness,
    contrast: view.contrast === 100 ? null : view.contrast,
  };
}

export function isPlain(view: PhotoView): boolean {
  return JSON.stringify(view) === JSON.stringify(PLAIN);
}
