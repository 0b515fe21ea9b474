// Who is signed in: the app's own facts (version, document types, demo start), the session
// resumed at start, signing in (to a server or local mode) and out. Components read `session`
// and call these; the commands stay here.
import { commands, type AppError, type AppInfo, type Result, type Role, type SessionView } from "./bindings";

class Session {
  info = $state<AppInfo | null>(null);
  current = $state<SessionView | null>(null);
}

export const session = new Session();

/** Reads the app's facts and the session resumed from the last run. */
export async function startSession(): Promise<void> {
  session.info = await commands.appInfo();
  const resumed = await commands.sessionInfo();
  if (resumed.status === "ok") session.current = resumed.data;
}

/** Signs in to a review server; on success the session is current. */
export async function login(serverUrl: string, username: string, password: string): Promise<Result<SessionView, AppError>> {
  const answer = await commands.login(serverUrl, username, password);
  if (answer.status === "ok") session.current = answer.data;
  return answer;
}

/** Starts local mode as a demo reviewer or supervisor; on success the session is current. */
export async function openLocalDemo(role: Role): Promise<Result<SessionView, AppError>> {
  const answer = await commands.openLocalDemo(role);
  if (answer.status === "ok") session.current = answer.data;
  return answer;
}

/** Signs out (refused while decisions wait to be sent); on success nobody is signed in. */
export async function logout(): Promise<Result<null, AppError>> {
  const answer = await commands.logout();
  if (answer.status === "ok") session.current = null;
  return answer;
}
