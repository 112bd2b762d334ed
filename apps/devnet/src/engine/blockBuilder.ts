// Building OP blocks from payload attributes on a private `anvil --network optimism`: anvil
// executes (deposits mint and run, contracts run, state and receipts are real); the OP header is
// built here from the attributes and the execution results, and hashed with the protocol
// package, so two engines fed the same attributes produce the same block hashes.
import {
  type BlockHeader,
  bytesToHex,
  type ChainOpConfig,
  DEPOSIT_TX_TYPE,
  type DepositTx,
  decodeDepositTx,
  EMPTY_REQUESTS_HASH,
  EMPTY_ROOT_HASH,
  EMPTY_UNCLES_HASH,
  type ExecutionPayload,
  eip1559ParamsFromAttributes,
  encodeHoloceneExtraData,
  encodeJovianExtraData,
  type ForkSchedule,
  type Hash,
  type Hex,
  headerFromRpc,
  headerHash,
  hexToBytes,
  keccak256Hex,
  nextBaseFee,
  orderedTrieRoot,
  type PayloadAttributes,
  payloadFromHeader,
  SupernodeError,
} from "@supernode/protocol";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { L2_TO_L1_MESSAGE_PASSER } from "./genesis.ts";

/** What a build can fail with; op-geth answers such attributes INVALID (FCU −38003). */
export class BuildError extends SupernodeError<"BUILD_FAILED", { reason: string }> {
  override readonly name = "BuildError";

  constructor(reason: string) {
    super("BUILD_FAILED", `build: ${reason}`, { reason });
  }
}

export interface SealedBlock {
  readonly header: BlockHeader;
  readonly hash: Hash;
  readonly payload: ExecutionPayload;
  /** The anvil block that holds this block's state. */
  readonly anvilNumber: number;
}

export interface ChainRules {
  readonly forks: ForkSchedule;
  readonly chainOpConfig: ChainOpConfig;
}

interface AnvilBlock extends Record<string, unknown> {
  number: Hex;
  stateRoot: Hash;
  receiptsRoot: Hash;
  logsBloom: Hex;
  gasUsed: Hex;
  transactions: { hash: Hash }[];
}

function baseFeeRules(rules: ChainRules, parentTimestamp: number) {
  const { forks } = rules;
  if (forks.isJovian(parentTimestamp)) return "jovian" as const;
  if (forks.isHolocene(parentTimestamp)) return "holocene" as const;
  return forks.isCanyon(parentTimestamp) ? ("canyon" as const) : ("bedrock" as const);
}

/** The header's extraData: Holocene (v0) or Jovian (v1) encodings of the attributes' params. */
function extraDataFor(rules: ChainRules, timestamp: number, attributes: PayloadAttributes): Hex {
  if (!rules.forks.isHolocene(timestamp)) return "0x";
  const params = eip1559ParamsFromAttributes(
    attributes.eip1559Params ?? "0x0000000000000000",
    rules.chainOpConfig,
  );
  if (!rules.forks.isJovian(timestamp)) return encodeHoloceneExtraData(params);
  return encodeJovianExtraData({ ...params, minBaseFee: attributes.minBaseFee ?? 0n });
}

/**
 * The genesis block: anvil's block 0, with the extraData a Holocene (or Jovian) genesis carries
 * (the chain's Canyon EIP-1559 params) and the state root of its allocation, hashed by the
 * protocol package.
 */
export async function genesisBlock(anvil: AnvilProcess, rules: ChainRules): Promise<SealedBlock> {
  const block = await anvil.rpc<AnvilBlock>("eth_getBlockByNumber", ["0x0", false]);
  const fromAnvil = headerFromRpc(block);
  const timestamp = Number(fromAnvil.timestamp);
  const canyon = {
    denominator: rules.chainOpConfig.eip1559DenominatorCanyon,
    elasticity: rules.chainOpConfig.eip1559Elasticity,
  };
  const extraData = !rules.forks.isHolocene(timestamp)
    ? fromAnvil.extraData
    : rules.forks.isJovian(timestamp)
      ? encodeJovianExtraData({ ...canyon, minBaseFee: 0n })
      : encodeHoloceneExtraData(canyon);
  // anvil reports the empty root for an `--init` genesis; the real root is the hash of the root
  // node of any account proof at block 0.
  const proof = await anvil.rpc<{ accountProof: Hex[] }>("eth_getProof", [
    L2_TO_L1_MESSAGE_PASSER,
    [],
    "0x0",
  ]);
  const rootNode = proof.accountProof[0];
  const stateRoot = rootNode === undefined ? fromAnvil.stateRoot : keccak256Hex(hexToBytes(rootNode));
  const header = { ...fromAnvil, extraData, stateRoot };
  const hash = headerHash(header);
  const payload = payloadFromHeader(header, hash, [], rules.forks.isIsthmus(timestamp));
  return { header, hash, payload, anvilNumber: 0 };
}

