import { isError, type ContractTransactionResponse } from "ethers";

import { describeRevert } from "../cli/errors";
import { TransactionError } from "./errors";
import { reportOnStderr, waitWithProgress } from "../cli/progress";

/**
 * Simulates a contract call with `simulate`, then sends it with `submit` and waits for its
 * receipt. Returns the transaction hash. `action` names the call in messages, such as
 * "setPersonalData".
 *
 * A call that would revert stops before it is sent, with the contract's custom error decoded.
 *
 * @throws TransactionError whose `outcome` is "not sent", "reverted", or "unknown" for a
 * transaction sent but not confirmed (a timeout or a lost connection while waiting).
 */
export async function simulateAndSend(
  action: string,
  simulate: () => Promise<unknown>,
  submit: () => Promise<ContractTransactionResponse>,
): Promise<string> {
  try {
    await simulate();
  } catch (error) {
    throw new TransactionError(
      `${action} would fail, so it was not sent: ${describeRevert(error)}`,
      "not sent",
      undefined,
      {
        cause: error,
      },
    );
  }

  let response: ContractTransactionResponse;
  try {
    response = await submit();
  } catch (error) {
    if (isError(error, "TIMEOUT") || isError(error, "NETWORK_ERROR")) {
      throw unknownOutcomeError(action, undefined, error);
    }
    throw new TransactionError(`${action} was not sent: ${describeRevert(error)}`, "not sent", undefined, {
      cause: error,
    });
  }

  try {
    const receipt = await waitWithProgress(action, response, reportOnStderr);
    if (receipt === null) throw new Error("the node returned no receipt");
    return receipt.hash;
  } catch (error) {
    if (isError(error, "CALL_EXCEPTION")) {
      throw new TransactionError(
        `${action} failed in transaction ${response.hash}: ${describeRevert(error)}`,
        "reverted",
        response.hash,
        { cause: error },
      );
    }
    throw unknownOutcomeError(action, response.hash, error);
  }
}

function unknownOutcomeError(action: string, hash: string | undefined, error: unknown): TransactionError {
  const transaction = hash === undefined ? "The transaction" : `Transaction ${hash}`;
  return new TransactionError(
    `The outcome of ${action} is unknown: ${describeRevert(error)}. ${transaction} may still take effect, so ` +
      "check the account's latest transactions on the network before trying again.",
    "unknown",
    hash,
    { cause: error },
  );
}
