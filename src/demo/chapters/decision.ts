import { parseUnits } from "ethers";

import { VoteSupport } from "../../governance/proposals";
import { pinPlace, storeLocation } from "../../ipfs/storeLocation";
import { TokenMock__factory } from "../../../typechain-types";
import { decide } from "../decide";
import {
  documentTitle,
  heading,
  pinBilingualDocument,
  requireBakers,
  shortAddress,
  step,
  tokens,
  type DemoContext,
} from "../context";

/** Test Euro the customer receives to pay at the market stall: 1,000 tEUR with 6 decimals. */
const CUSTOMER_EURO = parseUnits("1000", 6);

/**
 * Chapter 4: the members decide by a yes/no vote to accept the Test Euro token on the marketplace.
 * The proposal's document is pinned, one member signs her vote offline, and the decision is queued
 * in the timelock and executed.
 */
export async function yesNoDecision(context: DemoContext): Promise<void> {
  heading(4, "A yes/no decision", "Une décision par oui ou non");
  const bakers = requireBakers(context);
  const { feeRouter } = bakers.contracts;
  const [amina, bruno, chloe] = bakers.founders;
  const { applicant, customer, deployer } = context.cast;

  const euro = await new TokenMock__factory(deployer.signer).deploy();
  await euro.waitForDeployment();
  const euroAddress = await euro.getAddress();
  await (await euro.mint(customer.address, CUSTOMER_EURO)).wait();
  context.euro = euro;
  context.record.euro = euroAddress;
  step(`test token Test Euro (tEUR, 6 decimals) at ${shortAddress(euroAddress)}`);
  step(`${customer.name} receives ${tokens(CUSTOMER_EURO, 6, "tEUR")}`);

  const name = "accept-euro-token";
  const document = await pinBilingualDocument(context, name);
  step(`document (English and French) pinned ${pinPlace(storeLocation(context.store))}`);
  step(`CID ${document.cid}`);
  const proposalId = await decide(context, {
    coop: bakers,
    proposer: amina,
    title: await documentTitle(name),
    document,
    actions: [
      {
        target: bakers.addresses.feeRouter,
        data: feeRouter.interface.encodeFunctionData("setTokenAccepted", [euroAddress, true]),
      },
    ],
    votes: [
      { voter: amina, support: VoteSupport.For },
      { voter: bruno, support: VoteSupport.Against },
      { voter: chloe, support: VoteSupport.For, signed: true },
      { voter: applicant, support: VoteSupport.For },
    ],
  });
  step(`the fee router accepts tEUR: ${await feeRouter.isTokenAccepted(euroAddress)}`);
  context.record.decision = {
    proposalId: proposalId.toString(),
    documentCid: document.cid,
    relayedVoter: chloe.address,
    token: euroAddress,
  };
}
