import { getAddress } from "ethers";

import { describeRevert, revertData } from "../cli/errors";
import { erase } from "../crypto/keyStore";
import { cidToText } from "../ipfs/cidText";
import { ownerOf, type PersonalDataContext } from "./context";
import { StepLog, countOf } from "./steps";
import type { DocumentOwner } from "./documentBinding";
import {
  ErasureRejectedError,
  TransactionError,
  UnreadablePersonalDataError,
  incompleteOperation,
  messageOf,
} from "./errors";
import { fetchEnvelope, ownerMismatch, recordedPersonalDataCid, unpinIfPinned } from "./storedEnvelope";
import { simulateAndSend } from "./transactions";

/** Whose personal data to erase, and whether to clear it on chain only. */
export interface ErasePersonalDataRequest {
  member: string;
  /**
   * Whether to only clear the CID and the encryption key on chain, when the recorded envelope
   * cannot be fetched. The wrapped keys of that document then stay in the key store, because only
   * the envelope ties a document id to the member. Rejected when the envelope can be fetched.
   */
  chainOnly?: boolean;
}

/** The outcome of erasing a member's personal data. */
export interface ErasureResult {
  member: string;
  erasedBy: string;
  /** CID of the envelope that was recorded, or null when none was. */
  cid: string | null;
  documentId: string | null;
  /** Number of wrapped keys that this call deleted, which is 0 when an earlier call already deleted them. */
  wrappedKeysDeleted: number;
  unpinned: boolean;
  /** Reason the key store and the pin were left as they are, or null when they were not. */
  storesLeftBecause: string | null;
  /** Hash of the `erasePersonalData` transaction. */
  transaction: string;
  steps: string[];
}

/** Document id whose wrapped keys and pin an erasure removes, or the reason it leaves them. */
type ErasureTarget = { documentId: string } | { leftBecause: string };

/**
 * Erases a member's personal data, as the member, a data officer or the timelock:
 *
 * 1. checks with a simulated `erasePersonalData` that the signer may erase and that there is
 *    something to erase, before anything is deleted;
 * 2. deletes every wrapped key of the recorded document from the key store (crypto-shredding),
 *    which makes the envelope unreadable through that store;
 * 3. unpins the envelope;
 * 4. sends `erasePersonalData`, which clears the CID and the encryption key on chain.
 *
 * Each step is reported to the context's `onStep`. Running the erasure again after it stopped
 * finishes it, because it skips the steps already done. The document id comes only from the
 * recorded envelope, so an erasure never deletes the keys of a document that it cannot tie to the member.
 * When the envelope cannot be fetched, nothing is deleted unless `chainOnly` is set, and then only
 * the chain is cleared.
 *
 * @throws ErasureRejectedError when the register rejects the erasure, or `chainOnly` is set but
 * the envelope can be fetched, before anything is deleted.
 * @throws UnreadablePersonalDataError when the envelope cannot be fetched and `chainOnly` is not
 * set, before anything is deleted.
 * @throws IncompleteOperationError when a step fails after the check, naming what was done, what
 * remains and how to finish.
 */
export async function erasePersonalData(
  context: PersonalDataContext,
  request: ErasePersonalDataRequest,
): Promise<ErasureResult> {
  const log = new StepLog(context.onStep);
  const member = getAddress(request.member);
  const erasedBy = getAddress(await context.signer.getAddress());
  const owner = await ownerOf(context, member);

  await checkErasure(context, member, erasedBy);
  log.add(`Checked on chain that ${erasedBy} may erase the personal data of ${member}`);

  const result: Omit<ErasureResult, "transaction"> = {
    member,
    erasedBy,
    cid: null,
    documentId: null,
    wrappedKeysDeleted: 0,
    unpinned: false,
    storesLeftBecause: null,
    steps: log.steps,
  };
  const binaryCid = await recordedPersonalDataCid(context.membership, member);
  if (binaryCid === undefined) {
    log.add(`No personal data CID is recorded for ${member}, so only the encryption key remains to clear`);
  } else {
    const cid = cidToText(binaryCid);
    result.cid = cid;
    const target = await locateDocument(context, owner, binaryCid, request.chainOnly ?? false, log);
    if ("leftBecause" in target) {
      result.storesLeftBecause = target.leftBecause;
      log.add(`Left the key store and the pin of ${cid} as they are: ${target.leftBecause}`);
    } else {
      const { documentId } = target;
      result.documentId = documentId;
      const rerun = `member:erase-personal-data --member ${member}`;
      try {
        result.wrappedKeysDeleted = await erase(documentId, context.keyStore);
      } catch (error) {
        throw incompleteOperation(
          `Erasure of the personal data of ${member} failed`,
          error,
          log.steps,
          [`delete the wrapped keys of document ${documentId}`, `unpin ${cid}`, "send erasePersonalData"],
          `Run the erasure again (${rerun}): it skips the steps already done.`,
        );
      }
      log.add(
        result.wrappedKeysDeleted > 0
          ? `Deleted ${countOf(result.wrappedKeysDeleted, "wrapped key")} of document ${documentId}, so no one can ` +
              "decrypt the envelope through this key store any more"
          : `No wrapped key of document ${documentId} was left in the key store`,
      );
      try {
        result.unpinned = await unpinIfPinned(context.contentStore, cid);
      } catch (error) {
        throw incompleteOperation(
          `Erasure of the personal data of ${member} failed`,
          error,
          log.steps,
          [`unpin ${cid}`, "send erasePersonalData"],
          `Run the erasure again (${rerun}): it skips the steps already done.`,
        );
      }
      log.add(result.unpinned ? `Unpinned the envelope ${cid}` : `The envelope ${cid} was not pinned in this store`);
    }
  }

  const transaction = await sendErasure(context, member, result.documentId, log);
  log.add(`Cleared the personal data CID and the encryption key of ${member} on chain in transaction ${transaction}`);
  return { ...result, transaction };
}

