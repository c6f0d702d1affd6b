import { ZeroAddress, id, isHexString, type BytesLike, type Signer } from "ethers";

import { CoopFactory__factory, type CoopFactory } from "../../typechain-types";
import type { ICoopFactory } from "../../typechain-types/contracts/federation/CoopFactory";
import {
  ADMISSION_POLICIES,
  DEFAULT_CAPITAL,
  DEFAULT_EXTRAORDINARY_RULES,
  DEFAULT_FEES,
  DEFAULT_GRADE_SCALE,
  DEFAULT_MEMBER_WEIGHT,
  connectCooperative,
  validateParams,
  type Cooperative,
  type CooperativeAddresses,
  type CooperativeParams,
  type Implementations,
} from "./cooperative";
import { reportOnStderr, waitWithProgress } from "../cli/progress";
import { DEFAULT_BLOCK_RANGE } from "../chain/logs";

/** Parameters of a cooperative created by the factory: those of `deployCooperative`, and its documents. */
export interface FactoryCooperativeParams extends CooperativeParams {
  /** Binary CID of the cooperative's public description, or none. */
  metadataCid?: BytesLike;
  /** Binary CID of the statutes, or none. */
  statutesCid?: BytesLike;
}

/** A cooperative created by the factory, with the addresses predicted before the transaction. */
export interface FactoryDeployment {
  cooperative: Cooperative;
  addresses: CooperativeAddresses;
  prediction: CooperativeAddresses;
  /** Hash of the one transaction that created the cooperative. */
  transactionHash: string;
  gasUsed: bigint;
}

/** Deploys a factory over `implementations`. It has no owner and no settings. */
export async function deployFactory(deployer: Signer, implementations: Implementations): Promise<CoopFactory> {
  const factory = await new CoopFactory__factory(deployer).deploy(
    implementations.membership,
    implementations.governor,
    implementations.shares,
    implementations.charter,
    implementations.judgment,
    implementations.feeRouter,
  );
  await factory.waitForDeployment();
  return factory;
}

/**
 * Returns the factory salt for `text`: the text itself when it is 0x and 64 hex digits, else the
 * keccak-256 hash of its UTF-8 bytes, so a deployer can name a deployment, such as "communs-2026".
 */
export function factorySalt(text: string): string {
  return isHexString(text, 32) ? text.toLowerCase() : id(text);
}

/** Returns the factory's configuration struct for `params`, with the defaults of `deployCooperative`. */
export function toFactoryConfig(params: FactoryCooperativeParams): ICoopFactory.CooperativeConfigStruct {
  const { settings } = params;
  const capital = params.capital ?? DEFAULT_CAPITAL;
  const gradeScale = params.gradeScale ?? DEFAULT_GRADE_SCALE;
  const fees = params.fees ?? DEFAULT_FEES;
  return {
    name: params.name,
    symbol: params.symbol,
    founders: params.founders,
    memberWeight: params.memberWeight ?? DEFAULT_MEMBER_WEIGHT,
    admissionPolicy: ADMISSION_POLICIES[params.admissionPolicy ?? "governance"],
    governance: {
      votingDelay: settings.votingDelay,
      votingPeriod: settings.votingPeriod,
      quorumPercent: settings.quorumPercent,
      lateQuorumExtension: settings.lateQuorumExtension,
      timelockDelay: settings.timelockDelay,
    },
    extraordinary: params.extraordinary ?? DEFAULT_EXTRAORDINARY_RULES,
    gradeScale: { gradeCount: gradeScale.gradeCount, minimumGrade: gradeScale.minimumGrade },
    capital: {
      paymentToken: capital.paymentToken,
      nominalValue: capital.nominalValue,
      minimumShares: capital.minimumShares,
      noticePeriod: capital.noticePeriod,
      floorBps: capital.floorBps,
    },
    fees: {
      serviceFeeBps: fees.serviceFeeBps,
      duesBps: fees.duesBps,
      serviceFeeRecipient: fees.serviceFeeRecipient ?? ZeroAddress,
      duesRecipient: fees.duesRecipient ?? ZeroAddress,
      tokens: fees.tokens,
    },
    metadataCid: params.metadataCid ?? "0x",
    statutesCid: params.statutesCid ?? "0x",
  };
}

