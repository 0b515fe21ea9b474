// The shell's own commands: the About view's facts and the ID-number checker.
import { commands, type AboutView, type AppError, type ConsistencyReport, type IdType, type Result } from "./bindings";

/** The build, the app's folders and its server. */
export function aboutInfo(): Promise<Result<AboutView, AppError>> {
  return commands.aboutInfo();
}

/** What an ID number encodes and what is wrong with it. */
export function checkId(idType: IdType, number: string): Promise<Result<ConsistencyReport, AppError>> {
  return commands.checkId(idType, number);
}