/**
 * Simulates `erasePersonalData`, and turns the register's rejection into an error that names the reason.
 *
 * @throws ErasureRejectedError when the signer may not erase, or there is nothing to erase.
 * @throws TransactionError when the simulation fails for another reason.
 */
async function checkErasure(context: PersonalDataContext, member: string, erasedBy: string): Promise<void> {
  try {
    await context.membership.erasePersonalData.staticCall(member);
  } catch (error) {
    const data = revertData(error);
    const reason = data === undefined ? undefined : context.membership.interface.parseError(data)?.name;
    if (reason === "CoopMembershipUnauthorized") {
      throw new ErasureRejectedError(
        `${erasedBy} may not erase the personal data of ${member}, so nothing was deleted. Only the member, a data ` +
          "officer or the timelock may. Governance names data officers with an extraordinary proposal that calls " +
          "setDataOfficer(account, true) on the register.",
        { cause: error },
      );
    }
    if (reason === "CoopMembershipNothingToErase") {
      // NOTE: the register also reports this for a member who left, whose CID it deleted on exit.
      // Their wrapped keys and pin then stay in the stores, because nothing here records their document id.
      throw new ErasureRejectedError(
        `${member} has neither a personal data CID nor an encryption key in the register ` +
          `${await context.membership.getAddress()}: their personal data is already erased or was never set ` +
          "(the register cannot tell which). Nothing was deleted.",
        { cause: error },
      );
    }
    throw new TransactionError(
      `erasePersonalData would fail, so nothing was deleted: ${describeRevert(error)}`,
      "not sent",
      undefined,
      { cause: error },
    );
  }
}

/**
 * Finds the document id of the envelope recorded for a member, and checks that the envelope is
 * bound to that member. An erasure therefore leaves the keys and the pin of another member's
 * document alone when its CID was recorded under this member.
 *
 * @throws UnreadablePersonalDataError when the envelope cannot be fetched and `chainOnly` is not set.
 * @throws ErasureRejectedError when `chainOnly` is set but the envelope can be fetched.
 */
async function locateDocument(
  context: PersonalDataContext,
  owner: DocumentOwner,
  binaryCid: string,
  chainOnly: boolean,
  log: StepLog,
): Promise<ErasureTarget> {
  const cid = cidToText(binaryCid);
  const command = `member:erase-personal-data --member ${owner.member}`;
  let stored;
  try {
    stored = await fetchEnvelope(context.contentStore, binaryCid);
  } catch (error) {
    if (!(error instanceof UnreadablePersonalDataError)) throw error;
    if (!chainOnly) {
      // Only the envelope ties a document id to this member, so without it no wrapped key is deleted.
      throw new UnreadablePersonalDataError(
        `${error.message}\nNothing was deleted, because only the envelope contains the id of the document ` +
          `whose wrapped keys to delete. Once it is available, run the erasure again (${command}). Or run ${command} --chain-only, ` +
          "which only clears the CID and the encryption key on chain and leaves the wrapped keys of this document " +
          "in the key store.",
        { cause: error },
      );
    }
    const leftBecause =
      `the envelope ${cid} cannot be fetched or read, so the wrapped keys of its document that an earlier ` +
      "erasure did not delete stay in the key store, and so does its pin, because only the envelope contains its " +
      "document id";
    log.add(`Failed to fetch the envelope ${cid}: ${messageOf(error.cause)}`);
    return { leftBecause };
  }

  const { documentId } = stored.metadata;
  if (chainOnly) {
    throw new ErasureRejectedError(
      `The envelope ${cid} of ${owner.member} can be fetched, so --chain-only would leave its wrapped keys ` +
        `(document ${documentId}) readable for no reason. Nothing was deleted. Run ${command} without --chain-only.`,
    );
  }
  const mismatch = ownerMismatch(stored, owner);
  if (mismatch !== undefined) return { leftBecause: `${mismatch}, and its keys are not this member's to delete` };
  // NOTE: the document id and its owner come from the envelope's clear header, which only a
  // recipient can authenticate. A member who records a forged envelope that copies the document
  // id of someone else's document can make an erasure of their own data delete that document's keys.
  log.add(`Found document ${documentId} in the envelope ${cid}`);
  return { documentId };
}

/** Sends `erasePersonalData`, and names the step that remains when it fails. */
async function sendErasure(
  context: PersonalDataContext,
  member: string,
  documentId: string | null,
  log: StepLog,
): Promise<string> {
  try {
    return await simulateAndSend(
      "erasePersonalData",
      () => context.membership.erasePersonalData.staticCall(member),
      () => context.membership.erasePersonalData(member),
    );
  } catch (error) {
    const rerun = `member:erase-personal-data --member ${member}`;
    // Once the keys are deleted and the envelope unpinned, an IPFS node may garbage-collect the
    // envelope, and the rerun then needs --chain-only to clear the chain.
    const chainOnlyHint =
      documentId === null
        ? ""
        : ` If the envelope can no longer be fetched by then, add --chain-only, because the wrapped keys of document ` +
          `${documentId} are already deleted.`;
    const fix =
      error instanceof TransactionError && error.outcome === "unknown"
        ? `Check the transaction. If it was not mined, run the erasure again (${rerun}).${chainOnlyHint}`
        : `Run the erasure again (${rerun}): it skips the steps already done.${chainOnlyHint}`;
    throw incompleteOperation(
      `Erasure of the personal data of ${member} failed before the register cleared it`,
      error,
      log.steps,
      ["send erasePersonalData, which clears the CID and the encryption key on chain"],
      fix,
    );
  }
}
