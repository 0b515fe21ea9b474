// Calls into Rust through the generated bindings; every failure surfaces as {code, message}.
// Only the services in this folder (*.svelte.ts, shell.ts, supervision.ts) import `commands` and
// `events`; components call the services.
import type { AppError } from "./bindings";

export type { AppError };

export function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as AppError).code === "string" &&
    typeof (value as AppError).message === "string"
  );
}

/** Turns anything thrown by the IPC layer into an AppError, so the UI has one error shape. */
export function asAppError(thrown: unknown): AppError {
  if (isAppError(thrown)) return thrown;
  return { code: "ipc_failed", message: String(thrown) };
}
