import type { JsonRpcSigner } from "ethers";

import { VoteSupport } from "../../src/governance/proposals";
import type { CoopContracts } from "./chain";
import { connectContracts } from "./chain";
import type { WebConfig } from "./config";
import { UserError } from "./errors";
import { t } from "./i18n";
import type { Connection } from "./wallets";

export { VoteSupport } from "../../src/governance/proposals";

/**
 * Checks what the contracts would reject, before any request to the wallet: the account must be
 * a member and voting must be open.
 *
 * @throws UserError in the member's language for the first problem found.
 */
export async function checkCanVote(
  contracts: CoopContracts,
  config: WebConfig,
  account: string,
  state: string,
  stateLabel: string,
): Promise<void> {
  if (!(await contracts.membership.isMember(account))) {
    throw new UserError(t("notMember", { account, symbol: config.cooperative.symbol }));
  }
  if (state !== "Active") throw new UserError(t("proposalNotActive", { state: stateLabel }));
}

/**
 * Returns the chain id that the wallet reports now with `eth_chainId`. The member can switch
 * networks in the wallet after connecting, so the chain id saved at connection time can be stale.
 */
export async function walletChainId(connection: Connection): Promise<bigint> {
  const reported: unknown = await connection.wallet.provider.request({ method: "eth_chainId" });
  if (typeof reported !== "string" && typeof reported !== "number") {
    throw new Error(`The wallet returned an invalid chain id: ${JSON.stringify(reported)}.`);
  }
  return BigInt(reported);
}

/** Casts a yes/no vote with `castVoteWithReason` and returns the block that counted it. */
export async function castVote(
  signer: JsonRpcSigner,
  config: WebConfig,
  proposalId: bigint,
  support: VoteSupport,
  reason: string,
): Promise<number> {
  const { governor } = connectContracts(signer, config.cooperative.addresses);
  if (await governor.hasVoted(proposalId, await signer.getAddress())) throw new UserError(t("alreadyVoted"));
  const tx = await governor.castVoteWithReason(proposalId, support, reason);
  const receipt = await tx.wait();
  return receipt?.blockNumber ?? 0;
}

/** Casts a majority-judgment ballot with `castBallot` (`grades[i]` for option `i`) and returns its block. */
export async function castBallot(
  signer: JsonRpcSigner,
  config: WebConfig,
  proposalId: bigint,
  grades: readonly number[],
): Promise<number> {
  const { judgment } = connectContracts(signer, config.cooperative.addresses);
  const tx = await judgment.castBallot(proposalId, [...grades]);
  const receipt = await tx.wait();
  return receipt?.blockNumber ?? 0;
}
