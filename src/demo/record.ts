import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import type { CooperativeAddresses } from "../deploy/cooperative";

/** File name of the record that each demo run writes to its output folder. */
export const RECORD_FILE = "demo-record.json";

/** File name of the merit-profile chart of the supplier vote. */
export const CHART_FILE = "supplier-merit-profile.svg";

/**
 * Record of a demo run: the addresses and ids needed to check it on chain. Amounts are in the
 * token's smallest unit and ids are decimal strings, because JSON has no bigint.
 */
export interface DemoRecord {
  network: string;
  chainId: string;
  bakers?: CooperativeAddresses;
  fournil?: CooperativeAddresses;
  /** Address of the Test Euro token. */
  euro?: string;
  admission?: { applicant: string; proposalId: string; documentCid: string };
  subscriptions?: { member: string; shares: string }[];
  decision?: { proposalId: string; documentCid: string; relayedVoter: string; token: string };
  supplierChoice?: {
    proposalId: string;
    documentCid: string;
    winner: number;
    supplier: string;
    amount: string;
    balanceBefore: string;
    balanceAfter: string;
  };
  payments?: {
    payee: string;
    ether: { amount: string; serviceFee: string; dues: string; net: string };
    euro: { amount: string; serviceFee: string; dues: string; net: string };
  };
  personalData?: { member: string; cid: string };
  leaving?: { member: string; shares: string; refund: string };
  federation?: {
    addresses: CooperativeAddresses;
    relays: string[];
    proposalId: string;
    mirrorIds: string[];
  };
  chart?: string;
}

/** Writes `record` as JSON to the output folder and returns the file's path. */
export async function writeRecord(outputDirectory: string, record: DemoRecord): Promise<string> {
  await mkdir(outputDirectory, { recursive: true });
  const file = path.join(outputDirectory, RECORD_FILE);
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
