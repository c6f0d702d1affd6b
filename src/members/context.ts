import { getAddress, type Signer } from "ethers";

import type { CoopMembership } from "../../typechain-types";
import type { KeyStore } from "../crypto/keyStore";
import type { ContentStore } from "../ipfs/contentStore";
import type { DocumentOwner } from "./documentBinding";
import { NotAMemberError } from "./errors";
import { chainIdOf } from "./memberKey";

/** Register, stores and account that the personal data operations use. */
export interface PersonalDataContext {
  /** The membership register, connected to `signer`. */
  membership: CoopMembership;
  /** Account that sends the transactions and, for a key derived from the wallet, signs the derivation message. */
  signer: Signer;
  /** Store that envelopes are pinned to. */
  contentStore: ContentStore;
  /** Store of the wrapped keys. */
  keyStore: KeyStore;
  /** Callback that receives a one-line description of each step as soon as it is done. */
  onStep?: (step: string) => void;
}

/** Returns the owner record of `member` in the context's register and on its chain. */
export async function ownerOf(context: PersonalDataContext, member: string): Promise<DocumentOwner> {
  return {
    chainId: await chainIdOf(context.signer),
    membership: await context.membership.getAddress(),
    member: getAddress(member),
  };
}

/**
 * Checks that `account` is a member of the context's register, because the register records
 * encryption keys and personal data only for members.
 *
 * @throws NotAMemberError naming the account and the register when it is not a member.
 */
export async function requireMember(context: PersonalDataContext, account: string, action: string): Promise<void> {
  if (await context.membership.isMember(account)) return;
  throw new NotAMemberError(
    account,
    `${account} is not a member of the register ${await context.membership.getAddress()}, and only members ` +
      `${action}. Act from a member's account.`,
  );
}
