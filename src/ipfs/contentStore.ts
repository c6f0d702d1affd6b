/** CID version of the content that a store adds. */
export type CidVersion = 0 | 1;

/** Options for adding content to a {@link ContentStore}. */
export interface AddOptions {
  /**
   * CID version of the result, 1 by default. Version 1 stores the file as `ipfs add
   * --cid-version=1` does in Kubo, and version 0 as Kubo's plain `ipfs add` does.
   */
  cidVersion?: CidVersion;
  /** Callback that receives the number of bytes read so far while `addFile` sends the file. */
  onRead?: (bytesRead: number) => void;
}

/**
 * Store of IPFS content addressed by CID, where the documents of proposals are kept.
 *
 * Every method that takes a CID accepts any text form that `parseCid` accepts: a CIDv0 (`Qm…`), a
 * CIDv1 in any multibase, or an `ipfs://` URI. Methods that return CIDs return their canonical text:
 * base58btc (`Qm…`) for a CIDv0 and lowercase base32 (`b…`) for a CIDv1.
 */
export interface ContentStore {
  /** Adds `bytes` as a UnixFS file and returns its CID. Adding does not pin. */
  add(bytes: Uint8Array, options?: AddOptions): Promise<string>;

  /** Adds the content of the file at `path` as a UnixFS file and returns its CID. Adding does not pin. */
  addFile(path: string, options?: AddOptions): Promise<string>;

  /**
   * Returns the content of the UnixFS file or raw block with this CID, and fails if any block is
   * missing or does not match its CID.
   */
  cat(cid: string): Promise<Uint8Array>;

  /** Pins a CID whose content is complete in the store. Pinning a pinned CID changes nothing. */
  pin(cid: string): Promise<void>;

  /** Removes the pin of a CID, and fails if the CID is not pinned. */
  unpin(cid: string): Promise<void>;

  /** Returns the pinned CIDs in canonical text. */
  listPins(): Promise<string[]>;

  /**
   * Returns a CARv1 file whose only root is `cid` and that contains every block of its DAG once, the
   * root first and then depth-first: the file that a pinning service takes to pin the content.
   * Every block is checked against its CID first. The file is built in memory.
   *
   * @throws Error naming the CID of a block that is missing or does not match its CID.
   */
  exportCar(cid: string): Promise<Uint8Array>;

  /**
   * Stores the blocks of a CAR file (version 1 or 2) and pins each of its roots, then returns the
   * roots in canonical text, in the order of the CAR header.
   *
   * Nothing is stored or pinned until every block has matched its CID and every block of each
   * root's DAG has been found in the file, so a rejected file leaves no pin. Blocks that no root
   * links to are not stored.
   *
   * @throws Error naming the CID of a block that does not match its CID or is missing, or when the
   * bytes are not a CAR file with at least one root.
   */
  importCar(bytes: Uint8Array): Promise<string[]>;
}

/**
 * Returns the CID version that `options` request, 1 when they name none.
 *
 * @throws Error when the version is neither 0 nor 1.
 */
export function cidVersionOf(options: AddOptions | undefined): CidVersion {
  const version = options?.cidVersion ?? 1;
  if (version !== 0 && version !== 1) {
    throw new Error(`Invalid cidVersion ${JSON.stringify(version)}: expected 0 or 1.`);
  }
  return version;
}