/**
 * Executes `attributes` on top of `parent`, which must be anvil's current head, and seals the
 * block. The mined transaction list must equal the attributes' byte for byte (anvil drops invalid
 * transactions and holds nonce-gapped ones, where op-geth fails the build): otherwise anvil is
 * rolled back and a BuildError thrown.
 */
/** The deposit's fields, or null for anything else (a malformed deposit goes to anvil to refuse). */
function depositOf(tx: Uint8Array): DepositTx | null {
  if (tx[0] !== DEPOSIT_TX_TYPE) return null;
  try {
    return decodeDepositTx(tx);
  } catch {
    return null;
  }
}

/** How many deposits of the attributes each sender has. */
function depositsPerSender(transactions: readonly Uint8Array[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tx of transactions) {
    const sender = depositOf(tx)?.from.toLowerCase();
    if (sender !== undefined) counts.set(sender, (counts.get(sender) ?? 0) + 1);
  }
  return counts;
}

/**
 * Submits one of the attributes' transactions. anvil's pool gives every raw deposit the same
 * pool nonce, so a second raw deposit from one sender in a block (the proxy-admin calls of an
 * upgrade, an upgrade call from the L1-info depositor, two user deposits of one L1 account) is
 * refused as an underpriced replacement. Every deposit of a sender with several in the block
 * therefore goes in as an impersonated `eth_sendTransaction` of type 0x7e with the same fields
 * and consecutive pool nonces from the account's own; anvil executes and hashes it exactly as the
 * raw deposit (the pool nonce only orders the pool).
 */
async function submitForced(
  anvil: AnvilProcess,
  tx: Uint8Array,
  perSender: ReadonlyMap<string, number>,
  submitted: Map<string, number>,
): Promise<void> {
  const deposit = depositOf(tx);
  const sender = deposit?.from.toLowerCase() ?? "";
  if (!deposit || (perSender.get(sender) ?? 0) < 2) {
    await anvil.rpc("eth_sendRawTransaction", [bytesToHex(tx)]);
    return;
  }
  const earlier = submitted.get(sender) ?? 0;
  submitted.set(sender, earlier + 1);
  const quantity = (value: bigint | number) => `0x${value.toString(16)}`;
  const nonce = Number(await anvil.rpc<Hex>("eth_getTransactionCount", [deposit.from, "latest"])) + earlier;
  await anvil.rpc("anvil_impersonateAccount", [deposit.from]);
  try {
    await anvil.rpc("eth_sendTransaction", [
      {
        type: "0x7e",
        from: deposit.from,
        ...(deposit.to === null ? {} : { to: deposit.to }),
        value: quantity(deposit.value),
        gas: quantity(deposit.gas),
        input: bytesToHex(deposit.data),
        sourceHash: deposit.sourceHash,
        mint: quantity(deposit.mint),
        isSystemTx: deposit.isSystemTx,
        nonce: quantity(nonce),
      },
    ]);
  } finally {
    await anvil.rpc("anvil_stopImpersonatingAccount", [deposit.from]);
  }
}