/** Returns the addresses that `deployer` gets from the factory with `salt` and `timelockDelay`. */
export async function predictCooperative(
  factory: CoopFactory,
  deployer: string,
  salt: string,
  timelockDelay: number | bigint,
): Promise<CooperativeAddresses> {
  const predicted = await factory.predictAddresses(deployer, salt, timelockDelay);
  return toAddresses(predicted);
}

/**
 * Creates a cooperative through `factory` in one transaction sent by `signer`, after checking
 * `params` like `deployCooperative` does. Fails before sending when `signer` already used `salt`.
 */
export async function deployCooperativeWithFactory(
  factory: CoopFactory,
  signer: Signer,
  salt: string,
  params: FactoryCooperativeParams,
): Promise<FactoryDeployment> {
  validateParams(params);
  const connected = factory.connect(signer);
  const deployer = await signer.getAddress();
  const prediction = await predictCooperative(connected, deployer, salt, params.settings.timelockDelay);
  if (await connected.isCooperative(prediction.membership)) {
    throw new Error(
      `Salt ${salt} was already used by ${deployer} with this factory, for the cooperative whose membership is at ` +
        `${prediction.membership}. Choose another salt.`,
    );
  }

  const sent = await connected.createCooperative(salt, toFactoryConfig(params));
  const receipt = await waitWithProgress("Cooperative creation", sent, reportOnStderr);
  if (receipt === null) throw new Error(`No receipt for the cooperative creation ${sent.hash}.`);
  const created = receipt.logs
    .map((log) => connected.interface.parseLog(log))
    .find((parsed) => parsed?.name === "CooperativeCreated");
  if (created == null) throw new Error(`Transaction ${sent.hash} emitted no CooperativeCreated event.`);
  const addresses = toAddresses(created.args.addresses as ICoopFactory.CooperativeAddressesStructOutput);

  return {
    cooperative: connectCooperative(signer, addresses),
    addresses,
    prediction,
    transactionHash: sent.hash,
    gasUsed: receipt.gasUsed,
  };
}

/**
 * Finds the cooperative that `factory` created and that `address` belongs to (its membership
 * register, governors, timelock, share capital, charter or fee router), by reading the factory's
 * CooperativeCreated events from block `fromBlock` on, `span` blocks per query. Returns undefined
 * when the factory created no cooperative with that address.
 */
export async function findCooperative(
  factory: CoopFactory,
  address: string,
  fromBlock: number,
  span = DEFAULT_BLOCK_RANGE,
): Promise<CooperativeAddresses | undefined> {
  const provider = factory.runner?.provider;
  if (provider == null) throw new Error("The factory is not connected to a provider.");
  const target = address.toLowerCase();
  const latest = await provider.getBlockNumber();
  for (let start = fromBlock; start <= latest; start += span) {
    const end = Math.min(latest, start + span - 1);
    for (const event of await factory.queryFilter(factory.filters.CooperativeCreated(), start, end)) {
      const addresses = toAddresses(event.args.addresses as ICoopFactory.CooperativeAddressesStructOutput);
      if (Object.values(addresses).some((part: string) => part.toLowerCase() === target)) return addresses;
    }
  }
  return undefined;
}

function toAddresses(struct: ICoopFactory.CooperativeAddressesStructOutput): CooperativeAddresses {
  return {
    membership: struct.membership,
    governor: struct.governor,
    timelock: struct.timelock,
    shares: struct.shares,
    charter: struct.charter,
    judgment: struct.judgment,
    feeRouter: struct.feeRouter,
  };
}
