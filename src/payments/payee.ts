import { getAddress, ZeroAddress } from "ethers";

/** Facts about a payment's payee that pay:send checks before it pays. */
export interface PayeeContext {
  payee: string;
  payer: string;
  /** The ERC-20 token paid, or the zero address for ETH. */
  token: string;
  /** The cooperative's timelock, its treasury, which may be paid. */
  timelock: string;
  /** The cooperative's other contracts and their implementations, by address, with their names. */
  ownContracts: Map<string, string>;
  /** True when the payee's address has code. */
  payeeHasCode: boolean;
}

/** Result of {@link checkPayee}: a reason to reject the payee, or notes to print before paying. */
export interface PayeeCheck {
  rejection?: string;
  notes: string[];
}

/**
 * Checks a payee before payment. Rejects the payer itself, the token contract, and the
 * cooperative's own contracts other than the timelock, because none of them can receive a payment
 * or withdraw a credit, so the payee's part would be stuck in the router. Adds a note for the
 * timelock, which is a valid payee, and a warning for any other contract.
 */
export function checkPayee(context: PayeeContext): PayeeCheck {
  const payee = getAddress(context.payee);
  if (payee === getAddress(context.payer)) {
    return {
      rejection:
        `Invalid --to ${payee}: that is the paying account itself, so the payment would only pay the fees. ` +
        "Give the payee's address, or pass --from with the account that pays.",
      notes: [],
    };
  }
  if (context.token !== ZeroAddress && payee === getAddress(context.token)) {
    return {
      rejection:
        `Invalid --to ${payee}: that is the token contract itself, which cannot withdraw a credit, so the ` +
        "payment would be stuck in the fee router. Give the payee's address.",
      notes: [],
    };
  }
  const name = [...context.ownContracts].find(([address]) => getAddress(address) === payee)?.[1];
  if (name !== undefined) {
    return {
      rejection:
        `Invalid --to ${payee}: that is the cooperative's ${name}, which can neither receive a payment nor ` +
        "withdraw a credit, so the payment would be stuck in the fee router. To pay the cooperative, pay its " +
        `treasury, the timelock ${getAddress(context.timelock)}.`,
      notes: [],
    };
  }
  if (payee === getAddress(context.timelock)) {
    return {
      notes: [
        `Note: ${payee} is the cooperative's timelock, so this pays the cooperative's treasury. ` +
          "The service fee and dues still apply.",
      ],
    };
  }
  if (context.payeeHasCode) {
    return {
      notes: [
        `Warning: ${payee} is a contract. If it cannot receive the payment, its part is credited to it in the ` +
          "fee router, and only the contract itself can take it out by calling withdrawCredit, or anyone with " +
          `pay:credit --account ${payee} --push once it can receive.`,
      ],
    };
  }
  return { notes: [] };
}
