/**
 * Members' encryption keys and personal data: registering a key, and recording, reading and
 * erasing an encrypted document. docs/personal-data.md describes the flow and what erasure cannot
 * undo. Each operation lives in its own module, and this one gathers their public API.
 */
export type { PersonalDataContext } from "./context";
export type { MemberKeySource } from "./memberKey";
export { registerEncryptionKey, type RegisterKeyResult } from "./registerKey";
export {
  setPersonalData,
  type ReplacedDocument,
  type SetPersonalDataRequest,
  type SetPersonalDataResult,
} from "./setPersonalData";
export { getPersonalData, type GetPersonalDataRequest, type PersonalDataDocument } from "./getPersonalData";
export { erasePersonalData, type ErasePersonalDataRequest, type ErasureResult } from "./erasePersonalData";
export * from "./errors";