export async function buildBlock(
  anvil: AnvilProcess,
  rules: ChainRules,
  parent: SealedBlock,
  attributes: PayloadAttributes,
  pool: readonly Hex[] = [],
): Promise<SealedBlock> {
  const timestamp = Number(attributes.timestamp);
  const parentTimestamp = Number(parent.header.timestamp);
  if (timestamp <= parentTimestamp)
    throw new BuildError(`timestamp ${timestamp} is not after the parent's ${parentTimestamp}`);
  const baseFee = nextBaseFee(
    {
      baseFee: parent.header.baseFeePerGas ?? 0n,
      gasUsed: parent.header.gasUsed,
      gasLimit: parent.header.gasLimit,
      extraData: parent.header.extraData,
      ...(parent.header.blobGasUsed === undefined ? {} : { blobGasUsed: parent.header.blobGasUsed }),
    },
    baseFeeRules(rules, parentTimestamp),
    rules.chainOpConfig,
  );
  const snapshot = await anvil.rpc<Hex>("evm_snapshot");
  try {
    await anvil.rpc("anvil_setNextBlockBaseFeePerGas", [`0x${baseFee.toString(16)}`]);
    await anvil.rpc("evm_setNextBlockTimestamp", [timestamp]);
    await anvil.rpc("anvil_setCoinbase", [attributes.suggestedFeeRecipient]);
    await anvil.rpc("evm_setBlockGasLimit", [`0x${attributes.gasLimit.toString(16)}`]);
    const perSender = depositsPerSender(attributes.transactions);
    const submitted = new Map<string, number>();
    for (const [i, tx] of attributes.transactions.entries()) {
      try {
        await submitForced(anvil, tx, perSender, submitted);
      } catch (error) {
        throw new BuildError(
          `transaction ${i} was refused: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    // The sequencer's pool after the forced transactions (noTxPool false): an invalid one is
    // left out, as op-geth's block building skips it.
    for (const tx of pool) await anvil.rpc("eth_sendRawTransaction", [tx]).catch(() => undefined);
    await anvil.rpc("evm_mine");
    // Nonce-gapped transactions wait in anvil's pool; none may leak into a later block.
    await anvil.rpc("anvil_dropAllTransactions");
    const block = await anvil.rpc<AnvilBlock>("eth_getBlockByNumber", ["latest", true]);
    const mined = block.transactions.map((tx) => (typeof tx === "string" ? tx : tx.hash));
    const wanted = attributes.transactions.map((tx) => keccak256Hex(tx));
    if (mined.length < wanted.length || wanted.some((hash, i) => hash !== mined[i])) {
      throw new BuildError(
        `anvil mined ${mined.length} of the ${wanted.length} transactions in order (mined ${mined.join(",")}; wanted ${wanted.join(",")})`,
      );
    }
    const byHash = new Map(pool.map((tx) => [keccak256Hex(hexToBytes(tx)), tx]));
    const fromPool = mined.slice(wanted.length).map((hash) => byHash.get(hash));
    if (fromPool.some((tx) => tx === undefined))
      throw new BuildError("anvil mined a transaction it was not given");
    const transactions = [...attributes.transactions.map(bytesToHex), ...(fromPool as Hex[])];
    if (BigInt(block.baseFeePerGas as Hex) !== baseFee) {
      throw new BuildError(
        `anvil executed with base fee ${BigInt(block.baseFeePerGas as Hex)}, not ${baseFee}`,
      );
    }
    const isthmus = rules.forks.isIsthmus(timestamp);
    const withdrawalsRoot = isthmus
      ? (await anvil.rpc<{ storageHash: Hash }>("eth_getProof", [L2_TO_L1_MESSAGE_PASSER, [], "latest"]))
          .storageHash
      : EMPTY_ROOT_HASH;
    const header: BlockHeader = {
      parentHash: parent.hash,
      sha3Uncles: EMPTY_UNCLES_HASH,
      miner: attributes.suggestedFeeRecipient,
      stateRoot: block.stateRoot,
      transactionsRoot: bytesToHex(orderedTrieRoot(transactions.map(hexToBytes))),
      receiptsRoot: block.receiptsRoot,
      logsBloom: block.logsBloom,
      difficulty: 0n,
      number: parent.header.number + 1n,
      gasLimit: attributes.gasLimit,
      gasUsed: BigInt(block.gasUsed),
      timestamp: attributes.timestamp,
      extraData: extraDataFor(rules, timestamp, attributes),
      mixHash: attributes.prevRandao,
      nonce: "0x0000000000000000",
      baseFeePerGas: baseFee,
      withdrawalsRoot,
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: attributes.parentBeaconBlockRoot ?? `0x${"00".repeat(32)}`,
      ...(isthmus ? { requestsHash: EMPTY_REQUESTS_HASH } : {}),
    };
    const hash = headerHash(header);
    const payload = payloadFromHeader(header, hash, transactions, isthmus);
    return { header, hash, payload, anvilNumber: Number(block.number) };
  } catch (error) {
    await anvil.rpc("evm_revert", [snapshot]);
    await anvil.rpc("anvil_dropAllTransactions");
    throw error;
  }
}
