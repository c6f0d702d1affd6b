import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import type { Cast, Person } from "./context";

/**
 * Names of the demo's people, by local test account index. Accounts 1 to 3 are the founders in
 * examples/cooperative.json and accounts 9 to 11 those in examples/cooperative.fr.json.
 */
const NAMES: Record<number, string> = {
  0: "deployer",
  1: "Amina",
  2: "Bruno",
  3: "Chloé",
  4: "Farid",
  5: "Millstone Flour Co.",
  6: "Valley Grain Mill",
  7: "Northfield Organic Farm",
  8: "Hugo",
  9: "Élodie",
  10: "Jules",
  11: "Margaux",
};

/** Number of local test accounts that the demo uses. */
export const ACCOUNTS_USED = Object.keys(NAMES).length;

/** Binds the demo's people to the local test accounts. */
export function castOf(signers: HardhatEthersSigner[]): Cast {
  if (signers.length < ACCOUNTS_USED) {
    throw new Error(`The demo needs ${ACCOUNTS_USED} local accounts, and the network has ${signers.length}.`);
  }
  const person = (index: number): Person => ({
    name: NAMES[index],
    signer: signers[index],
    address: signers[index].address,
  });
  return {
    deployer: person(0),
    bakers: [person(1), person(2), person(3)],
    applicant: person(4),
    suppliers: [person(5), person(6), person(7)],
    customer: person(8),
    fournilFounders: [person(9), person(10), person(11)],
  };
}
